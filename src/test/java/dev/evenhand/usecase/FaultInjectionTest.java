package dev.evenhand.usecase;

import dev.evenhand.domain.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.domain.FaultKind;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.PipelineHarness;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fault kind of OLLAMA.md (1 to 10), streaming and not: the reply is read correctly, or the call is
 * stored as failed with its kind and raw text, and the batch goes on to its target.
 */
class FaultInjectionTest {
  @TempDir Path dir;
  private final ScriptedStoryModel model = new ScriptedStoryModel(0);
  private final String pairJson = model.storyPair(1000);
  private FakeOllama ollama;
  private PipelineHarness h;

  /** Faults for the next story-pair calls, in order; other calls go to the scripted model. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Reply> storyFaults = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final List<com.fasterxml.jackson.databind.JsonNode> storyRequests = new java.util.concurrent.CopyOnWriteArrayList<>();

  private PipelineHarness harness(boolean stream) {
    storyFaults.clear();
    storyRequests.clear();
    ollama = FakeOllama.start().onChat(call -> {
      if (call.format() != null && call.format().path("properties").has("male_story")) {
        storyRequests.add(call.body());
        Reply fault = storyFaults.poll();
        if (fault != null) return fault;
      }
      return model.handle(call);
    });
    h = new PipelineHarness(dir.resolve("db"), List.of(ollama.url()), stream, Duration.ofMillis(800), 1, Duration.ofSeconds(20));
    return h;
  }

  @AfterEach
  void close() {
    if (h != null) h.close();
    if (ollama != null) ollama.close();
  }

  private void onStory(Reply... faults) { storyFaults.addAll(List.of(faults)); }

  private GenerationService.Summary run(int pairs, int maxAttempts) throws InterruptedException {
    GenerationRun r = h.newRun(pairs, maxAttempts);
    return h.execute(r.id(), new AtomicBoolean());
  }

  private long failedCalls(FaultKind k) {
    return Long.parseLong(h.scalar("SELECT COUNT(*) FROM model_call WHERE outcome = 'failed' AND fault_kind = '" + k.label() + "'"));
  }

  private String rawOf(FaultKind k) {
    return h.scalar("SELECT raw_reply FROM model_call WHERE fault_kind = '" + k.label() + "' ORDER BY id LIMIT 1");
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void kinds1236AreReadCorrectly(boolean stream) throws Exception {
    harness(stream);
    onStory(Reply.fenced(pairJson), Reply.trailingText(model.storyPair(1001)), Reply.whitespaceRunaway(model.storyPair(1002)),
        Reply.reasoningLeak(model.storyPair(1003)), Reply.untaggedReasoning(model.storyPair(1004)), Reply.twoObjects(model.storyPair(1005)));
    GenerationService.Summary s = run(6, 6);
    assertThat(s.stored()).isEqualTo(6);
    assertThat(s.attempted()).isEqualTo(6);
    assertThat(s.failed()).isEmpty();
    assertThat(h.scalar("SELECT COUNT(*) FROM model_call WHERE outcome = 'failed'")).isEqualTo("0");
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void kind4TruncationGetsOneRetryWithTwiceTheBudgetThenFails(boolean stream) throws Exception {
    harness(stream);
    onStory(Reply.truncated(pairJson));
    GenerationService.Summary s = run(1, 3);
    assertThat(s.stored()).isEqualTo(1);
    assertThat(s.attempted()).isEqualTo(1);
    assertThat(failedCalls(FaultKind.TRUNCATED)).isEqualTo(1);
    assertThat(storyRequests.get(0).path("options").path("num_predict").asInt()).isEqualTo(1024);
    assertThat(storyRequests.get(1).path("options").path("num_predict").asInt()).isEqualTo(2048);
    assertThat(rawOf(FaultKind.TRUNCATED)).as("the raw reply is kept").contains("length").contains("Lu");

    close();
    dir = dir.resolve("again");
    harness(stream);
    onStory(Reply.truncated(pairJson), Reply.truncated(pairJson));
    s = run(1, 3);
    assertThat(s.stored()).as("the batch goes on after a failed attempt").isEqualTo(1);
    assertThat(s.attempted()).isEqualTo(2);
    assertThat(s.failed()).containsEntry("truncated", 2L);
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void kind5DoubledBraceFailsWithTheRawTextKept(boolean stream) throws Exception {
    harness(stream);
    onStory(Reply.doubledBrace(pairJson));
    GenerationService.Summary s = run(2, 4);
    assertThat(s.stored()).isEqualTo(2);
    assertThat(s.attempted()).isEqualTo(3);
    assertThat(s.failed()).containsEntry("invalid_json", 1L);
    assertThat(rawOf(FaultKind.INVALID_JSON)).contains("{{");
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void kind7ErrorMidReplyOrNoDoneDiscardsThePartialText(boolean stream) throws Exception {
    harness(stream);
    onStory(Reply.streamError(pairJson.substring(0, 40), "an error was encountered while running the model"),
        Reply.endsWithoutDone(pairJson.substring(0, 60)));
    GenerationService.Summary s = run(2, 4);
    assertThat(s.stored()).isEqualTo(2);
    assertThat(failedCalls(FaultKind.STREAM_ERROR)).isEqualTo(2);
    assertThat(s.attempted()).as("a broken stream is retried within its attempt; no pair is made of partial text").isEqualTo(2);
    assertThat(h.pairs.pairCount(1)).isEqualTo(2);
    // two workers take the two faults in either order: the error line must be kept with whichever call got it
    assertThat(h.scalar("SELECT COUNT(*) FROM model_call WHERE fault_kind = 'stream_error' AND raw_reply LIKE "
        + "'%an error was encountered while running the model%'")).isEqualTo("1");
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void kind8BusyAndRunnerCrashAreRetriedThenGivenUp(boolean stream) throws Exception {
    harness(stream);
    onStory(Reply.busy(), Reply.runnerCrash());
    GenerationService.Summary s = run(2, 4);
    assertThat(s.stored()).isEqualTo(2);
    assertThat(s.attempted()).as("retried within the same attempt").isEqualTo(2);
    assertThat(storyRequests).hasSize(4);
    assertThat(failedCalls(FaultKind.SERVER_BUSY)).isEqualTo(1);
    assertThat(failedCalls(FaultKind.SERVER_ERROR)).isEqualTo(1);

    close();
    dir = dir.resolve("again");
    harness(stream);
    onStory(Reply.runnerCrash(), Reply.runnerCrash(), Reply.runnerCrash());
    s = run(1, 3);
    assertThat(s.stored()).isEqualTo(1);
    assertThat(s.attempted()).as("three tries, then the attempt is given up and the next one made").isEqualTo(2);
    assertThat(s.failed()).containsEntry("server_error", 3L);
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void droppedConnectionsAndTimeoutsAreRetried(boolean stream) throws Exception {
    harness(stream);
    onStory(Reply.dropConnection(), Reply.delayed(Duration.ofSeconds(3), Reply.content(pairJson)));
    GenerationService.Summary s = run(2, 4);
    assertThat(s.stored()).isEqualTo(2);
    assertThat(failedCalls(FaultKind.DROPPED_CONNECTION)).isEqualTo(1);
    assertThat(failedCalls(FaultKind.TIMEOUT)).isEqualTo(1);
    assertThat(s.attempted()).isEqualTo(2);
  }

  @Test
  void aStreamThatStallsTimesOutCountedFromTheLastToken() throws Exception {
    harness(true);
    onStory(Reply.stall(pairJson, Duration.ofSeconds(3)));
    GenerationService.Summary s = run(1, 2);
    assertThat(s.stored()).isEqualTo(1);
    assertThat(failedCalls(FaultKind.TIMEOUT)).isEqualTo(1);
    assertThat(rawOf(FaultKind.TIMEOUT)).as("the partial stream is kept").contains("male");
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void kind9ModelNotFoundIsNotRetriedAndStopsTheBatchResumably(boolean stream) throws Exception {
    harness(stream);
    onStory(Reply.error(404, "model \"llama3.1:8b\" not found, try pulling it first"));
    GenerationRun r = h.newRun(2, 4);
    assertThatThrownBy(() -> h.execute(r.id(), new AtomicBoolean())).isInstanceOf(OllamaException.class)
        .hasMessageContaining("ollama pull llama3.1:8b");
    assertThat(failedCalls(FaultKind.MODEL_NOT_FOUND)).as("no retry for 404").isEqualTo(1);
    assertThat(h.runs.find(r.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    GenerationService.Summary s = h.execute(r.id(), new AtomicBoolean());
    assertThat(s.stored()).isEqualTo(2);
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void badRequestIsNotRetried(boolean stream) throws Exception {
    harness(stream);
    onStory(Reply.error(400, "invalid format: expected \"json\" or a JSON schema"));
    GenerationService.Summary s = run(1, 3);
    assertThat(s.stored()).isEqualTo(1);
    assertThat(failedCalls(FaultKind.BAD_REQUEST)).isEqualTo(1);
    assertThat(s.attempted()).isEqualTo(2);
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void kind10TheServerGoneMidBatchPausesAndResumesWithTheRightCountAndNoDuplicates(boolean stream) throws Exception {
    harness(stream);
    ollama.latency(Duration.ofMillis(30));
    GenerationRun r = h.newRun(6, 12);
    Thread stopper = new Thread(() -> {
      try {
        dev.evenhand.testing.ChildJvm.await("the fake answers 6 calls", 60, () -> ollama.chatCount() >= 6);
        ollama.stop();
        dev.evenhand.testing.ChildJvm.await("the batch pauses while the server is away", 60, () -> !h.pauses.isEmpty());
        ollama.restart();
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    });
    stopper.start();
    GenerationService.Summary s = h.execute(r.id(), new AtomicBoolean());
    stopper.join();
    assertThat(h.pauses).as("the batch paused while the server was away").isNotEmpty();
    assertThat(h.pauses.get(0)).contains("not reachable").contains(ollama.url());
    assertThat(s.stored()).isEqualTo(6);
    assertThat(h.pairs.completeCount(r.id())).isEqualTo(6);
    assertThat(h.scalar("SELECT COUNT(DISTINCT s.text) FROM story s JOIN story_pair p ON p.id = s.pair_id WHERE p.stage = 'complete' AND s.gender = 'male'"))
        .isEqualTo("6");
    assertThat(h.scalar("SELECT MAX(n) FROM (SELECT story_id, COUNT(*) n FROM judgment GROUP BY story_id)")).isEqualTo("1");
    assertThat(s.attempted()).as("a refused call is waited out, not counted as a failed attempt").isEqualTo(6);
  }
}
