package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code stats}: pairs in the review queue by status and by environment, and every pair set with its
 * number of pairs (imported GenMO pairs are not in the review queue until curated).
 */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Count pairs by status and by environment.")
public final class StatsCommand extends BaseCommand {
  @Override
  public Integer call() {
    try (Services s = services()) {
      Map<String, Long> byStatus = new LinkedHashMap<>();
      s.pairs().countByStatus().forEach((status, n) -> byStatus.put(status.label(), n));
      Map<String, Long> byEnv = s.pairs().countByEnvironment();
      Map<String, Long> sets = s.pairs().countBySet();
      long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
      if (json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs", total);
        m.put("by_status", byStatus);
        m.put("by_environment", byEnv);
        m.put("sets", sets);
        printJson(m);
      } else {
        out().println("pairs: " + total);
        byStatus.forEach((k, v) -> out().printf("  %-14s %d%n", k, v));
        out().println("by environment:");
        byEnv.forEach((k, v) -> out().printf("  %-14s %d%n", k, v));
        out().println("pair sets (all pairs, reviewed or not):");
        sets.forEach((k, v) -> out().printf("  %-14s %d%n", k, v));
      }
    }
    return OK;
  }
}
