package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code stats}: pairs in the review queue by status and by environment. */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Count pairs by status and by environment.")
public final class StatsCommand extends BaseCommand {
  @Override
  public Integer call() {
    try (Services s = services()) {
      Map<String, Long> byStatus = s.pairs().countByStatus();
      Map<String, Long> byEnv = s.pairs().countByEnvironment();
      long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
      if (json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs", total);
        m.put("by_status", byStatus);
        m.put("by_environment", byEnv);
        printJson(m);
      } else {
        out().println("pairs: " + total);
        byStatus.forEach((k, v) -> out().printf("  %-14s %d%n", k, v));
        out().println("by environment:");
        byEnv.forEach((k, v) -> out().printf("  %-14s %d%n", k, v));
      }
    }
    return OK;
  }
}
