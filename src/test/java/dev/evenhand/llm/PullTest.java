package dev.evenhand.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.testing.FakeOllama;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Pull progress and cancel against the fake's NDJSON pull stream. */
class PullTest {
  @Test
  void aPullReportsEveryLineWithGrowingBytesAndEndsWithSuccess() {
    try (FakeOllama ollama = FakeOllama.start().pullSteps(6, Duration.ofMillis(5))) {
      List<OllamaAdmin.PullProgress> seen = new CopyOnWriteArrayList<>();
      boolean ok = new OllamaAdmin(ollama.url()).pull("mistral:7b", seen::add, () -> false);
      assertThat(ok).isTrue();
      assertThat(seen.get(0).status()).isEqualTo("pulling manifest");
      List<OllamaAdmin.PullProgress> layer = seen.stream().filter(p -> p.total() > 0).toList();
      assertThat(layer).hasSizeGreaterThanOrEqualTo(6);
      assertThat(layer.get(0).completed()).as("completed can be missing at first").isZero();
      assertThat(layer.get(0).fraction()).isZero();
      for (int i = 1; i < layer.size(); i++) assertThat(layer.get(i).completed()).isGreaterThanOrEqualTo(layer.get(i - 1).completed());
      assertThat(layer.get(layer.size() - 1).fraction()).isEqualTo(1.0);
      assertThat(seen.get(seen.size() - 1).status()).isEqualTo("success");
      assertThat(new OllamaAdmin(ollama.url()).tags()).anyMatch(m -> m.answersTo("mistral:7b"));
    }
  }

  @Test
  void cancellingStopsThePullBeforeSuccess() {
    try (FakeOllama ollama = FakeOllama.start().pullSteps(50, Duration.ofMillis(20))) {
      List<OllamaAdmin.PullProgress> seen = new CopyOnWriteArrayList<>();
      boolean ok = new OllamaAdmin(ollama.url()).pull("mistral:7b", seen::add, () -> seen.size() >= 4);
      assertThat(ok).isFalse();
      assertThat(seen).hasSizeLessThan(10).noneMatch(p -> p.status().equals("success"));
    }
  }

  @Test
  void anUnknownTagFailsWithOllamasMessage() {
    try (FakeOllama ollama = FakeOllama.start().pullFails("nope:1b")) {
      assertThatThrownBy(() -> new OllamaAdmin(ollama.url()).pull("nope:1b", p -> { }, () -> false))
          .isInstanceOf(OllamaException.class).hasMessageContaining("nope:1b").hasMessageContaining("file does not exist");
    }
  }
}
