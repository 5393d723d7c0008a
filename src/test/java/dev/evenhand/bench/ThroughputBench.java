package dev.evenhand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.usecase.GenerationService;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.PipelineHarness;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput benchmark (issue 3): a fake Ollama with a fixed latency per call and S slots, S = 1, 2, 4,
 * 40 pairs each. Prints efficiency = ideal time (calls × latency / S) / wall time, the share of slot time the
 * server spent on calls (its own overhead included: what efficiency cannot exceed however busy the client keeps
 * it), and the paper's order (one call at a time) on the same server for comparison. {@code -Dbench.ahead=N} sets
 * the requests queued ahead of each host's slots (default one per slot; 0 is the client before issue 15), and
 * {@code -Dbench.paced=false} makes the fake write each reply after its latency instead of during it.
 * It prints figures and fails on no time; the only assertions are that each run stored its 40 pairs.
 * Run: {@code mvn -B -Pbench verify -Dtest=ThroughputBench}.
 */
class ThroughputBench {
  private static final Duration LATENCY = Duration.ofMillis(Long.getLong("bench.latencyMs", 200));
  private static final int PAIRS = Integer.getInteger("bench.pairs", 40);

  /** Requests queued ahead of each host's slots; -1 (the default) is Evenhand's own, one per slot. */
  private static final int AHEAD = Integer.getInteger("bench.ahead", -1);
  /** The fake writes a streamed reply's chunks during its latency, as a model does ({@link FakeOllama#paceStream}). */
  private static final boolean PACED = Boolean.parseBoolean(System.getProperty("bench.paced", "true"));
  @TempDir Path dir;

  /**
   * @param calls       chat calls the server answered
   * @param wallSeconds wall time of the run
   * @param busySeconds time the server's slots were held, summed over calls (its own overhead included)
   */
  private record Result(int calls, double wallSeconds, double busySeconds) {}

  private Result run(int serverSlots, int clientSlots, int ahead, String name) throws Exception {
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel(0)).latency(LATENCY).slots(serverSlots).paceStream(PACED);
         PipelineHarness h = new PipelineHarness(dir.resolve(name), List.of(ollama.url()), Boolean.parseBoolean(System.getProperty("bench.stream", "true")), Duration.ofSeconds(30), clientSlots,
             ahead < 0 ? clientSlots : ahead, Duration.ofSeconds(30))) {
      GenerationRun r = h.newRun(PAIRS, PAIRS * 2);
      long t0 = System.nanoTime();
      GenerationService.Summary s = h.execute(r.id(), new AtomicBoolean());
      double wall = (System.nanoTime() - t0) / 1e9;
      assertThat(s.stored()).isEqualTo(PAIRS);
      return new Result(ollama.chatCount(), wall, ollama.slotBusyNanos() / 1e9);
    }
  }

  @Test
  void throughputAtOneTwoAndFourSlots() throws Exception {
    System.out.printf("%nThroughput: fake Ollama, %d ms per call (%s), %d pairs per run (4 calls a pair), queued ahead per host: %s%n",
        LATENCY.toMillis(), PACED ? "reply streamed during it" : "reply written after it", PAIRS, AHEAD < 0 ? "one per slot" : AHEAD);
    System.out.printf("%-28s %6s %10s %10s %11s %11s%n", "run", "calls", "ideal s", "wall s", "efficiency", "slots busy");
    run(1, 1, AHEAD, "warmup");
    for (int s : new int[] {1, 2, 4}) {
      Result r = run(s, s, AHEAD, "s" + s);
      print("Evenhand, S = " + s, r, s, "");
      if (s == 4) {
        Result paper = run(4, 1, 0, "paper");
        print("paper's order on S = 4", paper, 4, String.format("   (Evenhand at S = 4 is %.2fx faster)", paper.wallSeconds() / r.wallSeconds()));
      }
    }
  }

  /** Prints a row; slots busy = the time the server's slots were held / (S × wall time): the rest is idle slots. */
  private static void print(String name, Result r, int slots, String tail) {
    double ideal = r.calls() * LATENCY.toMillis() / 1000.0 / slots;
    System.out.printf("%-28s %6d %10.2f %10.2f %11.3f %11.3f%s%n", name, r.calls(), ideal, r.wallSeconds(), ideal / r.wallSeconds(),
        r.busySeconds() / slots / r.wallSeconds(), tail);
  }
}
