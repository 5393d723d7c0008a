package dev.evenhand.exchange.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.usecase.ReviewService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code export --dataset-dir DIR} read as Hugging Face {@code datasets} at {@value HfDataFiles#COMMIT} reads a dataset
 * folder with a card: src/datasets/utils/metadata.py ({@code _split_yaml_from_readme}: the block between a first line
 * {@code ---} and the next; {@code MetadataConfigs.from_dataset_card_data} and {@code _raise_if_data_files_field_not_valid};
 * {@code get_default_config_name}), the YAML read as PyYAML's {@code safe_load} reads it (SnakeYAML's safe constructor),
 * then src/datasets/load.py {@code create_builder_configs_from_metadata_configs} ({@code sanitize_patterns}, then each
 * path resolved under DIR with every allowed extension, {@link HfDataFiles#resolve}). Also the same folder without the
 * card ({@code load_dataset("json", data_dir=DIR)}, which reads no configs) and LLaMA-Factory's folder loading of
 * {@code DIR/data} (HEAD ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30, src/llamafactory/data/loader.py: every entry of the
 * folder, one extension for all, {@code FILEEXT2TYPE} of src/llamafactory/extras/constants.py).
 */
class HfDatasetCardTest {
  /** The {@code datasets} commit this test follows. */
  static final String DATASETS_COMMIT = HfDataFiles.COMMIT;
  /** The LLaMA-Factory commit this test follows. */
  static final String LLAMA_FACTORY_COMMIT = "ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  private String db;
  private CliRunner cli;

  private FakeOllama ollama;
  private long pending;

  @BeforeEach
  void seed() throws Exception {
    db = home.resolve("db/evenhand").toString();
    ollama = FakeOllama.start().onChat(new ScriptedStoryModel());
    cli = new CliRunner(home, Map.of());
    CliRunner.Result gen = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "14");
    assertThat(gen.exit()).as(gen.err()).isZero();
    String set;
    try (Database d = Database.open(Path.of(db))) {
      PairRepository pairs = new PairRepository(d);
      List<Long> ids = pairs.ids(PairQuery.ALL);
      assertThat(ids).hasSize(14);
      ReviewService review = new ReviewService(new ReviewRepository(d));
      for (long id : ids.subList(0, 11)) review.accept(id, "ada");
      review.acceptEdited(ids.get(11), "ada", new BalancedJudgment("The main character kept the wallet; the need was real.",
          "The main character kept the wallet; the need was real."));
      review.reject(ids.get(12), "ada", "copied");
      pending = ids.get(13);
      set = new AuditRepository(d).setNames().get(0);
    }
    CliRunner.Result audit = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", set, "--limit", "4");
    assertThat(audit.exit()).as(audit.err()).isZero();
  }

  @AfterEach
  void stop() { ollama.close(); }

  /** {@code _split_yaml_from_readme}: the YAML block, or null. */
  static String yamlBlock(String readme) {
    List<String> lines = readme.lines().toList();
    if (lines.isEmpty() || !lines.get(0).equals("---") || !lines.subList(1, lines.size()).contains("---")) return null;
    return String.join("\n", lines.subList(1, lines.subList(1, lines.size()).indexOf("---") + 1));
  }

  /**
   * {@code MetadataConfigs.from_dataset_card_data} with its checks, {@code get_default_config_name}, then
   * {@code sanitize_patterns} of the default config's {@code data_files}.
   *
   * @return split to patterns of the default config
   */
  @SuppressWarnings("unchecked")
  static Map<String, List<String>> defaultConfigPatterns(Map<String, Object> card) {
    Object configs = card.get("configs");
    assertThat(configs).as("configs must be a list").isInstanceOf(List.class);
    String defaultName = null;
    Map<String, Object> chosen = null;
    for (Object c : (List<Object>) configs) {
      Map<String, Object> config = (Map<String, Object>) c;
      assertThat(config).as("each config has config_name").containsKey("config_name");
      Object files = config.get("data_files");
      assertThat(files).isInstanceOfAny(List.class, String.class);
      if (files instanceof List<?> list) {
        for (Object item : list) {
          assertThat(item).isInstanceOfAny(String.class, Map.class);
          if (item instanceof Map<?, ?> m) {
            assertThat(new java.util.TreeSet<Object>(m.keySet())).as("exactly split and path").containsExactly("path", "split");
            assertThat((String) m.get("split")).matches("^\\w+(\\.\\w+)*$");
            assertThat(m.get("path")).isInstanceOfAny(String.class, List.class);
          }
        }
      }
      if (((List<Object>) configs).size() == 1 || "default".equals(config.get("config_name")) || Boolean.TRUE.equals(config.get("default"))) {
        assertThat(defaultName).as("one default config").isNull();
        defaultName = (String) config.get("config_name");
        chosen = config;
      }
    }
    assertThat(chosen).isNotNull();
    Map<String, List<String>> out = new LinkedHashMap<>();
    Object files = chosen.get("data_files");
    if (files instanceof String s) return Map.of("train", List.of(s));
    for (Object item : (List<Object>) files) {
      Map<String, Object> m = (Map<String, Object>) item;
      Object path = m.get("path");
      out.put(String.valueOf(m.get("split")), path instanceof List<?> l ? (List<String>) l : List.of((String) path));
    }
    return out;
  }

  @Test
  void theCardsConfigsNameTheTrainAndTestFilesAndNothingElseIsTakenForData() throws Exception {
    Path dir = home.resolve("hub");
    CliRunner.Result r = cli.run("--db", db, "--json", "export", "--format", "trl-dpo", "--dataset-dir", dir.toString(), "--split", "0.25",
        "--seed", "3", "--license", "mit");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode done = JSON.readTree(r.out());
    assertThat(done.get("card").asText()).isEqualTo(dir.resolve("README.md").toString());
    // a split's files are named only under "files", each with its own counts; the top level holds the totals (it once
    // named the train file beside both files' pairs)
    assertThat(done.has("file")).isFalse();
    assertThat(done.has("sha256")).isFalse();
    assertThat(done.get("files")).hasSize(2);
    assertThat(done.get("files").get(0).get("file").asText()).endsWith("train.jsonl");
    assertThat(done.get("files").get(0).get("pairs").asLong() + done.get("files").get(1).get("pairs").asLong()).isEqualTo(done.get("pairs").asLong());
    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList()).containsExactly(".manifests",
          ".manifests/test.jsonl.manifest.json", ".manifests/train.jsonl.manifest.json", "README.md", "data", "data/test.jsonl", "data/train.jsonl");
    }

    String readme = Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
    String block = yamlBlock(readme);
    assertThat(block).as("front matter").isNotNull();
    Map<String, Object> card = new Yaml(new SafeConstructor(new LoaderOptions())).load(block);
    assertThat(card.get("license")).isEqualTo("mit");
    assertThat(card.get("task_categories")).isEqualTo(List.of("text-generation"));
    assertThat(String.valueOf(card.get("tags"))).contains("dpo", "gender-bias");
    Map<String, List<String>> patterns = defaultConfigPatterns(card);
    assertThat(patterns).containsExactly(Map.entry("train", List.of("data/train.jsonl")), Map.entry("test", List.of("data/test.jsonl")));

    List<String> all = HfDataFiles.files(dir);
    Map<String, List<String>> resolved = new LinkedHashMap<>();
    patterns.forEach((split, ps) -> {
      List<String> files = new ArrayList<>();
      for (String p : ps) files.addAll(HfDataFiles.resolve(all, p, HfDataFiles.SOME_ALLOWED));
      resolved.put(split, files);
    });
    assertThat(resolved).containsExactly(Map.entry("train", List.of("data/train.jsonl")), Map.entry("test", List.of("data/test.jsonl")));
    assertThat(HfDataFiles.module(resolved.get("train"))).isEqualTo("json");
    assertThat(HfDataFiles.discover(dir, null)).as("load_dataset(\"json\", data_dir=DIR) reads no card and still finds only the data")
        .containsExactly(Map.entry("train", List.of("data/train.jsonl")), Map.entry("test", List.of("data/test.jsonl")));
    try (Stream<Path> s = Files.list(dir.resolve("data"))) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).as("LLaMA-Factory reads every entry of DIR/data: data alone")
          .containsExactly("test.jsonl", "train.jsonl");
    }

    long trainRecords = Files.readAllLines(dir.resolve("data/train.jsonl")).size();
    JsonNode manifest = JSON.readTree(dir.resolve(".manifests/train.jsonl.manifest.json").toFile());
    assertThat(manifest.get("records").asLong()).isEqualTo(trainRecords);
    assertThat(manifest.get("part").asText()).isEqualTo("train");
    assertThat(readme).contains("| train | `data/train.jsonl` | " + trainRecords + " |")
        .contains("`llama3.1:8b` (digest `").contains("`judgment` v").contains("Ollama versions: 0.12.6")
        .contains("11 accepted as proposed, 1 accepted after edits, 1 rejected, 1 pending")
        .contains("Neutrality gate: left out 0 pairs")
        .containsPattern("`llama3\\.1:8b`, audit run 1 on set `[^`]+` \\([^,]+, complete\\): 4 pairs, mismatch rate \\d\\.\\d{3} \\(95% CI");
  }

  @Test
  void aBackupWithPairsImportedWithoutJudgmentsIsDescribedAsSuch() throws Exception {
    assertThat(cli.run("--db", db, "import", "genmo", dev.evenhand.testing.Genmo.fixture().toString(), "--set", "genmo").exit()).isZero();
    Path dir = home.resolve("backup");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "evenhand", "--status", "all", "--dataset-dir", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String card = Files.readString(dir.resolve("README.md"));
    long unjudged = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dev.evenhand.testing.Genmo.fixture().toFile()).size();
    assertThat(card).doesNotContain("each judged by a model").contains("were imported without judgments)")
        .containsPattern("pending; " + unjudged + " imported without judgments, not reviewed")
        .as("the counts cover every status, which the card says (a breaker read them as the status filter's)")
        .contains("- Review of the pairs the filters other than status match: ");
    // where the stories came from and whose licence covers them (it said "written by the models above", naming none)
    assertThat(card).contains("# Evenhand backup (format evenhand)").doesNotContain("Evenhand evenhand data")
        .contains("- Imported story pairs: " + unjudged + " from set `genmo` (genmo, imported from ")
        .contains("The stories of set `genmo` were imported, not written here: GenMO's licences apply (MIT;");
  }

  @Test
  void withoutASplitTheCardHasATrainSplitOnlyAndTheDefaultLicence() throws Exception {
    Path dir = home.resolve("one");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "trl-sft-chat", "--dataset-dir", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("dataset card: " + dir.resolve("README.md"));
    Map<String, Object> card = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlBlock(Files.readString(dir.resolve("README.md"))));
    assertThat(card.get("license")).isEqualTo("cc-by-4.0");
    assertThat(String.valueOf(card.get("tags"))).contains("sft");
    assertThat(defaultConfigPatterns(card)).containsExactly(Map.entry("train", List.of("data/train.jsonl")));
    assertThat(HfDataFiles.discover(dir, HfDataFiles.SOME_ALLOWED)).as("load_dataset(DIR) without reading the card")
        .containsExactly(Map.entry("train", List.of("data/train.jsonl")));

    // the same folder again with a split, then without and in another format: no file of an earlier export stays to be mixed in
    // 0.5: the split draws each pair (a pair keeps its side as the set grows), so a small share of 12 pairs can leave the test side empty
    assertThat(cli.run("--db", db, "export", "--format", "trl-sft-chat", "--dataset-dir", dir.toString(), "--split", "0.5").exit()).isZero();
    assertThat(Files.exists(dir.resolve("data/test.jsonl"))).isTrue();
    CliRunner.Result csv = cli.run("--db", db, "export", "--format", "csv", "--dataset-dir", dir.toString());
    assertThat(csv.exit()).as(csv.err()).isZero();
    assertThat(csv.err()).contains("removed " + dir.resolve("data/test.jsonl"));
    assertThat(HfDataFiles.files(dir)).containsExactly(".manifests/train.csv.manifest.json", "README.md", "data/train.csv");
    assertThat(HfDataFiles.discover(dir, null)).containsExactly(Map.entry("train", List.of("data/train.csv")));
  }

  @Test
  void aReadmeEvenhandDidNotWriteIsKeptAndACardGoesOnlyWithItsOwnData() throws Exception {
    Path dir = home.resolve("mine");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("README.md"), "# My lab's notes\n\nDo not lose these.\n");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "trl-dpo", "--dataset-dir", dir.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("README.md exists and was not written by Evenhand");
    assertThat(Files.readString(dir.resolve("README.md"))).isEqualTo("# My lab's notes\n\nDo not lose these.\n");
    assertThat(dir.resolve("data")).doesNotExist();

    // a researcher's own data files are neither removed as "of an earlier export" nor replaced (a breaker lost a
    // held-out data/test.jsonl): only a file with its manifest in .manifests is Evenhand's
    for (String own : List.of("data/test.jsonl", "data/train.jsonl")) {
      Path held = home.resolve("held-" + own.replace('/', '-'));
      Files.createDirectories(held.resolve("data"));
      Files.writeString(held.resolve(own), "{\"mine\": \"my held-out set\"}\n");
      CliRunner.Result kept = cli.run("--db", db, "export", "--format", "trl-dpo", "--dataset-dir", held.toString());
      assertThat(kept.exit()).as(kept.err()).isEqualTo(2);
      assertThat(kept.err()).contains(held.resolve(own) + " exists and was not written by Evenhand");
      assertThat(Files.readString(held.resolve(own))).isEqualTo("{\"mine\": \"my held-out set\"}\n");
      assertThat(held.resolve("README.md")).doesNotExist();
    }

    // a folder inside .manifests is refused: manifests live there
    CliRunner.Result hidden = cli.run("--db", db, "export", "--format", "trl-dpo", "--dataset-dir", home.resolve("x/.manifests/h").toString());
    assertThat(hidden.exit()).as(hidden.err()).isEqualTo(2);
    assertThat(hidden.err()).contains("inside a .manifests folder");

    // csv is for people, not a trainer: its card claims neither dpo nor sft
    Path csvDir = home.resolve("csv");
    assertThat(cli.run("--db", db, "export", "--format", "csv", "--dataset-dir", csvDir.toString()).exit()).isZero();
    Map<String, Object> card = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlBlock(Files.readString(csvDir.resolve("README.md"))));
    assertThat(String.valueOf(card.get("tags"))).doesNotContain("sft").doesNotContain("dpo").contains("evenhand");
    // Evenhand's own card is replaced by the next export
    assertThat(cli.run("--db", db, "export", "--format", "trl-dpo", "--dataset-dir", csvDir.toString()).exit()).isZero();
    assertThat(String.valueOf(new Yaml(new SafeConstructor(new LoaderOptions())).<Map<String, Object>>load(yamlBlock(Files.readString(csvDir.resolve("README.md"))))
        .get("tags"))).contains("dpo");
  }

  @Test
  void anEmptyReExportLeavesTheEarlierCardAndItsFilesAsTheyWere() throws Exception {
    Path dir = home.resolve("again");
    assertThat(cli.run("--db", db, "export", "--format", "trl-dpo", "--dataset-dir", dir.toString(), "--split", "0.5").exit()).isZero();
    String card = Files.readString(dir.resolve("README.md"));
    byte[] test = Files.readAllBytes(dir.resolve("data/test.jsonl"));
    CliRunner.Result none = cli.run("--db", db, "export", "--format", "trl-dpo", "--dataset-dir", dir.toString(), "--model", "no-such-model");
    assertThat(none.exit()).as(none.err()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("README.md"))).isEqualTo(card);
    assertThat(Files.readAllBytes(dir.resolve("data/test.jsonl"))).isEqualTo(test);
  }
}
