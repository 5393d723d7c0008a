package dev.evenhand.exchange.conformance;

import static dev.evenhand.exchange.conformance.ConformanceFixture.BALANCED;
import static dev.evenhand.exchange.conformance.ConformanceFixture.JSON;
import static dev.evenhand.exchange.conformance.ConformanceFixture.MALE_OWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What LLaMA-Factory does with our {@code llama-factory} (DPO) and {@code llama-factory-sft} exports and the
 * {@code dataset_info.json} entries beside them, reproduced from hiyouga/LLaMA-Factory at commit {@value #LLAMA_FACTORY_COMMIT}:
 * <ul>
 *   <li>{@code src/llamafactory/data/parser.py} {@code DatasetAttr.join} (lines 70-89): {@code formatting} defaults to
 *       alpaca and {@code ranking} to false; when an entry has {@code columns}, every column it does not name becomes
 *       None (so {@code response} must be named for SFT); {@code file_name} is read from the dataset folder.</li>
 *   <li>{@code src/llamafactory/data/loader.py} {@code _get_merged_dataset} (lines 177-179): stage {@code rm} (which DPO
 *       uses, {@code train/dpo/workflow.py} line 45) needs {@code ranking: true}; every other stage, SFT included, refuses
 *       it; file types come from {@code extras/constants.py} FILEEXT2TYPE.</li>
 *   <li>{@code src/llamafactory/data/converter.py} {@code AlpacaDatasetConverter} (lines 85-131): the user turn is the
 *       prompt column and the query column, each only when non-empty, joined by a newline; a ranking entry with string
 *       chosen/rejected gives two responses, else a string response column gives one.</li>
 *   <li>{@code src/llamafactory/data/processor/supervised.py} (line 113, labels at line 88) keeps an example with an odd number of prompt
 *       turns and exactly one response and masks the prompt from the loss; {@code processor/pairwise.py} (lines 74-79)
 *       needs at least two responses.</li>
 * </ul>
 */
class LlamaFactoryConformanceTest {
  /** The LLaMA-Factory commit these rules were read from. */
  static final String LLAMA_FACTORY_COMMIT = "ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30";
  private static final List<String> COLUMNS = List.of("prompt", "query", "response", "history", "messages", "system", "tools", "images",
      "videos", "audios", "chosen", "rejected", "kto_tag");
  private static final List<String> FILE_TYPES = List.of("arrow", "csv", "json", "jsonl", "parquet", "txt");

  @TempDir Path dir;
  private ConformanceFixture fx;

  @BeforeEach
  void seed() { fx = new ConformanceFixture(dir, 3); }

  @AfterEach
  void close() { fx.close(); }

  /** parser.py DatasetAttr after join: the attributes an entry resolves to. */
  private static Map<String, Object> attr(JsonNode entry) {
    Map<String, Object> a = new HashMap<>();
    a.put("file_name", entry.get("file_name").asText());
    a.put("formatting", entry.has("formatting") ? entry.get("formatting").asText() : "alpaca");
    a.put("ranking", entry.has("ranking") && entry.get("ranking").asBoolean());
    Map<String, String> defaults = Map.of("prompt", "instruction", "query", "input", "response", "output", "messages", "conversations");
    for (String c : COLUMNS) {
      String v = entry.has("columns") ? (entry.get("columns").has(c) ? entry.get("columns").get(c).asText() : null) : defaults.get(c);
      a.put(c, v);
    }
    return a;
  }

  /** converter.py AlpacaDatasetConverter: the prompt turns and the responses of one row. */
  private static List<List<String>> convert(Map<String, Object> a, JsonNode row) {
    List<String> query = new ArrayList<>();
    for (String c : List.of("prompt", "query")) {
      String col = (String) a.get(c);
      if (col != null && row.has(col) && !row.get(col).asText().isEmpty()) query.add(row.get(col).asText());
    }
    List<String> prompt = List.of(String.join("\n", query));
    List<String> response = new ArrayList<>();
    String chosen = (String) a.get("chosen"), rejected = (String) a.get("rejected"), resp = (String) a.get("response");
    if ((Boolean) a.get("ranking") && chosen != null && rejected != null && row.path(chosen).isTextual() && row.path(rejected).isTextual()) {
      response.add(row.get(chosen).asText());
      response.add(row.get(rejected).asText());
    } else if (resp != null && row.path(resp).isTextual()) {
      response.add(row.get(resp).asText());
    }
    return List.of(prompt, response);
  }

  /** loader.py: the stage check. */
  private static void checkStage(Map<String, Object> a, String stage) {
    boolean ranking = (Boolean) a.get("ranking");
    if ((stage.equals("rm") && !ranking) || (!stage.equals("rm") && ranking)) {
      throw new IllegalStateException("The dataset is not applicable in the current training stage.");
    }
  }

  private JsonNode info() throws IOException { return JSON.readTree(dir.resolve("out/dataset_info.json").toFile()); }

  private JsonNode rows(Map<String, Object> a) throws IOException {
    Path file = dir.resolve("out").resolve((String) a.get("file_name"));
    assertThat(Files.isRegularFile(file)).isTrue();
    String name = file.getFileName().toString();
    assertThat(FILE_TYPES).contains(name.substring(name.lastIndexOf('.') + 1));
    return JSON.readTree(file.toFile());
  }

  @Test
  void theDpoEntryIsARankingDatasetForStageRmWithTwoResponsesPerRow() throws IOException {
    fx.run("llama-factory", "dpo.json", ConformanceFixture.paper(), OptionalDouble.empty());
    Map<String, Object> a = attr(info().get("dpo"));
    checkStage(a, "rm");
    assertThatThrownBy(() -> checkStage(a, "sft")).hasMessageContaining("not applicable");
    JsonNode rows = rows(a);
    List<List<String>> first = convert(a, rows.get(0));
    assertThat(first.get(0)).as("the user turn is the training prompt, no stray newline from the empty input")
        .containsExactly(ConformanceFixture.malePrompt());
    assertThat(first.get(1)).containsExactly(BALANCED, MALE_OWN);
    for (JsonNode r : rows) assertThat(convert(a, r).get(1)).as("pairwise.py needs two responses").hasSize(2);
    TrlConformanceTest.assertOneShape(list(rows));
  }

  @Test
  void theSftExportIsAcceptedForStageSftAndTrainsTheBalancedJudgmentOnly() throws IOException {
    fx.run("llama-factory", "dpo.json", ConformanceFixture.paper(), OptionalDouble.empty());
    fx.run("llama-factory-sft", "sft.json", ConformanceFixture.paper(), OptionalDouble.empty());
    JsonNode info = info();
    assertThat(info.has("dpo")).as("the DPO entry is kept beside the SFT one").isTrue();
    Map<String, Object> a = attr(info.get("sft"));
    checkStage(a, "sft");
    JsonNode rows = rows(a);
    assertThat(rows.size()).isEqualTo(8);
    List<List<String>> first = convert(a, rows.get(0));
    assertThat(first.get(0)).containsExactly(ConformanceFixture.malePrompt());
    assertThat(first.get(1)).as("supervised.py: exactly one response, the trained part").containsExactly(BALANCED);
    for (JsonNode r : rows) assertThat(convert(a, r).get(1)).hasSize(1);
    TrlConformanceTest.assertOneShape(list(rows));
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
