package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Work spread over several Ollama hosts by free slots; a host that fails is set aside and the batch goes on. */
class SeveralHostsTest {
  @TempDir Path dir;

  @Test
  void workIsSpreadOverTwoHostsAndADeadHostIsSetAside() throws Exception {
    ScriptedStoryModel model = new ScriptedStoryModel(0);
    try (FakeOllama a = FakeOllama.start().onChat(model).latency(Duration.ofMillis(20)).slots(2);
         FakeOllama b = FakeOllama.start().onChat(model).latency(Duration.ofMillis(20)).slots(2);
         PipelineHarness h = new PipelineHarness(dir.resolve("db"), List.of(a.url(), b.url()), true, Duration.ofSeconds(5), 2,
             Duration.ofSeconds(10))) {
      GenerationRun r = h.newRun(8, 16);
      Thread killer = new Thread(() -> {
        try {
          dev.evenhand.testing.ChildJvm.await("host b answers 6 calls", 60, () -> b.chatCount() >= 6);
          b.stop();
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      });
      killer.start();
      GenerationService.Summary s = h.execute(r.id(), new AtomicBoolean());
      killer.join();
      assertThat(s.stored()).isEqualTo(8);
      assertThat(a.chatCount()).isGreaterThan(6);
      assertThat(b.chatCount()).as("the second host took work until it died").isGreaterThanOrEqualTo(6);
      assertThat(a.maxConcurrentSeen()).isLessThanOrEqualTo(2);
      assertThat(h.pauses).as("one live host: the batch never paused").isEmpty();
      assertThat(h.scalar("SELECT COUNT(DISTINCT host_url) FROM model_call WHERE outcome = 'ok'")).isEqualTo("2");
    }
  }
}
