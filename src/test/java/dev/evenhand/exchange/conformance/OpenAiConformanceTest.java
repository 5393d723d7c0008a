package dev.evenhand.exchange.conformance;

import static dev.evenhand.exchange.conformance.ConformanceFixture.BALANCED;
import static dev.evenhand.exchange.conformance.ConformanceFixture.MALE_OWN;
import static dev.evenhand.exchange.conformance.ConformanceFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI's preference fine-tuning file, checked against OpenAI's guides (read {@value #READ_ON}): the direct preference
 * optimization guide ({@value #DPO_GUIDE}: each JSONL line holds {@code input.messages}, {@code preferred_output} and
 * {@code non_preferred_output}; "we only train on one-turn conversations for each example, where the preferred and
 * non-preferred messages need to be the last assistant message") and the supervised fine-tuning guide
 * ({@value #SFT_GUIDE}: "the minimum number of examples you can provide for fine-tuning is 10").
 */
class OpenAiConformanceTest {
  static final String DPO_GUIDE = "https://developers.openai.com/api/docs/guides/direct-preference-optimization";
  static final String SFT_GUIDE = "https://developers.openai.com/docs/guides/supervised-fine-tuning";
  static final String READ_ON = "2026-12-03";

  @TempDir Path dir;
  private ConformanceFixture fx;

  @BeforeEach
  void seed() { fx = new ConformanceFixture(dir, 3); }

  @AfterEach
  void close() { fx.close(); }

  @Test
  void eachLineIsOneUserTurnWithOnePreferredAndOneNonPreferredAssistantMessage() throws IOException {
    fx.run("openai-dpo", "openai.jsonl", ConformanceFixture.paper(), OptionalDouble.empty());
    List<JsonNode> records = lines(dir.resolve("out/openai.jsonl"));
    for (JsonNode r : records) {
      List<String> keys = new ArrayList<>();
      r.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactlyInAnyOrder("input", "preferred_output", "non_preferred_output");
      JsonNode messages = r.get("input").get("messages");
      assertThat(messages.size()).isPositive();
      for (JsonNode m : messages) assertThat(Set.of("system", "user", "assistant")).contains(m.get("role").asText());
      assertThat(messages.get(messages.size() - 1).get("role").asText()).as("one-turn: the input ends with the user's message").isEqualTo("user");
      for (String side : List.of("preferred_output", "non_preferred_output")) {
        assertThat(r.get(side)).as(side).hasSize(1);
        assertThat(r.get(side).get(0).get("role").asText()).isEqualTo("assistant");
        assertThat(r.get(side).get(0).get("content").isTextual()).isTrue();
      }
    }
    JsonNode first = records.get(0);
    assertThat(first.get("input").get("messages").get(0).get("content").asText()).isEqualTo(ConformanceFixture.malePrompt());
    assertThat(first.get("preferred_output").get(0).get("content").asText()).isEqualTo(BALANCED);
    assertThat(first.get("non_preferred_output").get(0).get("content").asText()).isEqualTo(MALE_OWN);
    TrlConformanceTest.assertOneShape(records);
  }

  @Test
  void theFormatKnowsOpenAisMinimumOfTenExamplesPerFile() {
    assertThat(fx.export.format("openai-dpo").minimumExamples()).as(SFT_GUIDE).hasValue(10);
  }
}
