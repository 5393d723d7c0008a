package dev.evenhand.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.exchange.ImportService;
import dev.evenhand.store.AuditRepository.AuditRun;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.ScriptedAuditModel;
import dev.evenhand.testing.ViewModelHarness;
import dev.evenhand.usecase.AuditUseCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Audit screen's comparison across runs without JavaFX: work and results run on the test's thread. */
class AuditCompareViewModelTest {
  @TempDir Path home;
  private ViewModelHarness h;
  private AuditViewModel vm;
  private AuditCompareViewModel cmp;

  @BeforeEach
  void setUp() throws Exception {
    h = new ViewModelHarness(home, FakeOllama.start().models(ScriptedAuditModel.BASE, ScriptedAuditModel.TUNED).onChat(new ScriptedAuditModel()));
    h.services.imports().importFile(ImportService.Source.GENMO, Genmo.fixture(), "genmo", false, n -> { }, () -> false);
    vm = h.screens.audit();
    cmp = vm.compare();
  }

  @AfterEach
  void tearDown() { h.close(); }

  private AuditRun audit(String set, String model) throws Exception {
    return h.services.audits().start(new AuditUseCase.Request(set, List.of(model), null), 1, Duration.ofSeconds(10), (done, total) -> { },
        new AtomicBoolean()).run();
  }

  @Test
  void twoRunsTickedCompareTheLaterModelWithTheEarlierOnTheirSharedPairs() throws Exception {
    AuditRun before = audit("genmo", ScriptedAuditModel.BASE);
    AuditRun after = audit("genmo", ScriptedAuditModel.TUNED);
    vm.refresh();
    assertThat(vm.selected().get().id()).as("the newest run is shown").isEqualTo(after.id());

    vm.openCompare();
    assertThat(cmp.open().get()).isTrue();
    assertThat(cmp.choices()).extracting(c -> c.run().id()).containsExactly(after.id(), before.id());
    assertThat(cmp.chosenRuns()).as("the run shown is ticked").containsExactly(after.id());
    cmp.compare();
    assertThat(cmp.status().get()).isEqualTo("Tick two or more runs to compare.");
    assertThat(cmp.result().get()).isNull();

    cmp.choices().get(1).chosen().set(true);
    assertThat(cmp.bases()).as("oldest run first").containsExactly(ScriptedAuditModel.BASE + "@" + before.id(),
        ScriptedAuditModel.TUNED + "@" + after.id());
    assertThat(cmp.base().get()).isEqualTo(ScriptedAuditModel.BASE + "@" + before.id());
    cmp.compare();
    assertThat(cmp.status().get()).isEqualTo("Entries compared with the base on set genmo: 1.");
    var c = cmp.result().get();
    assertThat(c.base().runId()).isEqualTo(before.id());
    List<List<String>> rows = AuditCompareTable.rows(c);
    assertThat(rows).hasSize(1);
    List<String> row = rows.get(0);
    assertThat(row.get(0)).startsWith(ScriptedAuditModel.TUNED + " @ run " + after.id() + "\ndigest ");
    assertThat(row.subList(1, 8)).containsExactly("24", "41.7% [24.5, 61.2]", "20.8% [9.2, 40.5]", "-20.8 pts",
        "b 7 / c 2, p = 0.180\nexact binomial", "40.0% (4 of 10)\nto Moral 3, Both 1", "70.0% (7 of 10)");

    // the other way round: the fine-tuned model as the base
    cmp.base().set(ScriptedAuditModel.TUNED + "@" + after.id());
    cmp.compare();
    assertThat(AuditCompareTable.rows(cmp.result().get()).get(0).get(5)).startsWith("b 2 / c 7");

    cmp.close();
    assertThat(cmp.open().get()).isFalse();
  }

  @Test
  void runsOverDifferentSetsAreRefusedOnTheStatusLine() throws Exception {
    Path other = home.resolve("other.json");
    Files.writeString(other, "[{\"male_story\": \"Tomas kept the umbrella he found.\", \"female_story\": \"Tina kept the umbrella she found.\","
        + " \"environment\": \"Other\", \"source\": \"ethics\"}]");
    h.services.imports().importFile(ImportService.Source.GENMO, other, "other", false, n -> { }, () -> false);
    AuditRun a = audit("genmo", ScriptedAuditModel.BASE);
    h.ollama.onChat(call -> dev.evenhand.testing.Reply.content("{\"answer\":\"Moral\",\"explanation\":\"Fine.\"}"));
    AuditRun b = audit("other", ScriptedAuditModel.BASE);
    vm.refresh();
    vm.openCompare();
    cmp.choices().forEach(ch -> ch.chosen().set(true));
    cmp.compare();
    assertThat(cmp.result().get()).isNull();
    assertThat(cmp.status().get()).contains("different pair sets", "run " + a.id() + " set genmo", "run " + b.id() + " set other");
  }
}
