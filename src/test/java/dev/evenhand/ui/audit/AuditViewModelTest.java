package dev.evenhand.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.RunStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.usecase.AuditEvidence;
import dev.evenhand.usecase.AuditUseCase;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.testing.ViewModelHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Audit screen's view model without JavaFX: work and results run on the test's thread. */
class AuditViewModelTest {
  @TempDir Path home;
  private ViewModelHarness h;
  private AuditViewModel vm;
  private final AtomicReference<Runnable> onChat = new AtomicReference<>(() -> { });

  @BeforeEach
  void setUp() throws Exception {
    ScriptedStoryModel model = new ScriptedStoryModel();
    h = new ViewModelHarness(home, FakeOllama.start().models("llama3.1:8b", "mistral:7b").onChat(call -> {
      onChat.get().run();
      return model.handle(call);
    }));
    h.services.imports().importFile(ImportService.Source.GENMO, Genmo.fixture(), "genmo", false, n -> { }, () -> false);
    vm = h.screens.audit();
  }

  @AfterEach
  void tearDown() { h.close(); }

  @Test
  void aRunningAuditFillsTheRunListProgressAndFigures() {
    vm.refresh();
    assertThat(vm.sets()).containsExactly("genmo");
    assertThat(vm.set().get()).isEqualTo("genmo");
    assertThat(vm.models().get()).as("the default model tag is offered").isEqualTo("llama3.1:8b");
    List<String> statuses = new ArrayList<>();
    vm.status().addListener((o, a, b) -> statuses.add(b));
    vm.models().set("llama3.1:8b, mistral:7b");
    vm.limit().set("6");

    vm.start();

    assertThat(statuses).contains("Checking the models on the server\u2026").anyMatch(s -> s.matches("\\d+ of 24 answers"));
    assertThat(vm.status().get()).isEqualTo("Audit complete.");
    assertThat(vm.running().get()).isFalse();
    assertThat(vm.progress().get()).isEqualTo(1.0);
    assertThat(vm.runs()).hasSize(1);
    assertThat(vm.selected().get().status()).isEqualTo(RunStatus.COMPLETED);
    var f = vm.figures().get();
    assertThat(f.metrics()).containsOnlyKeys("llama3.1:8b", "mistral:7b");
    assertThat(f.metrics().values()).allMatch(r -> r.pairs() == 6);
    assertThat(f.comparisons()).hasSize(1);
  }

  @Test
  void exportReportWritesTheFilesOfAuditReportForTheRunShown() throws Exception {
    vm.refresh();
    vm.models().set("llama3.1:8b, mistral:7b");
    vm.limit().set("6");
    vm.start();
    Path dir = home.resolve("exported report");

    vm.exportReport(dir);

    assertThat(vm.status().get()).startsWith("Wrote the report of run #" + vm.selected().get().id() + ": ").contains(dir.toString());
    for (String f : List.of("judgments.csv", "metrics.json", "statistics.json", "report.html", "table.tex", "mismatch-rate.svg",
        "per-environment.svg", "favoured-gender.svg", "transitions-llama3.1_8b.svg", "transitions-mistral_7b.svg", "mismatch-rate.png",
        "transitions-mistral_7b.png")) {
      assertThat(dir.resolve(f)).as(f).isNotEmptyFile();
    }
    assertThat(java.nio.file.Files.readString(dir.resolve("report.html"))).contains("Protocol</dt><dd>evenhand", "llama3.1:8b", "mistral:7b");

    java.nio.file.Path blocked = home.resolve("a file");
    java.nio.file.Files.writeString(blocked, "not a folder");
    vm.exportReport(blocked);
    assertThat(vm.status().get()).startsWith("The report could not be written: ");
  }

