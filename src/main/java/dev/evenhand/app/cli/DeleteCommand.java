package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.domain.DeleteTarget;
import dev.evenhand.usecase.DeleteUseCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code delete run ID | audit ID | set NAME [--include-accepted] --yes}: removes data, keeping accepted pairs by default. */
@Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Delete a generation run, an audit run or a pair set. Accepted pairs and their reviews are kept unless --include-accepted.")
public final class DeleteCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "WHAT", converter = OptionTypes.Target.class, description = "run, audit or set") DeleteTarget target;
  @Parameters(index = "1", paramLabel = "ID|NAME", description = "the run or audit id, or the set name") String which;
  @Option(names = "--include-accepted", description = "also delete pairs a reviewer accepted") boolean includeAccepted;
  @Option(names = "--yes", description = "confirm: nothing is deleted without it") boolean yes;

  @Override
  public Integer call() {
    try (Services s = services()) {
      DeleteUseCase deletes = s.deletes();
      deletes.check(target, which);
      if (!yes) throw new InvalidInputException(DeleteUseCase.warning(target, which) + ": add --yes to confirm");
      DeleteUseCase.Deleted d = deletes.delete(target, which, includeAccepted);
      if (json()) {
        printJson(target.hasPairs() ? fields("pairs_deleted", d.pairsDeleted(), "accepted_pairs_kept", d.acceptedKept(),
            "dropped_attempts_deleted", d.attemptsDeleted()) : fields());
      } else {
        out().println(d.line());
      }
    }
    return OK;
  }
}
