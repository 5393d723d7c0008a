package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.PairQuery;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: writes curated pairs as training data (FORMATS.md), atomically, with a manifest. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Export reviewed pairs as training data (default: accepted pairs).")
public final class ExportCommand extends BaseCommand {
  @Option(names = "--format", paramLabel = "ID", required = true, description = "export format, e.g. trl-dpo")
  String format;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "the data file to write")
  Path outFile;

  @Option(names = "--status", paramLabel = "STATUS", defaultValue = "accepted", description = "pending, accepted, rejected or all (default ${DEFAULT-VALUE})")
  String status;

  @Option(names = "--divergent", description = "only divergent pairs")
  boolean divergent;

  @Override
  public Integer call() throws Exception {
    PairQuery q = PairQuery.ALL.withDivergentOnly(divergent);
    if (!status.equalsIgnoreCase("all")) {
      try {
        q = q.withStatus(ReviewStatus.parse(status));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("--status: " + e.getMessage() + " or all");
      }
    }
    if (outFile.toString().isBlank()) throw new InvalidInputException("--out: the file name is empty");
    if (java.nio.file.Files.isDirectory(outFile)) throw new InvalidInputException("--out: " + outFile + " is a folder; give a file name");
    Path manifestPath = outFile.resolveSibling(outFile.getFileName() + ".manifest.json");
    if (java.nio.file.Files.isDirectory(manifestPath)) throw new InvalidInputException("--out: the manifest " + manifestPath + " would replace a folder");
    String name = outFile.getFileName().toString();
    if (name.endsWith(".mv.db") || name.endsWith(".trace.db") || name.endsWith(".lock.db"))
      throw new InvalidInputException("--out: " + outFile + " looks like an H2 database file; Evenhand will not write over it");
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("status", status.toLowerCase(java.util.Locale.ROOT));
    filters.put("divergent_only", divergent);
    try (Services s = services()) {
      if (!s.export().formatIds().contains(format))
        throw new InvalidInputException("--format: unknown format '" + format + "' (known: " + String.join(", ", s.export().formatIds()) + ")");
      if (outFile.toAbsolutePath().normalize().startsWith(s.database().path().toAbsolutePath().normalize() + "."))
        throw new InvalidInputException("--out: " + outFile + " is the open database; choose another file");
      ExportService.Result r;
      try {
        r = s.export().export(format, outFile, q, filters, s.trainingPrompts(), n -> { }, () -> false);
      } catch (java.nio.file.AccessDeniedException e) {
        throw new InvalidInputException("cannot write " + outFile + ": permission denied (nothing was written)");
      } catch (java.io.IOException e) {
        throw new InvalidInputException("cannot write " + outFile + ": " + e + " (nothing was written; any earlier file there is unchanged)");
      }
      if (json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file().toString());
        m.put("manifest", r.manifest().toString());
        m.put("records", r.records());
        m.put("pairs", r.pairs());
        m.put("sha256", r.sha256());
        printJson(m);
      } else {
        out().println("wrote " + r.records() + " records (" + r.pairs() + " pairs) to " + r.file());
        out().println("manifest: " + r.manifest());
      }
      if (r.pairs() == 0) err().println("no pair matched: is anything " + status + "? (see `evenhand stats`)");
    }
    return OK;
  }
}
