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
 * 40 pairs each. Prints efficiency = ideal time (calls × latency / S) / wall time, and the paper's order
 * (one call at a time) on the same server for comparison. It prints figures and fails on no time; the
 * only assertions are that each run stored its 40 pairs. Run: {@code mvn -B -Pbench verify -Dtest=ThroughputBench}.
 */
class ThroughputBench {
  private static final Duration LATENCY = Duration.ofMillis(Long.getLong("bench.latencyMs", 200));
  private static final int PAIRS = Integer.getInteger("bench.pairs", 40);
  @TempDir Path dir;

  private record Result(int calls, double wallSeconds) {}

  private Result run(int serverSlots, int clientSlots, String name) throws Exception {
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel(0)).latency(LATENCY).slots(serverSlots);
         PipelineHarness h = new PipelineHarness(dir.resolve(name), List.of(ollama.url()), Boolean.parseBoolean(System.getProperty("bench.stream", "true")), Duration.ofSeconds(30), clientSlots,
             Duration.ofSeconds(30))) {
      GenerationRun r = h.newRun(PAIRS, PAIRS * 2);
      long t0 = System.nanoTime();
      GenerationService.Summary s = h.execute(r.id(), new AtomicBoolean());
      double wall = (System.nanoTime() - t0) / 1e9;
      assertThat(s.stored()).isEqualTo(PAIRS);
      return new Result(ollama.chatCount(), wall);
    }
  }

  @Test
  void throughputAtOneTwoAndFourSlots() throws Exception {
    System.out.printf("%nThroughput: fake Ollama, %d ms per call, %d pairs per run (4 calls a pair)%n", LATENCY.toMillis(), PAIRS);
    System.out.printf("%-28s %6s %10s %10s %11s%n", "run", "calls", "ideal s", "wall s", "efficiency");
    run(1, 1, "warmup");
    for (int s : new int[] {1, 2, 4}) {
      Result r = run(s, s, "s" + s);
      double ideal = r.calls() * LATENCY.toMillis() / 1000.0 / s;
      System.out.printf("%-28s %6d %10.2f %10.2f %11.3f%n", "Evenhand, S = " + s, r.calls(), ideal, r.wallSeconds(), ideal / r.wallSeconds());
      if (s == 4) {
        Result paper = run(4, 1, "paper");
        double idealPaper = paper.calls() * LATENCY.toMillis() / 1000.0 / 4;
        System.out.printf("%-28s %6d %10.2f %10.2f %11.3f   (Evenhand at S = 4 is %.2fx faster)%n",
            "paper's order on S = 4", paper.calls(), idealPaper, paper.wallSeconds(), idealPaper / paper.wallSeconds(),
            paper.wallSeconds() / r.wallSeconds());
      }
    }
  }
}
