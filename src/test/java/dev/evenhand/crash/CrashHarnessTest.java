package dev.evenhand.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash campaign that runs in {@code mvn verify}: two SIGKILLs per command at random moments
 * (seed printed; {@code -Dcrash.seed=N} replays one, {@code -Dcrash.kills=K} changes the count), then
 * the natural recovery; every invariant of {@link CrashHarness} must hold. The long campaign is
 * {@code CrashBench} (README, Tests).
 */
class CrashHarnessTest {
  @TempDir Path root;

  @Test
  void killsAtRandomMomentsLoseNothingDuplicateNothingAndLeaveNothingHalfWritten() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    int kills = Integer.getInteger("crash.kills", 2);
    CrashHarness h = new CrashHarness(root, seed, kills);
    Map<String, CrashHarness.Tally> tallies = h.runAll();
    System.out.print(h.report());
    assertThat(tallies).hasSize(9);
    tallies.forEach((command, t) -> {
      assertThat(t.kills()).as(command).isEqualTo(kills);
      assertThat(t.findings()).as(command + " (replay with -Dcrash.seed=" + seed + ")").isEmpty();
    });
  }
}
