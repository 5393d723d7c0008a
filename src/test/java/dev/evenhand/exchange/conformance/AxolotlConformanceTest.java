package dev.evenhand.exchange.conformance;

import static dev.evenhand.exchange.conformance.ConformanceFixture.JSON;
import static dev.evenhand.exchange.conformance.ConformanceFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.exchange.ExportService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What Axolotl does with an {@code axolotl-dpo} export and the config snippet its manifest prints, reproduced from
 * axolotl-ai-cloud/axolotl at commit {@value #AXOLOTL_COMMIT}:
 * <ul>
 *   <li>{@code src/axolotl/utils/data/rl.py} {@code _load_split} (line 306): the train split reads {@code datasets:}, the
 *       evaluation split {@code test_datasets:}; a file listed under {@code datasets:} is trained on.</li>
 *   <li>{@code src/axolotl/utils/data/shared.py} {@code load_dataset_with_config} / {@code _load_from_local_path} (lines
 *       155-212, 284-320): a {@code path} that exists on disk (relative to where Axolotl runs) is loaded with
 *       {@code load_dataset("json", data_files=path, split=...)}; a single file exposes only the split {@code train}, so
 *       {@code split} must be absent or {@code train}.</li>
 *   <li>{@code src/axolotl/utils/schemas/datasets.py} {@code DPODataset} (lines 260-270): the keys of a DPO dataset entry.</li>
 *   <li>{@code src/axolotl/prompt_strategies/dpo/chatml.py} and {@code llama3.py} {@code prompt_pairs} (lines 113-128): read
 *       {@code prompt}, {@code chosen}, {@code rejected} and wrap them in the family's chat tokens;
 *       {@code chat_template.py} {@code default} (lines 9-121) reads {@code field_messages} (a string is taken as one user
 *       message) and renders it with the tokenizer's own chat template, with the settings of {@code cfg["datasets"][i]}.</li>
 * </ul>
 */
class AxolotlConformanceTest {
  /** The Axolotl commit these rules were read from. */
  static final String AXOLOTL_COMMIT = "067b021c8b87a9e5e380b9173c704cf7340e30f5";
  /** DPODataset's fields (schemas/datasets.py). */
  static final Set<String> DPO_DATASET_KEYS = Set.of("path", "split", "type", "data_files", "revision", "field_messages", "field_chosen",
      "field_rejected");

  @TempDir Path dir;
  private ConformanceFixture fx;

  @BeforeEach
  void seed() { fx = new ConformanceFixture(dir, 40); }

  @AfterEach
  void close() { fx.close(); }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> config(Path manifest) throws IOException {
    String yaml = JSON.readTree(manifest.toFile()).get("axolotl_config").asText();
    return new Yaml().load(yaml);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> entries(Map<String, Object> cfg, String key) {
    Object v = cfg.get(key);
    return v == null ? List.of() : (List<Map<String, Object>>) v;
  }

  /**
   * The prompt an entry's type builds from one record, as the strategy's transform does; for {@code chat_template.default}
   * the user message it hands to the tokenizer's template.
   */
  private static String renderedPrompt(Map<String, Object> entry, JsonNode record) {
    String type = String.valueOf(entry.get("type"));
    switch (type) {
      case "chatml.prompt_pairs" -> {
        return "<|im_start|>user\n" + record.get("prompt").asText() + "<|im_end|>\n<|im_start|>assistant\n";
      }
      case "llama3.prompt_pairs" -> {
        return "<|start_header_id|>user<|end_header_id|>\n\n" + record.get("prompt").asText()
            + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
      }
      case "chat_template.default" -> {
        String field = entry.containsKey("field_messages") ? String.valueOf(entry.get("field_messages")) : "messages";
        assertThat(record.has(field)).as("field_messages '%s' is a field of the record", field).isTrue();
        assertThat(record.get(field).isTextual()).as("a string is taken as the user message").isTrue();
        return "<tokenizer chat template: user>" + record.get(field).asText();
      }
      default -> throw new AssertionError("no DPO strategy of Axolotl reads our records as type " + type);
    }
  }

  private void assertLoadable(Map<String, Object> entry, Path folder) throws IOException {
    assertThat(DPO_DATASET_KEYS).as("DPODataset fields").containsAll(entry.keySet());
    Path file = folder.resolve(String.valueOf(entry.get("path")));
    assertThat(Files.isRegularFile(file)).as("path %s exists beside the manifest", entry.get("path")).isTrue();
    Object split = entry.get("split");
    assertThat(split == null || "train".equals(split)).as("a single file only has the split 'train' (got %s)", split).isTrue();
    for (JsonNode r : lines(file)) {
      assertThat(r.get("chosen").isTextual() && r.get("rejected").isTextual()).isTrue();
      assertThat(renderedPrompt(entry, r)).contains(r.get("prompt").asText());
    }
  }

  @Test
  void withASplitTheTestFileIsListedUnderTestDatasetsAndNeverTrainedOn() throws IOException {
    ExportService.Result res = fx.run("axolotl-dpo", "dpo.jsonl", ConformanceFixture.paper(), OptionalDouble.of(0.25));
    Path train = res.files().get(0).file(), test = res.files().get(1).file();
    for (ExportService.FileResult f : res.files()) {
      Map<String, Object> cfg = config(f.manifest());
      assertThat(cfg.get("rl")).isEqualTo("dpo");
      List<Object> trained = new ArrayList<>();
      entries(cfg, "datasets").forEach(e -> trained.add(e.get("path")));
      List<Object> evaluated = new ArrayList<>();
      entries(cfg, "test_datasets").forEach(e -> evaluated.add(e.get("path")));
      assertThat(trained).as("datasets: (trained on)").containsExactly(train.getFileName().toString());
      assertThat(evaluated).as("test_datasets: (evaluated on)").containsExactly(test.getFileName().toString());
      for (Map<String, Object> e : entries(cfg, "datasets")) assertLoadable(e, train.getParent());
      for (Map<String, Object> e : entries(cfg, "test_datasets")) assertLoadable(e, train.getParent());
      assertThat(cfg.containsKey("val_set_size") && ((Number) cfg.get("val_set_size")).doubleValue() != 0)
          .as("validation.py: a non-zero val_set_size is refused beside test_datasets").isFalse();
    }
  }

  @Test
  void dataMadeByLlama31IsRenderedInLlama3sChatFormatNotChatMl() throws IOException {
    ExportService.Result res = fx.run("axolotl-dpo", "dpo.jsonl", ConformanceFixture.paper(), OptionalDouble.empty());
    Map<String, Object> cfg = config(res.files().get(0).manifest());
    assertThat(entries(cfg, "test_datasets")).isEmpty();
    List<Map<String, Object>> ds = entries(cfg, "datasets");
    assertThat(ds).hasSize(1);
    assertLoadable(ds.get(0), res.files().get(0).file().getParent());
    JsonNode first = lines(res.files().get(0).file()).get(0);
    String rendered = renderedPrompt(ds.get(0), first);
    assertThat(rendered).as("the pairs were judged by llama3.1:8b").doesNotContain("<|im_start|>");
    assertThat(List.of("llama3.prompt_pairs", "chat_template.default")).contains(String.valueOf(ds.get(0).get("type")));
    assertThat(first.get("prompt").asText()).as("chat tokens come from the type, not the data").isEqualTo(ConformanceFixture.malePrompt());
    TrlConformanceTest.assertOneShape(lines(res.files().get(0).file()));
  }
}
