package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.store.Database;
import dev.evenhand.store.DatabaseCopy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code db}: the database itself; {@code db copy --to LOCATION} copies it whole ({@link dev.evenhand.usecase.DatabaseCopyUseCase}). */
@Command(name = "db", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "The database itself.", subcommands = {DbCommand.Copy.class})
public final class DbCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(err());
    return BAD_INPUT;
  }

  /** {@code db copy --to LOCATION}: every row of --db into a new, empty database, in one transaction, checked by counts and SHA-256. */
  @Command(name = "copy", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Copy the database (--db) into a new, empty one: an H2 path or postgresql://HOST[:PORT]/NAME, in one transaction,"
          + " checked by each table's row count and SHA-256.")
  public static final class Copy extends BaseCommand {
    @Option(names = "--to", required = true, paramLabel = "LOCATION", description = "the target: an H2 path or postgresql://HOST[:PORT]/NAME (the database must exist and be empty)")
    Path to;

    @Override
    public Integer call() {
      try (Services s = services()) {
        List<DatabaseCopy.Table> tables = s.databaseCopy().copyTo(to, new Database.Opening("evenhand db copy", line -> err().println(line),
            java.time.Duration.ofSeconds(60)));
        long rows = tables.stream().mapToLong(DatabaseCopy.Table::rows).sum();
        if (json()) {
          List<Object> t = new ArrayList<>();
          for (DatabaseCopy.Table x : tables) t.add(fields("table", x.table(), "rows", x.rows(), "sha256", x.sha256()));
          printJson(fields("to", to.toString(), "rows", rows, "tables", t));
        } else {
          for (DatabaseCopy.Table x : tables) out().printf("  %-20s %9d  %s%n", x.table(), x.rows(), x.sha256());
          out().println("copied " + rows + " rows in " + tables.size() + " tables; counts and checksums match");
        }
      }
      return OK;
    }
  }
}