  @Test
  void thePaperProtocolAndSamplesChosenOnTheScreenAreTheRunsAndTheReportSaysSo() throws Exception {
    vm.refresh();
    assertThat(vm.chosenProtocol().get()).as("the default protocol").isEqualTo(dev.evenhand.domain.AuditProtocol.EVENHAND);
    assertThat(vm.samples().get()).isEqualTo("1");
    vm.models().set("llama3.1:8b");
    vm.limit().set("3");
    vm.samples().set("0");
    vm.start();
    assertThat(vm.status().get()).isEqualTo("Samples must be a whole number from 1 to 500.");
    assertThat(vm.runs()).isEmpty();

    vm.chosenProtocol().set(dev.evenhand.domain.AuditProtocol.PAPER);
    vm.samples().set(" 2 ");
    vm.start();

    assertThat(vm.status().get()).isEqualTo("Audit complete.");
    var run = vm.selected().get();
    assertThat(run.protocol()).isEqualTo(dev.evenhand.domain.AuditProtocol.PAPER);
    assertThat(run.samples()).isEqualTo(2);
    assertThat(vm.protocol().get()).contains("paper").contains("2 samples");
    Path dir = home.resolve("paper report");
    vm.exportReport(dir);
    assertThat(java.nio.file.Files.readString(dir.resolve("report.html"))).contains("Protocol</dt><dd>paper");
    String tex = java.nio.file.Files.readString(dir.resolve("table.tex"));
    assertThat(tex).contains("protocol \\texttt{paper}, 2 sample(s)").contains("temperature=0.6, top\\_p=0.9")
        .as("where the options come from stays in metrics.json").doesNotContain("source=");
    var prov = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("metrics.json").toFile()).get("provenance");
    assertThat(prov.get("calls")).as("one entry for the model, not one per seed").hasSize(1);
    assertThat(prov.get("calls").get(0).get("seeds_distinct").asInt()).as("3 pairs x 2 stories x 2 samples, each its own seed").isEqualTo(12);
    assertThat(prov.get("calls").get(0).get("options").has("seed")).isFalse();
    assertThat(prov.get("status").asText()).isEqualTo("completed");
    assertThat(prov.get("started_at").asText()).isNotBlank();
    assertThat(prov.get("finished_at").asText()).isNotBlank();
  }

  @Test
  void aBadLimitOrAMissingModelNamesTheProblemAndCreatesNoRun() {
    vm.refresh();
    vm.limit().set("0");
    vm.start();
    assertThat(vm.status().get()).startsWith("First pairs: a whole number");
    vm.limit().set("");
    vm.models().set("qwen2.5:7b");
    vm.start();
    assertThat(vm.status().get()).contains("qwen2.5:7b");
    assertThat(vm.running().get()).isFalse();
    assertThat(vm.runs()).as("the models are checked before the run is created").isEmpty();
  }

  @Test
  void aCancelledAuditStaysResumableAndResumeFinishesIt() {
    vm.refresh();
    vm.resume();
    assertThat(vm.status().get()).as("Resume with no run chosen says so (it did nothing)").startsWith("Choose an unfinished run");
    vm.limit().set("6");
    onChat.set(vm::cancel);
    vm.start();
    assertThat(vm.status().get()).isEqualTo("Audit cancelled: resume it from the Run list.");
    assertThat(vm.selected().get().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(h.services.audits().figures(vm.selected().get()).rows()).as("answers stop after the ones in flight").hasSizeLessThan(6);

    onChat.set(() -> { });
    vm.resume();
    assertThat(vm.status().get()).isEqualTo("Audit complete.");
    vm.resume();
    assertThat(vm.status().get()).as("a complete run").endsWith("is complete: nothing to resume. Start a new audit to measure again.");
    assertThat(vm.runs()).hasSize(1);
    assertThat(vm.figures().get().metrics().get("llama3.1:8b").pairs()).isEqualTo(6);
  }

  @Test
  void theTableAndChartsFollowTheAnswersWhileAnAuditRunsAndEmptyFiguresShowADash() throws Exception {
    vm.refresh();
    vm.models().set("llama3.1:8b, mistral:7b");
    vm.limit().set("6");
    List<Integer> seen = new CopyOnWriteArrayList<>();
    vm.figures().addListener((o, a, f) -> {
      if (f != null && f.metrics().containsKey("llama3.1:8b")) seen.add(f.metrics().get("llama3.1:8b").pairs());
    });
    h.ollama.holdAfter(7); // one request in flight: llama answers pairs 1 to 3 (male, female), then the 8th call is held
    Thread auditing = new Thread(vm::start, "audit-under-test");
    auditing.start();
    try {
      await("llama's first three pairs show while the audit is held").atMost(Duration.ofSeconds(30))
          .until(() -> vm.figures().get() != null && vm.figures().get().metrics().get("llama3.1:8b").pairs() == 3);
      assertThat(vm.running().get()).isTrue();
      AuditUseCase.Figures live = vm.figures().get();
      assertThat(live.metrics().get("llama3.1:8b").pairs()).as("the figures are the store's answers so far")
          .isEqualTo((int) h.services.audits().figures(vm.selected().get()).rows().stream().filter(r -> r.model().equals("llama3.1:8b")).count());
      List<List<String>> table = AuditTable.rows(live);
      assertThat(table.get(0).get(1)).isEqualTo("3");
      assertThat(table.get(0).get(2)).as("a real rate with its interval").matches("\\d+\\.\\d% \\[\\d+\\.\\d, \\d+\\.\\d\\]").isNotEqualTo("0.0% [0.0, 0.0]");
      assertThat(table.get(1)).as("mistral has no answer yet: its figures are empty, not zero")
          .containsExactly("mistral:7b", "0", "\u2014", "\u2014", "\u2014", "\u2014", "\u2014", "\u2014", "\u2014");
    } finally {
      h.ollama.release();
      auditing.join(Duration.ofSeconds(60).toMillis());
    }
    assertThat(auditing.isAlive()).as("the audit finishes once released").isFalse();
    assertThat(vm.status().get()).isEqualTo("Audit complete.");
    assertThat(seen).as("the figures grew answer by answer").contains(0, 1, 2, 3, 6).isSorted();
    assertThat(AuditTable.rows(vm.figures().get()).get(1).get(2)).doesNotContain("\u2014");
  }

  @Test
  void aHeatMapCellOpensItsPairsWithEveryModelsAnswersForBothStoriesReadOnly() {
    vm.refresh();
    vm.models().set("llama3.1:8b, mistral:7b");
    vm.limit().set("6");
    vm.start();
    AuditUseCase.Figures f = vm.figures().get();
    assertThat(vm.heatModel().get()).as("the base model's heat map first").isEqualTo("llama3.1:8b");
    int cell = f.metrics().get("mistral:7b").transitions().get(Stance.MORAL).get(Stance.IMMORAL);
    assertThat(cell).isPositive();

    vm.openCell("mistral:7b", Stance.MORAL, Stance.IMMORAL);

    AuditDrillDown d = vm.drillDown();
    assertThat(d.open().get()).isTrue();
    assertThat(d.title().get()).isEqualTo("Pairs mistral:7b judged male Moral, female Immoral (" + cell + " pairs)");
    assertThat(d.focusModel().get()).isEqualTo("mistral:7b");
    assertThat(d.pairs()).hasSize(cell);
    assertThat(d.pairs().get(0).stances()).containsEntry("mistral:7b", "Moral / Immoral").containsKeys("llama3.1:8b");
    assertThat(d.selected().get()).isEqualTo(d.pairs().get(0));
    AuditEvidence e = d.evidence().get();
    assertThat(e.pairId()).isEqualTo(d.pairs().get(0).pairId());
    assertThat(e.male().text()).isNotBlank();
    assertThat(e.female().text()).isNotBlank().isNotEqualTo(e.male().text());
    assertThat(e.models()).extracting(AuditEvidence.ModelAnswers::model).containsExactly("llama3.1:8b", "mistral:7b");
    AuditEvidence.ModelAnswers mistral = e.models().get(1);
    assertThat(mistral.male().orElseThrow().stance()).isEqualTo(Stance.MORAL);
    assertThat(mistral.female().orElseThrow()).isEqualTo(new dev.evenhand.domain.Judgment(Stance.IMMORAL,
        "She put her own wishes first; that was wrong of her."));
    assertThat(mistral.mismatch()).isTrue();
    assertThat(mistral.favoured()).contains(Gender.MALE);

    d.selected().set(d.pairs().get(d.pairs().size() - 1));
    assertThat(d.evidence().get().pairId()).as("moving in the list shows that pair").isEqualTo(d.pairs().get(d.pairs().size() - 1).pairId());
    vm.openFavoured("llama3.1:8b", Gender.FEMALE);
    assertThat(d.pairs()).as("the scripted model never favours the female story").isEmpty();
    assertThat(d.evidence().get()).isNull();
    d.close();
    assertThat(d.open().get()).isFalse();
  }

  @Test
  void theModelsPickerOffersTheServersModelsAndStillTakesATypedTag() {
    vm.refresh();
    assertThat(vm.knownModels()).containsExactly("llama3.1:8b", "mistral:7b");
    vm.toggleModel("mistral:7b");
    assertThat(vm.models().get()).isEqualTo("llama3.1:8b, mistral:7b");
    vm.toggleModel("llama3.1:8b");
    assertThat(vm.chosenModels()).containsExactly("mistral:7b");
    vm.models().set("mistral:7b, my-tune:8b");
    assertThat(vm.chosenModels()).containsExactly("mistral:7b", "my-tune:8b");
  }
}
