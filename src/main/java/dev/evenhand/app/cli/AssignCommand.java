package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.store.AssignmentRepository;
import dev.evenhand.usecase.AssignmentUseCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code assign SET --reviewers a,b,c --overlap k}: splits a set's pairs among named reviewers, each pair to k of
 * them, balanced and deterministic ({@link AssignmentUseCase}); {@link Assignments} shows who has done what.
 */
@Command(name = "assign", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Split a set's pairs among reviewers, each pair to k of them (replaces the set's earlier assignment).")
public final class AssignCommand extends BaseCommand {
  @Parameters(paramLabel = "SET", description = "the pair set") String set;

  @Option(names = "--reviewers", paramLabel = "NAME[,NAME...]", split = ",", required = true, description = "the reviewers' names")
  List<String> reviewers;

  @Option(names = "--overlap", paramLabel = "K", defaultValue = "1", description = "reviewers per pair, 1 to the number of reviewers (default ${DEFAULT-VALUE})")
  int overlap;

  @Override
  public Integer call() {
    try (Services s = services()) {
      AssignmentUseCase.Assigned a = s.assignments().assign(set, reviewers, overlap);
      if (json()) printJson(fields("set", a.set(), "pairs", a.pairs(), "overlap", a.overlap(), "reviewers", a.perReviewer()));
      else {
        out().printf("assigned %d pairs of set %s, each to %d of %d reviewers:%n", a.pairs(), printable(a.set()), a.overlap(), a.perReviewer().size());
        for (Map.Entry<String, Integer> e : a.perReviewer().entrySet()) out().printf("  %-20s %d%n", printable(e.getKey()), e.getValue());
        long waiting = a.pairs() == 0 ? s.reviews().awaitingCuration(set) : 0;
        if (waiting > 0) {
          err().println("evenhand: the set's " + waiting + " pair" + (waiting == 1 ? " was" : "s were") + " imported without judgments and "
              + (waiting == 1 ? "is" : "are") + " in no review queue yet: " + printable(s.reviews().judgeCommand(set))
              + " judges them; assign after that");
        }
      }
    }
    return OK;
  }

  /** {@code assignments SET}: each assigned reviewer's progress on the set. */
  @Command(name = "assignments", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Show who has done what on a set's assignment: assigned, decided and left per reviewer.")
  public static final class Assignments extends BaseCommand {
    @Parameters(paramLabel = "SET", description = "the pair set") String set;

    @Override
    public Integer call() {
      try (Services s = services()) {
        List<AssignmentRepository.Progress> rows = s.assignments().progress(set);
        if (json()) {
          List<Map<String, Object>> arr = new ArrayList<>();
          for (var p : rows) arr.add(fields("reviewer", p.reviewer(), "assigned", p.assigned(), "decided", p.decided(), "left", p.left()));
          printJson(arr);
        } else {
          if (rows.isEmpty()) err().println("set " + printable(set) + " has no assignment (evenhand assign " + printable(set) + " --reviewers ...)");
          else out().printf("%-20s %9s %9s %9s%n", "reviewer", "assigned", "decided", "left");
          for (var p : rows) out().printf("%-20s %9d %9d %9d%n", printable(p.reviewer()), p.assigned(), p.decided(), p.left());
        }
      }
      return OK;
    }
  }
}
