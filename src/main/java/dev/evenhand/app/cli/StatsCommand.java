package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.usecase.StatsUseCase;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code stats}: pairs in the review queue by status and by environment, and every pair set with its
 * number of pairs (imported GenMO pairs are not in the review queue until curated); {@link StatsUseCase}.
 */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Count pairs by status and by environment.")
public final class StatsCommand extends BaseCommand {
  @Override
  public Integer call() {
    try (Services s = services()) {
      StatsUseCase.Stats st = s.stats().stats();
      Map<String, Long> byStatus = new LinkedHashMap<>();
      st.byStatus().forEach((status, n) -> byStatus.put(status.label(), n));
      if (json()) {
        printJson(fields("pairs", st.pairs(), "by_status", byStatus, "by_environment", st.byEnvironment(), "sets", st.sets(),
            "set_origins", s.stats().origins(), "awaiting_judgments", st.awaitingJudgments()));
      } else {
        // the review queue (generated and curated pairs); imported sets such as GenMO are counted under pair sets below
        out().println("pairs in the review queue: " + st.pairs());
        counts(byStatus);
        if (!st.byEnvironment().isEmpty()) {
          out().println("review queue by environment:");
          counts(st.byEnvironment());
        }
        if (st.awaitingJudgments() > 0) {
          out().println("imported pairs without judgments (in no review queue; `evenhand generate --from-set SET --model TAG` judges them): "
              + st.awaitingJudgments());
        }
        if (st.sets().isEmpty()) {
          out().println("no pair sets yet (`evenhand import genmo FILE` or `evenhand generate --model TAG` makes one)");
        } else {
          out().println("pair sets (their pairs, reviewed or not; not the attempts a generation run dropped):");
          counts(st.sets());
        }
        Map<String, String> origins = s.stats().origins();
        if (!origins.isEmpty()) out().println("imported from:");
        origins.forEach((set, from) -> out().printf("  %-14s %s%n", set, printable(from)));
      }
    }
    return OK;
  }

  private void counts(Map<String, Long> counts) { counts.forEach((k, v) -> out().printf("  %-14s %d%n", k, v)); }
}
