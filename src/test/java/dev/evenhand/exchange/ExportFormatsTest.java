package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.method.GenderSwap;
import dev.evenhand.usecase.ReviewService;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One golden record per format of FORMATS.md, the CDA recipe, the split, and atomic writes. */
class ExportFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MALE = "Tom said, \"Hi\"\nThen he left José's café with his son. 👍";
  private static final String FEMALE = "Ann said, \"Hi\"\nThen she left José's café with her son. 👍";
  @TempDir Path dir;
  private Database db;
  private ExportService export;
  private long id;

  @BeforeEach
  void seed() {
    db = Database.open(dir.resolve("db/evenhand"));
    PairRepository pairs = new PairRepository(db);
    ReviewService review = new ReviewService(new ReviewRepository(db));
    id = new Seeds(pairs, new RunRepository(db)).pair("Tom", MALE, "Ann", FEMALE, "Work", Stance.MORAL, "Tom was kind to his son.",
        Stance.IMMORAL, "Ann neglected her duty, she left.", "The main character was fair, \"really\".", "The main character was fair, \"really\".");
    review.accept(id, "ada");
    export = new ExportService(pairs, new dev.evenhand.store.ArchiveRepository(db)::read);
  }

  @AfterEach
  void close() { db.close(); }

  private ExportContext ctx(ExportContext.Recipe r) {
    return new ExportContext(new TrainingPrompts("training_prompt", 1, s -> s.text() + "\n\nIs what " + s.name() + " did moral or immoral?"),
        r, GenderSwap::swap);
  }

  private List<String> run(String format, ExportContext.Recipe r) throws IOException {
    Path out = dir.resolve("out/" + format + "." + export.format(format).extension());
    export.export(new ExportService.Request(format, out, PairQuery.ALL, Map.of("status", "all"), ctx(r), OptionalDouble.empty(), 0),
        n -> { }, () -> false);
    byte[] bytes = Files.readAllBytes(out);
    assertThat(bytes[0]).as("no BOM").isNotEqualTo((byte) 0xEF);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\r\n");
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  private static final String P_MALE = "Tom said, \\\"Hi\\\"\\nThen he left José's café with his son. 👍\\n\\nIs what Tom did moral or immoral?";
  private static final String BAL = "The main character was fair, \\\"really\\\".";

  /**
   * What a format is for decides what its export does beside writing: only training data marks its pairs exported
   * (V24); the backup, the spreadsheet and the paper's layout leave the mark alone. Each format is exported into a fresh
   * copy of the pair's state (a mark, once made, stays), in the order the registry gives.
   */
  @Test
  void onlyTrainingDataMarksItsPairsExported() throws IOException {
    var archive = new dev.evenhand.store.ArchiveRepository(db);
    assertThat(export.formatIds()).as("every purpose is used by some format").isNotEmpty();
    java.util.Set<ExportFormat.Purpose> seen = java.util.EnumSet.noneOf(ExportFormat.Purpose.class);
    // the formats that do not mark first, so that the pair is still unmarked when each of them runs
    List<String> ids = export.formatIds().stream()
        .sorted(java.util.Comparator.comparing((String f) -> export.format(f).purpose() == ExportFormat.Purpose.TRAINER)).toList();
    for (String f : ids) {
      ExportFormat.Purpose purpose = export.format(f).purpose();
      seen.add(purpose);
      boolean before = archive.read(id).exportedAt() != null;
      run(f, ExportContext.Recipe.PAPER);
      boolean after = archive.read(id).exportedAt() != null;
      if (purpose == ExportFormat.Purpose.TRAINER) assertThat(after).as(f + " (training data) marks the pair exported").isTrue();
      else assertThat(after).as(f + " (" + purpose + ") leaves the mark as it was").isEqualTo(before).isFalse();
    }
    assertThat(seen).containsExactlyInAnyOrder(ExportFormat.Purpose.values());
    assertThat(export.format("evenhand").purpose()).isEqualTo(ExportFormat.Purpose.BACKUP);
    assertThat(export.pairsRead("evenhand", PairQuery.ALL).uncurated()).as("the backup reads pairs imported without judgments").isTrue();
    assertThat(export.pairsRead("trl-dpo", PairQuery.ALL).uncurated()).isFalse();
    assertThat(export.gated("evenhand", ExportContext.Recipe.PAPER)).as("the backup is not gated").isFalse();
    assertThat(export.gated("csv", ExportContext.Recipe.PAPER)).isTrue();
  }

  @Test
  void trlDpo() throws IOException {
    List<String> l = run("trl-dpo", ExportContext.Recipe.PAPER);
    assertThat(l).hasSize(2);
    assertThat(l.get(0)).as("a space leads each answer").isEqualTo("{\"prompt\":\"" + P_MALE + "\",\"chosen\":\" " + BAL
        + "\",\"rejected\":\" Tom was kind to his son.\"}");
    assertThat(JSON.readTree(dir.resolve("out/.manifests/trl-dpo.jsonl.manifest.json").toFile()).get("answer_separator").asText()).isEqualTo("space");
  }

  @Test
  void theNewlineSeparatorEndsThePromptInsteadOfLeadingTheAnswer() throws IOException {
    ExportContext c = ctx(ExportContext.Recipe.PAPER);
    ExportContext newline = new ExportContext(c.prompts(), c.recipe(), c.swapper(),
        new ExportContext.TrainerOptions(ExportContext.AnswerSeparator.NEWLINE, AxolotlConfig.Type.AUTO));
    Path out = dir.resolve("nl/sft.jsonl");
    export.export(new ExportService.Request("trl-sft", out, PairQuery.ALL, Map.of(), newline, OptionalDouble.empty(), 0), n -> { }, () -> false);
    assertThat(Files.readAllLines(out).get(0)).isEqualTo("{\"prompt\":\"" + P_MALE + "\\n\",\"completion\":\"" + BAL + "\"}");
    assertThat(JSON.readTree(dir.resolve("nl/.manifests/sft.jsonl.manifest.json").toFile()).get("answer_separator").asText()).isEqualTo("newline");
  }

  @Test
  void trlDpoChat() throws IOException {
    assertThat(run("trl-dpo-chat", ExportContext.Recipe.PAPER).get(0)).isEqualTo("{\"prompt\":[{\"role\":\"user\",\"content\":\"" + P_MALE
        + "\"}],\"chosen\":[{\"role\":\"assistant\",\"content\":\"" + BAL + "\"}],\"rejected\":[{\"role\":\"assistant\",\"content\":\"Tom was kind to his son.\"}]}");
  }

  @Test
  void trlSftAndChat() throws IOException {
    assertThat(run("trl-sft", ExportContext.Recipe.PAPER).get(1)).startsWith("{\"prompt\":\"Ann said").endsWith("\",\"completion\":\" " + BAL + "\"}");
    assertThat(run("trl-sft-chat", ExportContext.Recipe.PAPER).get(0)).isEqualTo("{\"prompt\":[{\"role\":\"user\",\"content\":\"" + P_MALE
        + "\"}],\"completion\":[{\"role\":\"assistant\",\"content\":\"" + BAL + "\"}]}");
  }

  @Test
  void openAiAndAxolotl() throws IOException {
    assertThat(run("openai-dpo", ExportContext.Recipe.PAPER).get(0)).isEqualTo("{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"" + P_MALE
        + "\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"" + BAL
        + "\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"Tom was kind to his son.\"}]}");
    assertThat(run("axolotl-dpo", ExportContext.Recipe.PAPER).get(0)).isEqualTo("{\"prompt\":\"" + P_MALE + "\",\"chosen\":\"" + BAL
        + "\",\"rejected\":\"Tom was kind to his son.\"}");
    JsonNode manifest = JSON.readTree(dir.resolve("out/.manifests/axolotl-dpo.jsonl.manifest.json").toFile());
    assertThat(manifest.get("axolotl_config").asText()).isEqualTo("# type llama3.prompt_pairs chosen for llama3.1:8b (--axolotl-type overrides)\n"
        + "# paths are relative to the folder axolotl runs in\nrl: dpo\ndatasets:\n  - path: \"axolotl-dpo.jsonl\"\n    type: llama3.prompt_pairs\n");
    assertThat(export.format("openai-dpo").minimumExamples()).hasValue(10);
    assertThat(export.format("trl-dpo").minimumExamples()).isEmpty();
  }

  @Test
  void anAxolotlTypeAskedForIsUsedAndChatTemplateReadsThePromptField() throws IOException {
    ExportContext c = ctx(ExportContext.Recipe.PAPER);
    ExportContext chat = new ExportContext(c.prompts(), c.recipe(), c.swapper(),
        new ExportContext.TrainerOptions(ExportContext.AnswerSeparator.SPACE, AxolotlConfig.Type.CHAT_TEMPLATE));
    Path out = dir.resolve("ax/dpo.jsonl");
    export.export(new ExportService.Request("axolotl-dpo", out, PairQuery.ALL, Map.of(), chat, OptionalDouble.empty(), 0), n -> { }, () -> false);
    assertThat(JSON.readTree(dir.resolve("ax/.manifests/dpo.jsonl.manifest.json").toFile()).get("axolotl_config").asText())
        .endsWith("datasets:\n  - path: \"dpo.jsonl\"\n    type: chat_template.default\n    field_messages: prompt\n    field_chosen: chosen\n"
            + "    field_rejected: rejected\n").contains("(--axolotl-type)");
    assertThat(AxolotlConfig.forModels(List.of("llama3.1:8b", "llama3:70b", "library/llama3.2:3b"))).isEqualTo(AxolotlConfig.Type.LLAMA3);
    assertThat(AxolotlConfig.forModels(List.of("llama3.1:8b", "mistral:7b"))).as("mixed families").isEqualTo(AxolotlConfig.Type.CHAT_TEMPLATE);
    assertThat(AxolotlConfig.forModels(List.of("codellama:7b"))).isEqualTo(AxolotlConfig.Type.CHAT_TEMPLATE);
    assertThat(AxolotlConfig.forModels(List.of(""))).as("unknown").isEqualTo(AxolotlConfig.Type.CHAT_TEMPLATE);
    assertThatThrownBy(() -> AxolotlConfig.Type.of("chatml")).hasMessageContaining("chatml.prompt_pairs");
  }

  @Test
  void llamaFactoryWritesAnArrayAndKeepsOtherDatasetInfoEntries() throws IOException {
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/dataset_info.json"), "{\"alpaca\": {\"file_name\": \"alpaca.json\"}}");
    List<String> l = run("llama-factory", ExportContext.Recipe.PAPER);
    JsonNode arr = JSON.readTree(String.join("\n", l));
    assertThat(arr.isArray()).isTrue();
    assertThat(arr.size()).isEqualTo(2);
    assertThat(JSON.writeValueAsString(arr.get(0))).isEqualTo("{\"instruction\":\"" + P_MALE + "\",\"input\":\"\",\"chosen\":\"" + BAL
        + "\",\"rejected\":\"Tom was kind to his son.\"}");
    JsonNode info = JSON.readTree(dir.resolve("out/dataset_info.json").toFile());
    assertThat(info.has("alpaca")).isTrue();
    assertThat(JSON.writeValueAsString(info.get("llama-factory"))).isEqualTo("{\"file_name\":\"llama-factory.json\",\"ranking\":true,"
        + "\"columns\":{\"prompt\":\"instruction\",\"query\":\"input\",\"chosen\":\"chosen\",\"rejected\":\"rejected\"}}");
    JsonNode sft = JSON.readTree(String.join("\n", run("llama-factory-sft", ExportContext.Recipe.PAPER)));
    assertThat(JSON.writeValueAsString(sft.get(0))).isEqualTo("{\"instruction\":\"" + P_MALE + "\",\"input\":\"\",\"output\":\"" + BAL + "\"}");
    info = JSON.readTree(dir.resolve("out/dataset_info.json").toFile());
    assertThat(info.has("alpaca") && info.has("llama-factory")).isTrue();
    assertThat(JSON.writeValueAsString(info.get("llama-factory-sft"))).isEqualTo("{\"file_name\":\"llama-factory-sft.json\","
        + "\"columns\":{\"prompt\":\"instruction\",\"query\":\"input\",\"response\":\"output\"}}");
  }

  @Test
  void aDatasetInfoWithMoreAfterItsObjectIsRefusedNotRewrittenWithoutIt() throws IOException {
    Files.createDirectories(dir.resolve("out"));
    String two = "{\"alpaca\": {\"file_name\": \"alpaca.json\"}}\n{\"dolly\": {\"file_name\": \"dolly.json\"}}\n";
    Files.writeString(dir.resolve("out/dataset_info.json"), two);
    assertThatThrownBy(() -> run("llama-factory", ExportContext.Recipe.PAPER)).isInstanceOf(IOException.class).hasMessageContaining("dataset_info.json");
    assertThat(Files.readString(dir.resolve("out/dataset_info.json"))).as("the second entry is not dropped").isEqualTo(two);
  }

  @Test
  void paperEvenhandAndCsv() throws IOException {
    assertThat(run("paper", ExportContext.Recipe.PAPER).get(0)).isEqualTo("{\"id\":1,\"male\":{\"story\":\"Tom said, \\\"Hi\\\"\\nThen he left Jos\\u00E9's caf\\u00E9 with his son. \\uD83D\\uDC4D\","
        + "\"character_name\":\"Tom\",\"stance\":\"Moral\",\"explanation\":\"Tom was kind to his son.\",\"neutral_explanation\":\"" + BAL + "\"},"
        + "\"female\":{\"story\":\"Ann said, \\\"Hi\\\"\\nThen she left Jos\\u00E9's caf\\u00E9 with her son. \\uD83D\\uDC4D\",\"character_name\":\"Ann\",\"stance\":\"Immoral\","
        + "\"explanation\":\"Ann neglected her duty, she left.\",\"neutral_explanation\":\"" + BAL + "\"},\"example_source\":0}");
    JsonNode e = JSON.readTree(run("evenhand", ExportContext.Recipe.PAPER).get(0));
    List<String> fields = new java.util.ArrayList<>();
    e.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("id", "pair_id", "set", "set_kind", "environment", "theme_id", "created_at", "rouge1", "fidelity_flags", "fidelity_changes",
        "identical", "divergent", "status", "flagged", "model", "exported_at", "male", "female", "history", "calls");
    List<String> sideFields = new java.util.ArrayList<>();
    e.get("male").fieldNames().forEachRemaining(sideFields::add);
    assertThat(sideFields).containsExactly("story", "character_name", "stance", "explanation", "neutral_explanation",
        "proposed_neutral_explanation", "neutral_explanation_at", "proposal", "judgments");
    List<String> judgmentFields = new java.util.ArrayList<>();
    e.get("male").get("judgments").get(0).fieldNames().forEachRemaining(judgmentFields::add);
    assertThat(judgmentFields).containsExactly("model", "digest", "ollama_version", "template_id", "template_version", "stance", "explanation", "at",
        "call");
    assertThat(e.get("male").get("judgments").get(0).get("model").asText()).isEqualTo("llama3.1:8b");
    List<String> historyFields = new java.util.ArrayList<>();
    e.get("history").get(0).fieldNames().forEachRemaining(historyFields::add);
    assertThat(historyFields).containsExactly("reviewer", "action", "status_before", "status_after", "male_before", "female_before",
        "male_after", "female_after", "reason", "blind", "at", "override");
    assertThat(e.get("pair_id").asLong()).isEqualTo(id);
    assertThat(e.get("status").asText()).isEqualTo("accepted");
    assertThat(e.get("environment").asText()).isEqualTo("Work");
    assertThat(e.get("history").get(0).get("reviewer").asText()).isEqualTo("ada");
    assertThat(e.get("male").get("explanation").asText()).isEqualTo("Tom was kind to his son.");
    String csv = String.join("\n", run("csv", ExportContext.Recipe.PAPER));
    assertThat(csv).startsWith("pair_id,gender,environment,story,stance,explanation,neutral_explanation,status\n" + id
        + ",male,Work,\"Tom said, \"\"Hi\"\"\nThen he left José's café with his son. 👍\",Moral,Tom was kind to his son.,\"The main character was fair, \"\"really\"\".\",accepted");
  }

  @Test
  void theCdaRecipeWritesEachStoryWithBothExplanationsSwappedAndRefusesPreferenceFormats() throws IOException {
    List<String> l = run("trl-sft", ExportContext.Recipe.CDA);
    assertThat(l).hasSize(4);
    assertThat(JSON.readTree(l.get(0)).get("completion").asText()).isEqualTo(" Tom was kind to his son.");
    assertThat(JSON.readTree(l.get(1)).get("completion").asText()).isEqualTo(" Tom neglected his duty, he left.");
    assertThat(JSON.readTree(l.get(3)).get("completion").asText()).isEqualTo(" Ann was kind to her son.");
    JsonNode lf = JSON.readTree(String.join("\n", run("llama-factory-sft", ExportContext.Recipe.CDA)));
    assertThat(lf.size()).as("llama-factory-sft takes the CDA recipe").isEqualTo(4);
    assertThat(lf.get(1).get("output").asText()).isEqualTo("Tom neglected his duty, he left.");
    List<String> p = run("paper", ExportContext.Recipe.CDA);
    assertThat(p).as("one line per pair, as swap_and_rewrite_explanations.py writes").hasSize(1);
    assertThat(p.get(0)).isEqualTo("{\"id\":1,\"male\":{\"story\":\"Tom said, \\\"Hi\\\"\\nThen he left Jos\\u00E9's caf\\u00E9 with his son. \\uD83D\\uDC4D\",\"character_name\":\"Tom\","
        + "\"stance\":\"Immoral\",\"explanation\":\"Tom neglected his duty, he left.\",\"original_explanation\":\"Tom was kind to his son.\","
        + "\"swapped_from\":\"female\"},\"female\":{\"story\":\"Ann said, \\\"Hi\\\"\\nThen she left Jos\\u00E9's caf\\u00E9 with her son. \\uD83D\\uDC4D\",\"character_name\":\"Ann\","
        + "\"stance\":\"Moral\",\"explanation\":\"Ann was kind to her son.\",\"original_explanation\":\"Ann neglected her duty, she left.\","
        + "\"swapped_from\":\"male\"},\"example_source\":0}");
    JsonNode swapped = JSON.readTree(p.get(0));
    assertThat(swapped.get("female").get("explanation").asText()).isEqualTo("Ann was kind to her son.");
    assertThat(swapped.get("female").get("original_explanation").asText()).isEqualTo("Ann neglected her duty, she left.");
    assertThat(swapped.get("female").get("swapped_from").asText()).isEqualTo("male");
    assertThatThrownBy(() -> run("trl-dpo", ExportContext.Recipe.CDA)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cda");
  }

  @Test
  void aSplitPutsEachPairOnOneSideOnlyAndIsStableForASeed() throws IOException {
    new Seeds(new PairRepository(db), new RunRepository(db)).plain(1, 40);
    ReviewService review = new ReviewService(new ReviewRepository(db));
    for (long i = 2; i <= 41; i++) review.accept(i, "ada");
    Path out = dir.resolve("split/dpo.jsonl");
    ExportService.Result r = export.export(new ExportService.Request("trl-dpo", out, PairQuery.ALL, Map.of(), ctx(ExportContext.Recipe.PAPER),
        OptionalDouble.of(0.25), 7), n -> { }, () -> false);
    assertThat(r.files()).extracting(f -> f.file().getFileName().toString()).containsExactly("dpo.train.jsonl", "dpo.test.jsonl");
    assertThat(r.pairs()).isEqualTo(41);
    assertThat(r.files().get(1).pairs()).isBetween(3L, 20L);
    List<String> train = Files.readAllLines(dir.resolve("split/dpo.train.jsonl"));
    List<String> test = Files.readAllLines(dir.resolve("split/dpo.test.jsonl"));
    assertThat(train).doesNotContainAnyElementsOf(test);
    byte[] before = Files.readAllBytes(dir.resolve("split/dpo.test.jsonl"));
    export.export(new ExportService.Request("trl-dpo", out, PairQuery.ALL, Map.of(), ctx(ExportContext.Recipe.PAPER), OptionalDouble.of(0.25), 7),
        n -> { }, () -> false);
    assertThat(Files.readAllBytes(dir.resolve("split/dpo.test.jsonl"))).isEqualTo(before);
  }

  @Test
  void aCancelledExportLeavesNoFileAndThePreviousFileUntouched() throws IOException {
    Path out = dir.resolve("keep/dpo.jsonl");
    Files.createDirectories(out.getParent());
    Files.writeString(out, "previous content\n");
    assertThatThrownBy(() -> export.export(new ExportService.Request("trl-dpo", out, PairQuery.ALL, Map.of(), ctx(ExportContext.Recipe.PAPER),
        OptionalDouble.empty(), 0), n -> { }, () -> true)).isInstanceOf(CancellationException.class);
    assertThat(Files.readString(out)).isEqualTo("previous content\n");
    try (var files = Files.list(out.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("dpo.jsonl");
    }
  }

  @Test
  void genderSwapRewritesNamesAndPronounsOnly() {
    Story tom = new Story(dev.evenhand.domain.Gender.MALE, "Tom", "");
    Story ann = new Story(dev.evenhand.domain.Gender.FEMALE, "Ann", "");
    assertThat(GenderSwap.swap("Ann told her husband she would pay for him and her.", ann, tom))
        .as("names and pronouns only (METHOD.md)").isEqualTo("Tom told his husband he would pay for him and him.");
    assertThat(GenderSwap.swap("He is Tom's father; HIS choice.", tom, ann)).isEqualTo("She is Ann's father; HER choice.");
  }
}
