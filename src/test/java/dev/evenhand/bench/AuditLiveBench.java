package dev.evenhand.bench;

import dev.evenhand.exchange.ImportService;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.testing.ViewModelHarness;
import dev.evenhand.ui.audit.AuditViewModel;
import dev.evenhand.usecase.AuditUseCase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What live audit figures cost: a full GenMO audit (908 pairs x 2 models, fake Ollama with no latency, one
 * request in flight) through the Audit screen's view model on a thread pool as in the app, which re-reads
 * the figures beside the audit after every answer, against the same audit through the use case alone; and the time of one figures read on the finished run.
 * Prints figures, never fails on a time. Run: {@code mvn -B -o -q test -Dtest=AuditLiveBench}.
 */
@Genmo.RealGenmo
class AuditLiveBench {
  @TempDir Path home;

  @Test
  void liveFiguresOverhead() throws Exception {
    // plain, live, plain again: the first audit also pays the JVM's warm-up
    double plain = audit(false);
    double live = audit(true);
    double again = audit(false);
    System.out.printf("AuditLiveBench: full GenMO audit, 2 models, 3632 answers: use case alone %.1f s, view model with live figures %.1f s, "
        + "use case alone again %.1f s%n", plain, live, again);
  }

  private double audit(boolean viaViewModel) throws Exception {
    try (ViewModelHarness h = new ViewModelHarness(Files.tempDir(home), FakeOllama.start().models("llama3.1:8b", "mistral:7b")
        .onChat(new ScriptedStoryModel()))) {
      h.services.imports().importFile(ImportService.Source.GENMO, Genmo.path(), "genmo", false, n -> { }, () -> false);
      long t0 = System.nanoTime();
      if (viaViewModel) {
        // as in the app: blocking work on a thread pool (the live reads beside the audit's worker)
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        try {
          AuditViewModel vm = new dev.evenhand.app.UiWiring(h.services, new dev.evenhand.ui.TaskExecutor(pool, Runnable::run)).audit();
          vm.models().set("llama3.1:8b, mistral:7b");
          vm.set().set("genmo");
          vm.start();
          org.awaitility.Awaitility.await("the audit completes").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
              .until(() -> !vm.running().get() && "Audit complete.".equals(vm.status().get()));
        } finally {
          pool.shutdownNow();
        }
      } else {
        h.services.audits().start(new AuditUseCase.Request("genmo", List.of("llama3.1:8b", "mistral:7b"), null), 1, Duration.ofMinutes(1),
            (done, total) -> { }, new AtomicBoolean());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      AuditUseCase audits = h.services.audits();
      var run = audits.runs().get(0);
      long[] ms = new long[15];
      for (int i = 0; i < ms.length; i++) {
        long s = System.nanoTime();
        audits.figures(run);
        ms[i] = (System.nanoTime() - s) / 1_000_000;
      }
      Arrays.sort(ms);
      System.out.printf("AuditLiveBench: figures of a finished 908-pair, 2-model run: median %d ms (min %d, max %d) over %d reads%n",
          ms[ms.length / 2], ms[0], ms[ms.length - 1], ms.length);
      return seconds;
    }
  }

  /** Fresh folders per audit. */
  private static final class Files {
    static Path tempDir(Path home) throws java.io.IOException { return java.nio.file.Files.createTempDirectory(home, "bench"); }
  }
}
