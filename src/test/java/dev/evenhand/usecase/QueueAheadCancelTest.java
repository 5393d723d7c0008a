package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.PipelineHarness;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, point 7: a request queued ahead of a host's slots waits in the server's queue; a cancel
 * withdraws it at once (while the call that runs is left to finish), stores nothing of it, and the run
 * resumes to its target with no attempt stored twice.
 */
class QueueAheadCancelTest {
  @TempDir Path dir;

  @Test
  void aCancelWithdrawsTheQueuedRequestAndStoresNothingOfIt() throws Exception {
    ExecutorService session = Executors.newSingleThreadExecutor();
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel(0)).slots(1).holdAfter(0);
         PipelineHarness h = new PipelineHarness(dir.resolve("db"), List.of(ollama.url()), true, Duration.ofSeconds(30), 1,
             Duration.ofSeconds(30))) {
      GenerationRun run = h.newRun(2, 10);
      GenerationService.Target target = h.target();
      AtomicBoolean cancel = new AtomicBoolean();
      Future<GenerationService.Summary> first = session.submit(() -> h.generation.execute(run.id(), target, new GenerationService.Listener() {
        @Override public void event(String message) { h.events.add(message); }
      }, cancel));

      await("one story call running (held) and one queued ahead in the server").atMost(Duration.ofSeconds(30))
          .until(() -> ollama.inFlight() == 1 && ollama.waitingForSlot() == 1);
      assertThat(target.hosts().inFlight(ollama.url())).as("the client's requests in flight on the host").isEqualTo(2);

      cancel.set(true);
      await("the queued request withdrawn while the running call is still held").atMost(Duration.ofSeconds(10))
          .until(() -> target.hosts().inFlight(ollama.url()) == 1);
      assertThat(ollama.inFlight()).as("the running call is left to finish").isEqualTo(1);
      ollama.release();
      GenerationService.Summary s = first.get(60, TimeUnit.SECONDS);
      target.hosts().close();

      assertThat(s.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(ollama.chatCount()).as("both story requests reached the server").isEqualTo(2);
      assertThat(h.scalar("SELECT COUNT(*) FROM model_call WHERE run_id = " + run.id()))
          .as("only the call that ran is stored; the withdrawn one left no call").isEqualTo("1");
      assertThat(h.scalar("SELECT COUNT(*) FROM story_pair WHERE run_id = " + run.id()))
          .as("the withdrawn attempt left no pair").isEqualTo("1");
      assertThat(h.scalar("SELECT stage FROM story_pair WHERE run_id = " + run.id()))
          .as("the pair that ran waits for its judgments (resumable)").isEqualTo("judging");
      assertThat(h.scalar("SELECT COUNT(*) FROM judgment")).isEqualTo("0");

      GenerationService.Summary resumed = h.execute(run.id(), new AtomicBoolean());
      assertThat(resumed.stored()).isEqualTo(2);
      assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(h.scalar("SELECT COUNT(*) FROM model_call WHERE run_id = " + run.id()))
          .as("every call the server got is stored except the withdrawn one").isEqualTo(String.valueOf(ollama.chatCount() - 1));
      assertThat(h.scalar("SELECT COUNT(*) FROM (SELECT attempt_no FROM story_pair WHERE run_id = " + run.id()
          + " GROUP BY attempt_no HAVING COUNT(*) > 1)")).as("no attempt stored twice").isEqualTo("0");
      assertThat(h.scalar("SELECT COUNT(*) FROM story_pair p WHERE p.run_id = " + run.id() + " AND p.stage = 'complete' AND ("
          + "(SELECT COUNT(*) FROM judgment j JOIN story s ON s.id = j.story_id WHERE s.pair_id = p.id) <> 2 OR "
          + "(SELECT COUNT(*) FROM balanced_judgment b WHERE b.pair_id = p.id) <> 2)"))
          .as("every complete pair has its two judgments and its balanced judgment").isEqualTo("0");
      assertThat(ollama.errors()).isEmpty();
    } finally {
      session.shutdownNow();
    }
  }
}
