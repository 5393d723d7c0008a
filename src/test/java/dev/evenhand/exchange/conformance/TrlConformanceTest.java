package dev.evenhand.exchange.conformance;

import static dev.evenhand.exchange.conformance.ConformanceFixture.BALANCED;
import static dev.evenhand.exchange.conformance.ConformanceFixture.MALE_OWN;
import static dev.evenhand.exchange.conformance.ConformanceFixture.lines;
import static dev.evenhand.exchange.conformance.ConformanceFixture.shape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.exchange.AxolotlConfig;
import dev.evenhand.exchange.ExportContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What TRL does with our {@code trl-*} records, reproduced in Java from huggingface/trl at commit {@value #TRL_COMMIT}:
 * <ul>
 *   <li>{@code trl/data_utils.py} {@code is_conversational} (lines 160-198): a record is conversational when the first of
 *       its prompt/chosen/rejected/completion/messages fields is a list whose first element is a dict with "role".</li>
 *   <li>{@code trl/trainer/dpo_trainer.py} {@code _prepare_dataset} (lines 980-1081): plain-text records get the EOS token
 *       appended to chosen and rejected, then TRL tokenizes {@code prompt} alone and the string {@code prompt + chosen}
 *       (plain concatenation, no separator added) and trains on the tokens past the prompt's count; conversational
 *       records are rendered with the chat template, the prompt with {@code add_generation_prompt=True}.</li>
 *   <li>{@code trl/trainer/sft_trainer.py}: {@code completion_only_loss} defaults to "the first record has prompt and
 *       completion" (lines 1171-1177); plain prompt/completion records get EOS on the completion (lines 1434-1451) and are
 *       tokenized as {@code prompt + completion} (lines 1483-1491); the prompt's tokens are masked by
 *       {@code completion_mask} (lines 1501-1504, 1541-1566); a {@code messages} record is language modelling: every token
 *       is trained unless {@code assistant_only_loss} (default False, {@code trl/trainer/sft_config.py} line 273) is set.</li>
 * </ul>
 * Token boundaries are checked with Llama 3's pre-tokenizer (the split pattern {@code pat_str} of {@code llama/tokenizer.py}
 * in meta-llama/llama3 at {@value #LLAMA3_TOKENIZER_COMMIT}; the paper fine-tunes Llama-3.1-8B-Instruct): BPE merges only
 * inside a piece, so when the prompt's pieces are not a prefix of the pieces of {@code prompt + answer} a token straddles
 * the boundary and TRL logs "Mismatch between tokenized prompt and the start of tokenized prompt+chosen".
 */
class TrlConformanceTest {
  /** The TRL commit these rules were read from. */
  static final String TRL_COMMIT = "f2cd57710ae345ea6428ae95363267fcf38a3dc8";
  /** The meta-llama/llama3 commit of the pre-tokenizer pattern. */
  static final String LLAMA3_TOKENIZER_COMMIT = "e8f0267c321c34fd88f313938f5ab09a96f1c0da";
  /** Llama 3's pre-tokenizer split pattern, in Java syntax (Unicode classes on). */
  static final Pattern LLAMA3_PIECES = Pattern.compile(
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);

  @TempDir Path dir;
  private ConformanceFixture fx;

  @BeforeEach
  void seed() { fx = new ConformanceFixture(dir, 3); }

  @AfterEach
  void close() { fx.close(); }

  /** @return the pre-tokenizer pieces of a text, in order */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = LLAMA3_PIECES.matcher(text);
    while (m.find()) out.add(m.group());
    return out;
  }

  /** data_utils.py is_conversational. */
  static boolean isConversational(JsonNode record) {
    for (String key : List.of("prompt", "chosen", "rejected", "completion", "messages")) {
      if (record.has(key)) {
        JsonNode v = record.get(key);
        return v.isArray() && v.size() > 0 && v.get(0).isObject() && v.get(0).has("role");
      }
    }
    return false;
  }

  /**
   * The string TRL tokenizes for a plain-text record is {@code prompt + answer} (then EOS); the tokens past the prompt's
   * count are trained. Checks that the prompt's pieces are a prefix of that string's pieces, and that the two texts do not
   * run together into one word.
   */
  private static void assertCleanBoundary(String prompt, String answer, String answerWithoutSeparator) {
    List<String> promptPieces = pieces(prompt);
    List<String> all = pieces(prompt + answer);
    assertThat(all.subList(0, Math.min(promptPieces.size(), all.size())))
        .as("no token straddles the prompt/answer boundary of %s", (prompt.substring(Math.max(0, prompt.length() - 12)) + answer).replace("\n", "\\n"))
        .isEqualTo(promptPieces);
    List<String> words = new ArrayList<>(List.of(prompt.strip().split("\\s+")));
    words.addAll(List.of(answerWithoutSeparator.strip().split("\\s+")));
    assertThat(List.of((prompt + answer).strip().split("\\s+"))).as("the last word of the prompt and the first of the answer stay two words")
        .isEqualTo(words);
  }

  @Test
  void trlDpoPlainTextKeepsPromptAndAnswerApartInTheStringTrlTokenizes() throws IOException {
    fx.run("trl-dpo", "dpo.jsonl", ConformanceFixture.paper(), OptionalDouble.empty());
    List<JsonNode> records = lines(dir.resolve("out/dpo.jsonl"));
    JsonNode first = records.get(0);
    assertThat(isConversational(first)).isFalse();
    assertThat(first.get("prompt").asText()).startsWith(ConformanceFixture.MALE_STORY);
    assertThat(first.get("chosen").asText().strip()).isEqualTo(BALANCED);
    assertThat(first.get("rejected").asText().strip()).isEqualTo(MALE_OWN);
    for (JsonNode r : records) {
      assertCleanBoundary(r.get("prompt").asText(), r.get("chosen").asText(), r.get("chosen").asText());
      assertCleanBoundary(r.get("prompt").asText(), r.get("rejected").asText(), r.get("rejected").asText());
    }
    assertOneShape(records);
  }

  @Test
  void theNewlineSeparatorEndsThePromptSoTheBoundaryStaysATokenBoundary() throws IOException {
    ExportContext p = ConformanceFixture.paper();
    fx.run("trl-dpo", "dpo-nl.jsonl", new ExportContext(p.prompts(), p.recipe(), p.swapper(),
        new ExportContext.TrainerOptions(ExportContext.AnswerSeparator.NEWLINE, AxolotlConfig.Type.AUTO)), OptionalDouble.empty());
    List<JsonNode> records = lines(dir.resolve("out/dpo-nl.jsonl"));
    assertThat(records.get(0).get("prompt").asText()).isEqualTo(ConformanceFixture.malePrompt() + "\n");
    assertThat(records.get(0).get("chosen").asText()).isEqualTo(BALANCED);
    for (JsonNode r : records) assertCleanBoundary(r.get("prompt").asText(), r.get("chosen").asText(), r.get("chosen").asText());
  }

  @Test
  void trlSftPlainTextMasksThePromptAndTrainsTheBalancedJudgmentAfterASeparator() throws IOException {
    fx.run("trl-sft", "sft.jsonl", ConformanceFixture.paper(), OptionalDouble.empty());
    List<JsonNode> records = lines(dir.resolve("out/sft.jsonl"));
    JsonNode first = records.get(0);
    assertThat(isConversational(first)).isFalse();
    assertThat(first.has("prompt") && first.has("completion")).as("completion_only_loss defaults to true for prompt/completion").isTrue();
    assertThat(first.get("completion").asText().strip()).isEqualTo(BALANCED);
    for (JsonNode r : records) assertCleanBoundary(r.get("prompt").asText(), r.get("completion").asText(), r.get("completion").asText());
    assertOneShape(records);
  }

  @Test
  void trlSftChatTrainsOnlyTheAssistantsBalancedJudgmentNotTheStory() throws IOException {
    fx.run("trl-sft-chat", "sft-chat.jsonl", ConformanceFixture.paper(), OptionalDouble.empty());
    List<JsonNode> records = lines(dir.resolve("out/sft-chat.jsonl"));
    JsonNode first = records.get(0);
    assertThat(isConversational(first)).isTrue();
    // sft_trainer.py: completion_only_loss = "prompt" in sample and "completion" in sample; assistant_only_loss is off by default
    boolean completionOnly = first.has("prompt") && first.has("completion");
    List<JsonNode> trained = new ArrayList<>();
    if (first.has("prompt")) {
      if (!completionOnly) first.get("prompt").forEach(trained::add);
      first.get("completion").forEach(trained::add);
    } else {
      first.get("messages").forEach(trained::add); // language modelling: every token of every message
    }
    assertThat(trained).as("messages in the loss").hasSize(1);
    assertThat(trained.get(0).get("role").asText()).isEqualTo("assistant");
    assertThat(trained.get(0).get("content").asText()).isEqualTo(BALANCED);
    assertThat(trained.toString()).as("the gendered story is never trained on").doesNotContain("Tom said");
    JsonNode prompt = first.get("prompt");
    assertThat(prompt.get(prompt.size() - 1).get("role").asText()).as("the prompt ends with the user's turn (add_generation_prompt)").isEqualTo("user");
    assertThat(prompt.get(prompt.size() - 1).get("content").asText()).isEqualTo(ConformanceFixture.malePrompt());
    assertOneShape(records);
  }

  @Test
  void trlDpoChatPutsTheAnswersInTheAssistantTurnAfterTheUsersPrompt() throws IOException {
    fx.run("trl-dpo-chat", "dpo-chat.jsonl", ConformanceFixture.paper(), OptionalDouble.empty());
    List<JsonNode> records = lines(dir.resolve("out/dpo-chat.jsonl"));
    JsonNode first = records.get(0);
    assertThat(isConversational(first)).isTrue();
    JsonNode prompt = first.get("prompt");
    assertThat(prompt.get(prompt.size() - 1).get("role").asText()).isEqualTo("user");
    assertThat(prompt.get(prompt.size() - 1).get("content").asText()).isEqualTo(ConformanceFixture.malePrompt());
    // dpo_trainer.py: prompt + chosen is rendered, the tokens past the rendered prompt are trained: the chosen list only
    for (String side : List.of("chosen", "rejected")) {
      assertThat(first.get(side)).hasSize(1);
      assertThat(first.get(side).get(0).get("role").asText()).isEqualTo("assistant");
    }
    assertThat(first.get("chosen").get(0).get("content").asText()).isEqualTo(BALANCED);
    assertThat(first.get("rejected").get(0).get("content").asText()).isEqualTo(MALE_OWN);
    assertOneShape(records);
  }

  @Test
  void theBoundaryCheckCatchesAnAnswerGluedToThePrompt() {
    // the layout of the exports before issue 13: "…Explain why." + "The main…" is pre-tokenized as "why", ".The"
    assertThat(pieces("Explain why.The main")).containsSequence(".The");
    assertThat(pieces("Explain why.")).endsWith(" why", ".");
    assertThat(pieces("Explain why. The main")).containsSequence(".", " The");
    assertThat(pieces("Explain why.\nThe main")).as("a newline leading the answer joins the full stop").containsSequence(".\n", "The");
  }

  @Test
  void theShapeCheckTellsRecordsWithOtherFieldsOrTypesApart() throws IOException {
    var json = ConformanceFixture.JSON;
    String base = shape(json.readTree("{\"prompt\": \"a\", \"completion\": \"b\"}"));
    assertThat(shape(json.readTree("{\"completion\": \"y\", \"prompt\": \"x\"}"))).as("key order does not matter to the cast").isEqualTo(base);
    assertThat(shape(json.readTree("{\"prompt\": \"a\", \"completion\": \"b\", \"id\": 1}"))).isNotEqualTo(base);
    assertThat(shape(json.readTree("{\"prompt\": [{\"role\": \"user\", \"content\": \"a\"}], \"completion\": \"b\"}"))).isNotEqualTo(base);
  }

  static void assertOneShape(List<JsonNode> records) {
    String first = shape(records.get(0));
    for (JsonNode r : records) assertThat(shape(r)).as("every line has the first line's fields and types").isEqualTo(first);
  }
}
