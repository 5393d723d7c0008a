package dev.evenhand.ui.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.store.PairQuery;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.Seeds;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.testing.ViewModelHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Datasets screen's view model without JavaFX: import and export run on the test's thread. */
class DatasetsViewModelTest {
  @TempDir Path home;
  private ViewModelHarness h;
  private DatasetsViewModel vm;
  private int afterImport;

  @BeforeEach
  void setUp() throws Exception {
    h = new ViewModelHarness(home, FakeOllama.start());
    vm = h.screens.datasets();
    vm.setOnImported(() -> afterImport++);
  }

  @AfterEach
  void tearDown() { h.close(); }

  @Test
  void theGenmoPreviewNumbersEachRecordEvenWhenTheFileIsOneLine() throws Exception {
    String oneLine = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Genmo.fixture().toFile()).toString();
    Path file = home.resolve("genmo-one-line.json");
    java.nio.file.Files.writeString(file, oneLine);
    assertThat(oneLine).doesNotContain("\n");
    vm.importFile().set(file);
    vm.previewImport();
    List<String> shown = vm.importReport().get().lines().filter(l -> l.startsWith("  ")).toList();
    assertThat(shown).hasSize(5);
    for (int i = 0; i < 5; i++) assertThat(shown.get(i)).startsWith("  record " + (i + 1) + ": [");
  }

  @Test
  void aPreviewWritesNothingAndAnImportReportsItsCounts() {
    assertThat(vm.importDisabled().get()).as("Import waits for a file").isTrue();
    vm.importFile().set(Genmo.fixture());
    assertThat(vm.importDisabled().get()).as("a chosen file enables Import").isFalse();
    vm.previewImport();
    assertThat(vm.importReport().get()).startsWith("genmo-fixture.json: 24 records, 0 already stored").contains("problems");
    assertThat(h.services.pairs().count(PairQuery.ALL)).as("a preview writes nothing").isZero();

    List<String> reports = new ArrayList<>();
    vm.importReport().addListener((o, a, b) -> reports.add(b));
    vm.runImport();
    assertThat(reports.get(0)).startsWith("Importing genmo-fixture.json");
    assertThat(vm.importReport().get()).startsWith("Imported 24 pairs into set genmo; 0 already stored (skipped); 0 invalid (skipped)");
    assertThat(vm.busy().get()).isFalse();
    assertThat(vm.progress().get()).isEqualTo(1.0);
    assertThat(afterImport).as("the review queue is told").isEqualTo(1);

    vm.runImport();
    assertThat(vm.importReport().get()).as("a second import skips what is stored").startsWith("Imported 0 pairs into set genmo; 24 already stored");
  }

  @Test
  void aFileWithInvalidRecordsIsRefusedNamingTheProblemsAndImportsNothing() throws Exception {
    Path bad = home.resolve("bad.json");
    Files.writeString(bad, "[{\"id\": 1}]");
    vm.importFile().set(bad);
    vm.runImport();
    assertThat(vm.importReport().get()).startsWith("Nothing was imported").contains("bad.json");
    assertThat(vm.busy().get()).isFalse();
    assertThat(afterImport).isZero();
    assertThat(h.services.pairs().count(PairQuery.ALL)).isZero();
  }

  @Test
  void theExportPreviewCountsAndShowsTheFirstRecordsAndTheExportWritesThemWithAManifest() throws Exception {
    Seeds seeds = new Seeds(h.services.pairs(), h.services.runs());
    long id = seeds.pair("Tom", "Tom kept the wallet for his son.", "Ann", "Ann kept the wallet for her son.", "Money", Stance.MORAL,
        "He was right.", Stance.IMMORAL, "She was wrong.", "The main character weighed need and honesty.",
        "The main character weighed need and honesty.");
    h.services.review().accept(id, "ada");
    seeds.plain(10, 2);
    assertThat(vm.formats()).contains("trl-dpo", "trl-sft-chat");
    vm.format().set("trl-sft-chat");
    assertThat(vm.example().get()).contains("completion");
    vm.status().set(ReviewStatus.ACCEPTED);

    vm.previewExport();
    assertThat(vm.exportReport().get()).startsWith("Pairs matching the filter: 1. The export leaves out incomplete pairs").contains("The first records in trl-sft-chat:").contains("\"completion\"");
    // no record to show: why nothing would be written, not "The first records in ...:" and nothing after it
    vm.status().set(ReviewStatus.REJECTED);
    vm.previewExport();
    assertThat(vm.exportReport().get()).startsWith("Pairs matching the filter: 0.").doesNotContain("The first records")
        .contains("nothing to export: no pair matched status rejected");
    vm.status().set(ReviewStatus.ACCEPTED);

    vm.split().set("half");
    vm.runExport(home.resolve("out/sft.jsonl"));
    assertThat(vm.exportReport().get()).isEqualTo("The test share must be a number between 0 and 1 (got 'half').");
    vm.split().set("");
    vm.runExport(home.resolve("out/sft.jsonl"));
    assertThat(vm.exportReport().get()).startsWith("Wrote 2 records (1 pair) to ");
    assertThat(vm.progress().get()).isEqualTo(1.0);
    assertThat(Files.readAllLines(home.resolve("out/sft.jsonl"))).hasSize(2);
    assertThat(home.resolve("out/.manifests/sft.jsonl.manifest.json")).exists();
  }

  @Test
  void anExportThatMatchesNothingSaysWhyAsTheCliDoes() {
    vm.importFile().set(Genmo.fixture());
    vm.runImport();
    vm.status().set(ReviewStatus.ACCEPTED);
    vm.runExport(home.resolve("out/none.jsonl"));
    assertThat(vm.exportReport().get()).startsWith("nothing to export: no pair matched status accepted")
        .contains("24 imported pairs have no judgments yet")
        .contains("(see \u201cevenhand stats\u201d)").contains("nothing was written").doesNotContain("`");
    assertThat(home.resolve("out")).as("issue 13: an empty export writes no file (nor its folder)").doesNotExist();
    assertThat(vm.busy().get()).isFalse();
  }

  /** Nothing to export is said before a file is asked for (the Save dialog opened first and the export refused after). */
  @Test
  void nothingToExportIsSaidBeforeAFileIsChosen() {
    vm.importFile().set(Genmo.fixture());
    vm.runImport();
    vm.format().set("trl-dpo");
    vm.status().set(ReviewStatus.ACCEPTED);
    List<String> chosen = new ArrayList<>();
    vm.checkThenExport(() -> chosen.add("trl-dpo"));
    assertThat(chosen).as("no Save dialog for an export of nothing").isEmpty();
    assertThat(vm.exportReport().get()).startsWith("nothing to export: ").contains("\u201cevenhand generate --from-set genmo --model TAG\u201d");
    vm.format().set("evenhand");
    vm.status().set(null);
    vm.checkThenExport(() -> chosen.add("evenhand"));
    assertThat(chosen).as("the backup of the imported set has pairs: the dialog opens").containsExactly("evenhand");
    assertThat(vm.exportFileName()).isEqualTo("evenhand.jsonl");
    vm.format().set("llama-factory");
    assertThat(vm.exportFileName()).isEqualTo("llama-factory.json");
    vm.format().set("csv");
    assertThat(vm.exportFileName()).isEqualTo("csv.csv");
  }

  @Test
  void theBackupOfAnImportedSetWritesEveryPairAndItsProgressEndsAtOne() throws Exception {
    vm.importFile().set(Genmo.fixture());
    vm.runImport();
    vm.format().set("evenhand");
    vm.status().set(null);
    // the preview counts and shows what the backup writes (it counted 0 and showed nothing for an imported set)
    vm.previewExport();
    assertThat(vm.exportReport().get()).startsWith("Pairs the backup holds: 24,");
    assertThat(vm.exportReport().get().lines().filter(l -> l.startsWith("{\"")).count()).as("records shown").isPositive();
    java.util.List<Double> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    vm.progress().addListener((o, was, now) -> seen.add(now.doubleValue()));
    vm.runExport(home.resolve("out/backup.jsonl"));
    assertThat(vm.exportReport().get()).startsWith("Wrote 24 records (24 pairs) to ");
    assertThat(Files.readAllLines(home.resolve("out/backup.jsonl"))).hasSize(24);
    assertThat(seen).as("the progress counts the pairs the backup reads, unjudged ones too").isNotEmpty().allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));

    // importing the backup: the set field is left blank for Evenhand's own JSONL, and the file's one set is the one filled
    vm.source().set(dev.evenhand.exchange.ImportService.Source.JSONL);
    assertThat(vm.setName().get()).isEmpty();
    vm.importFile().set(home.resolve("out/backup.jsonl"));
    vm.runImport();
    assertThat(vm.importReport().get()).startsWith("Imported 0 pairs into set genmo; 24 already stored");
  }

  @Test
  void theRecipeAndIncludeGenderedAreOfferedOnlyWhereTheyApply() {
    vm.format().set("trl-sft");
    assertThat(vm.recipeApplies().get()).as("an SFT format: the paper's recipe or CDA").isTrue();
    assertThat(vm.includeGenderedApplies().get()).isTrue();
    vm.recipe().set(ExportContext.Recipe.CDA);
    assertThat(vm.includeGenderedApplies().get()).as("CDA records carry no balanced judgment: no gate").isFalse();
    vm.format().set("evenhand");
    assertThat(vm.recipe().get()).as("CDA, which evenhand refuses, is not kept for it").isEqualTo(ExportContext.Recipe.PAPER);
    assertThat(vm.recipeApplies().get()).isFalse();
    assertThat(vm.includeGenderedApplies().get()).as("the backup keeps every pair: no gate").isFalse();
    vm.format().set("trl-dpo");
    assertThat(vm.recipeApplies().get()).as("a preference format: the paper's recipe only").isFalse();
    assertThat(vm.includeGenderedApplies().get()).isTrue();
  }

  @Test
  void aFileBelowItsConsumersMinimumIsWrittenWithAWarningOnTheScreen() {
    org.junit.jupiter.api.Assumptions.assumeTrue(h.services.exports().format("openai-dpo").minimumExamples().isPresent(),
        "openai-dpo's minimum of 10 is set in JsonFormats by the trainer formats' part of issue 13 (branch h13-fmt)");
    new Seeds(h.services.pairs(), h.services.runs()).plain(1, 1);
    h.services.review().accept(1, "ada");
    vm.format().set("openai-dpo");
    vm.status().set(ReviewStatus.ACCEPTED);
    vm.runExport(home.resolve("out/openai.jsonl"));
    assertThat(vm.exportReport().get()).as("issue 13: below OpenAI's minimum of 10 examples, said on the screen too").startsWith("Wrote 2 records")
        .contains("Warning: openai.jsonl has 2 records; fewer than the 10 that openai-dpo's trainer requires in a training file");
  }

  @Test
  void anExportLeavesAPairAcceptedWithAnOverrideOutAndSaysSoUnlessIncludeGendered() throws Exception {
    Seeds seeds = new Seeds(h.services.pairs(), h.services.runs());
    long id = seeds.pair("Tom", "Tom kept the wallet for his son.", "Ann", "Ann kept the wallet for her son.", "Money", Stance.MORAL,
        "He was right.", Stance.IMMORAL, "She was wrong.", "Tom weighed need and honesty; he chose need.",
        "The main character weighed need and honesty.");
    h.services.review().accept(id, "ada", true);
    vm.format().set("trl-dpo");
    vm.status().set(ReviewStatus.ACCEPTED);
    vm.runExport(home.resolve("out/dpo.jsonl"));
    assertThat(vm.exportReport().get()).startsWith("nothing to export: left out 1 pair whose balanced judgment is not gender-neutral "
        + "(1 accepted with an override, 0 flagged by the lint)").doesNotContain("no pair matched");
    assertThat(home.resolve("out/dpo.jsonl")).as("issue 13: an export that writes no pair writes no file").doesNotExist();

    vm.includeGendered().set(true);
    vm.runExport(home.resolve("out/dpo.jsonl"));
    assertThat(vm.exportReport().get()).startsWith("Wrote 2 records (1 pair) to ");
    assertThat(Files.readString(home.resolve("out/dpo.jsonl"))).contains("Tom weighed need and honesty; he chose need.");
    assertThat(Files.readString(home.resolve("out/.manifests/dpo.jsonl.manifest.json"))).contains("\"gendered_kept\" : 1");
  }
}
