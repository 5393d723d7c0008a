package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.DeleteRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code delete run ID | audit ID | set NAME [--include-accepted] --yes}: removes data, keeping accepted pairs by default. */
@Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Delete a generation run, an audit run or a pair set. Accepted pairs and their reviews are kept unless --include-accepted.")
public final class DeleteCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "WHAT", description = "run, audit or set") String what;
  @Parameters(index = "1", paramLabel = "ID|NAME", description = "the run or audit id, or the set name") String which;
  @Option(names = "--include-accepted", description = "also delete pairs a reviewer accepted") boolean includeAccepted;
  @Option(names = "--yes", description = "confirm: nothing is deleted without it") boolean yes;

  @Override
  public Integer call() {
    if (!java.util.List.of("run", "audit", "set").contains(what)) throw new InvalidInputException("delete: WHAT is run, audit or set (got '" + what + "')");
    try (Services s = services()) {
      DeleteRepository d = new DeleteRepository(s.database());
      String missing = d.missing(what, what.equals("set") ? which : id());
      if (missing != null) throw new InvalidInputException(missing);
      if (!yes) {
        throw new InvalidInputException("delete " + what + " " + which + " removes it for good"
            + (what.equals("audit") ? "" : ", with its pairs (accepted ones kept unless --include-accepted)")
            + (what.equals("set") ? " and the audits of the set when no pair is left" : "") + ": add --yes to confirm");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      switch (what) {
        case "run" -> {
          DeleteRepository.Deleted r = d.deleteRun(id(), !includeAccepted);
          m.put("pairs_deleted", r.pairsDeleted());
          m.put("accepted_pairs_kept", r.pairsKept());
        }
        case "audit" -> d.deleteAudit(id());
        case "set" -> {
          DeleteRepository.Deleted r = d.deleteSet(which, !includeAccepted);
          m.put("pairs_deleted", r.pairsDeleted());
          m.put("accepted_pairs_kept", r.pairsKept());
        }
        default -> throw new InvalidInputException("delete: WHAT is run, audit or set (got '" + what + "')");
      }
      if (json()) printJson(m);
      else out().println("deleted " + what + " " + which + (m.isEmpty() ? "" : ": " + m.get("pairs_deleted") + " pairs deleted, "
          + m.get("accepted_pairs_kept") + " accepted pairs kept"));
    }
    return OK;
  }

  private long id() {
    try {
      return Long.parseLong(which);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("delete " + what + ": not an id: '" + which + "'");
    }
  }
}
