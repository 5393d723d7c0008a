package dev.evenhand.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.RunStatus;
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
    vm.limit().set("6");
    onChat.set(vm::cancel);
    vm.start();
    assertThat(vm.status().get()).isEqualTo("Audit cancelled: resume it from the Run list.");
    assertThat(vm.selected().get().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(h.services.audits().figures(vm.selected().get()).rows()).as("answers stop after the ones in flight").hasSizeLessThan(6);

    onChat.set(() -> { });
    vm.resume();
    assertThat(vm.status().get()).isEqualTo("Audit complete.");
    assertThat(vm.runs()).hasSize(1);
    assertThat(vm.figures().get().metrics().get("llama3.1:8b").pairs()).isEqualTo(6);
  }
}
