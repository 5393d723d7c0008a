package dev.evenhand.bench;

import dev.evenhand.crash.CrashHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The long crash campaign: {@code crash.kills} SIGKILLs (default 20) per command at random moments,
 * seeded by {@code crash.seed} (default: the clock, printed), with the totals per command printed.
 * {@code crash.only} (comma-separated names of {@link CrashHarness#SCENARIOS}) runs only those scenarios.
 * It reports and never fails; the short campaign in {@code mvn verify} is {@code CrashHarnessTest}.
 *
 * <pre>mvn -B -Pbench verify -Dtest=CrashBench -Dcrash.kills=20 -Dcrash.seed=1
 * mvn -B -Pbench verify -Dtest=CrashBench -Dcrash.kills=40 -Dcrash.only=audit</pre>
 */
class CrashBench {
  @Test
  void campaign() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Path root = Files.createTempDirectory("evenhand-crash");
    CrashHarness h = new CrashHarness(root, seed, Integer.getInteger("crash.kills", 20));
    long t0 = System.nanoTime();
    String only = System.getProperty("crash.only", "");
    if (only.isBlank()) h.runAll();
    else h.runAll(java.util.Set.of(only.split(",")));
    System.out.print(h.report());
    System.out.printf("campaign wall time %.1f s; files kept in %s%n", (System.nanoTime() - t0) / 1e9, root);
  }
}
