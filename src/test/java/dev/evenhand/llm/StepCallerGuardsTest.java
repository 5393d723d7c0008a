package dev.evenhand.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.FaultKind;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.ModelCall;
import dev.evenhand.domain.ModelRef;
import dev.evenhand.domain.Story;
import dev.evenhand.usecase.CurationSteps;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, kind 10: a reply whose answer is only in {@code message.thinking} is reported as that, not as
 * "no JSON"; a prompt that does not fit num_ctx is never sent as it is (Ollama would cut it silently):
 * num_ctx is raised for the call up to the model's context length and recorded, or the call is refused.
 */
class StepCallerGuardsTest {
  private final FakeOllama ollama = FakeOllama.start();
  private final List<ModelCall> stored = new CopyOnWriteArrayList<>();
  private final CallSink sink = c -> {
    stored.add(c);
    return stored.size();
  };
  private final ModelProfile profile = ModelProfile.forTag(new Resources(null), "default"); // num_ctx 4096 for every step

  @AfterEach
  void close() { ollama.close(); }

  private HostPool pool(int contextLength) {
    return new HostPool(List.of(new HostPool.Host(ollama.url(), new ModelRef("llama3.1:8b", "d", "0.12.6"), contextLength)), 1,
        Duration.ofMillis(100), Duration.ofSeconds(2), u -> true);
  }

  private StepCaller.Outcome<Judgment> judge(boolean stream, int contextLength, String story) throws InterruptedException {
    CurationSteps steps = new CurationSteps(new StepCaller(new OllamaChat(Duration.ofSeconds(10)), new RetryPolicy(3, Duration.ofMillis(10), 2), stream));
    try (HostPool p = pool(contextLength)) {
      return steps.judge(p, profile, new Story(Gender.MALE, "Tom", story), sink, () -> false);
    }
  }

  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void anAnswerOnlyInTheThinkingFieldIsReportedAsSuch(boolean stream) throws Exception {
    ollama.enqueue(Reply.content("").thinking("The story is about honesty. {\"stance\": \"Moral\", \"explanation\": \"kind\"}"));
    StepCaller.Outcome<Judgment> o = judge(stream, 131072, "Tom returned the wallet he found.");
    assertThat(o.ok()).isFalse();
    assertThat(o.fault()).isEqualTo(FaultKind.THINKING_ONLY);
    assertThat(o.error()).contains("only in its reasoning (the thinking field)").contains("num_predict").doesNotContain("no JSON");
    assertThat(ollama.chatCount()).as("not a transient fault: no retry").isEqualTo(1);
    assertThat(stored).singleElement().satisfies(c -> assertThat(c.fault()).isEqualTo(FaultKind.THINKING_ONLY));
  }

  @Test
  void aPromptLongerThanNumCtxIsSentWithARaisedNumCtxThatIsRecorded() throws Exception {
    ollama.enqueue(Reply.content("{\"stance\": \"Moral\", \"explanation\": \"He was kind.\"}"));
    String story = "Tom walked to the station and helped an old man with his bags. ".repeat(150); // ~9,600 bytes
    StepCaller.Outcome<Judgment> o = judge(false, 131072, story);
    assertThat(o.ok()).isTrue();
    assertThat(ollama.lastChatRequest().path("options").path("num_ctx").asInt()).as("num_ctx sent").isEqualTo(8192);
    assertThat(stored).singleElement().satisfies(c -> assertThat(c.options()).containsEntry("num_ctx", 8192));
    assertThat(o.note()).contains("more than num_ctx 4096").contains("sent with num_ctx 8192");
  }

  @Test
  void aPromptThatFitsIsSentWithTheProfilesNumCtx() throws Exception {
    ollama.enqueue(Reply.content("{\"stance\": \"Moral\", \"explanation\": \"He was kind.\"}"));
    StepCaller.Outcome<Judgment> o = judge(false, 131072, "Tom returned the wallet he found.");
    assertThat(o.ok()).isTrue();
    assertThat(o.note()).isNull();
    assertThat(ollama.lastChatRequest().path("options").path("num_ctx").asInt()).isEqualTo(4096);
  }

  @ParameterizedTest(name = "context length {0}")
  @ValueSource(ints = {4096, 0})
  void aPromptLongerThanTheModelsContextIsNotSent(int contextLength) throws Exception {
    String story = "Tom walked to the station and helped an old man with his bags. ".repeat(150);
    StepCaller.Outcome<Judgment> o = judge(true, contextLength, story);
    assertThat(o.ok()).isFalse();
    assertThat(o.fault()).isEqualTo(FaultKind.PROMPT_TOO_LONG);
    assertThat(o.error()).contains("judgment prompt needs up to about").contains("not sent");
    assertThat(ollama.chatCount()).as("nothing reaches Ollama").isZero();
    assertThat(stored).singleElement().satisfies(c -> {
      assertThat(c.fault()).isEqualTo(FaultKind.PROMPT_TOO_LONG);
      assertThat(c.exchange().requestBody()).isNotEmpty();
    });
  }

  @Test
  void theEstimateIsHalfTheUtf8BytesRoundedUp() {
    assertThat(ContextBudget.estimateTokens("abc")).isEqualTo(2);
    assertThat(ContextBudget.estimateTokens("李娜")).isEqualTo(3);
    assertThat(ContextBudget.estimateTokens(null)).isZero();
  }
}
