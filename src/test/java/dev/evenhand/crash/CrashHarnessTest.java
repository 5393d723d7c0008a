package dev.evenhand.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash campaign that runs in {@code mvn verify}: two SIGKILLs per command at random moments
 * (seed printed first; {@code -Dcrash.seed=N} replays one, {@code -Dcrash.kills=K} changes the count,
 * {@code -Dcrash.only=generate-messy-4,audit} runs only those of {@link CrashHarness#SCENARIOS}), then
 * the natural recovery; every invariant of {@link CrashHarness} must hold. The long campaign is
 * {@code CrashBench} (README, Tests).
 */
class CrashHarnessTest {
  @TempDir Path root;

  @Test
  void killsAtRandomMomentsLoseNothingDuplicateNothingAndLeaveNothingHalfWritten() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    int kills = Integer.getInteger("crash.kills", 2);
    String only = System.getProperty("crash.only", "");
    Set<String> scenarios = only.isBlank() ? Set.copyOf(CrashHarness.SCENARIOS) : Set.of(only.split(","));
    // first, so a scenario that throws (or a JVM that dies) never loses the seed that replays it
    System.out.println("crash harness seed " + seed + " (replay with -Dcrash.seed=" + seed + "), " + kills + " kills per command"
        + (only.isBlank() ? "" : ", only " + only));
    System.out.flush();
    CrashHarness h = new CrashHarness(root, seed, kills);
    Map<String, CrashHarness.Tally> tallies = h.runAll(scenarios);
    System.out.print(h.report());
    assertThat(tallies).as("scenarios run (seed " + seed + ")").hasSize(scenarios.size() + (scenarios.contains("export") && !scenarios.contains("review") ? 1 : 0));
    tallies.forEach((command, t) -> {
      assertThat(t.kills()).as(command + " (seed " + seed + ")").isEqualTo(kills);
      assertThat(t.findings()).as(command + " (replay with -Dcrash.seed=" + seed + ")").isEmpty();
    });
  }
}
