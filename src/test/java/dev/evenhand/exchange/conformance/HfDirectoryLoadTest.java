package dev.evenhand.exchange.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.exchange.TrainingPrompts;
import dev.evenhand.method.GenderSwap;
import dev.evenhand.store.ArchiveRepository;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.usecase.ReviewService;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading an export folder as a dataset, as Hugging Face {@code datasets} at {@value HfDataFiles#COMMIT} discovers its
 * files ({@link HfDataFiles}: src/datasets/data_files.py {@code get_data_patterns} and {@code resolve_pattern},
 * src/datasets/load.py {@code LocalDatasetModuleFactory} and {@code PackagedDatasetModuleFactory}): the splits hold the
 * data files and nothing else. Before issue 13 each manifest ({@code dpo.train.jsonl.manifest.json}) was beside its data
 * and was taken into the train split (its name has the {@code .json} suffix and the keyword {@code train}), so
 * {@code load_dataset(dir)} read a manifest as a record and failed.
 */
class HfDirectoryLoadTest {
  /** The {@code datasets} commit this test follows. */
  static final String DATASETS_COMMIT = HfDataFiles.COMMIT;
  @TempDir Path dir;
  private Database db;
  private ExportService export;

  @BeforeEach
  void seed() {
    db = Database.open(dir.resolve("db/evenhand"));
    PairRepository pairs = new PairRepository(db);
    new Seeds(pairs, new RunRepository(db)).plain(1, 12);
    ReviewService review = new ReviewService(new ReviewRepository(db));
    for (long id = 1; id <= 12; id++) review.accept(id, "ada");
    export = new ExportService(pairs, new ArchiveRepository(db)::read);
  }

  @AfterEach
  void close() { db.close(); }

  private void run(String format, Path out, OptionalDouble split) throws Exception {
    ExportContext ctx = new ExportContext(new TrainingPrompts("training_prompt", 1, s -> s.text() + "\n\nIs what " + s.name() + " did moral or immoral?"),
        ExportContext.Recipe.PAPER, GenderSwap::swap);
    export.export(new ExportService.Request(format, out, PairQuery.ALL, Map.of(), ctx, split, 7), n -> { }, () -> false);
  }

  @Test
  void loadDatasetOfASplitExportFolderFindsTheTrainAndTestFilesOnly() throws Exception {
    Path folder = dir.resolve("out");
    run("trl-dpo", folder.resolve("dpo.jsonl"), OptionalDouble.of(0.5));
    Map<String, List<String>> splits = HfDataFiles.discover(folder, HfDataFiles.SOME_ALLOWED);
    assertThat(splits).as("load_dataset(dir) on %s", HfDataFiles.files(folder))
        .containsExactly(Map.entry("train", List.of("dpo.train.jsonl")), Map.entry("test", List.of("dpo.test.jsonl")));
    assertThat(HfDataFiles.module(splits.get("train"))).isEqualTo("json");
    assertThat(HfDataFiles.discover(folder, null)).as("load_dataset(\"json\", data_dir=dir): no extension filter")
        .containsExactly(Map.entry("train", List.of("dpo.train.jsonl")), Map.entry("test", List.of("dpo.test.jsonl")));
  }

  @Test
  void loadDatasetOfAFolderWithOneExportFindsOnlyThatFile() throws Exception {
    Path folder = dir.resolve("one");
    run("openai-dpo", folder.resolve("prefs.jsonl"), OptionalDouble.empty());
    assertThat(HfDataFiles.discover(folder, HfDataFiles.SOME_ALLOWED)).as("load_dataset(dir) on %s", HfDataFiles.files(folder))
        .containsExactly(Map.entry("train", List.of("prefs.jsonl")));
    assertThat(HfDataFiles.discover(folder, null)).containsExactly(Map.entry("train", List.of("prefs.jsonl")));
  }

  @Test
  void llamaFactorysDatasetInfoIsIgnoredByDatasets() throws Exception {
    Path folder = dir.resolve("lf");
    run("llama-factory", folder.resolve("ours.json"), OptionalDouble.empty());
    assertThat(Files.exists(folder.resolve("dataset_info.json"))).isTrue();
    assertThat(HfDataFiles.discover(folder, HfDataFiles.SOME_ALLOWED)).as("FILES_TO_IGNORE has dataset_info.json; files: %s", HfDataFiles.files(folder))
        .containsExactly(Map.entry("train", List.of("ours.json")));
  }

  @Test
  void theResolverReproducesDatasetsRulesOnHiddenSpecialAndIgnoredFiles() {
    List<String> files = List.of(".hidden.jsonl", ".cache/train.jsonl", "__pycache__/train.jsonl", "README.md", "data/train.jsonl",
        "data/test.jsonl", "notes.md", "train.jsonl.manifest.json");
    assertThat(HfDataFiles.resolve(files, "**", HfDataFiles.SOME_ALLOWED)).containsExactly("data/train.jsonl", "data/test.jsonl",
        "train.jsonl.manifest.json");
    assertThat(HfDataFiles.resolve(files, "**", null)).containsExactly("data/train.jsonl", "data/test.jsonl", "notes.md", "train.jsonl.manifest.json");
    assertThat(HfDataFiles.resolve(files, ".*", null)).as("named hidden parts are kept").containsExactly(".hidden.jsonl");
    assertThat(HfDataFiles.resolve(files, "**/train[-._ 0-9]*", null)).containsExactly("data/train.jsonl", "train.jsonl.manifest.json");
  }
}
