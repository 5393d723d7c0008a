package dev.evenhand.ui.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.llm.ServerModel;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ViewModelHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Models screen's view model without JavaFX: the server is asked on the test's thread. */
class ModelsViewModelTest {
  @TempDir Path home;
  private ViewModelHarness h;
  private ModelsViewModel vm;
  private int pulled;

  @BeforeEach
  void setUp() throws Exception {
    h = new ViewModelHarness(home, FakeOllama.start().models("llama3.1:8b", "mistral:7b").pullSteps(20, Duration.ofMillis(2)));
    vm = h.screens.models();
    vm.setOnPulled(() -> pulled++);
  }

  @AfterEach
  void tearDown() { h.close(); }

  @Test
  void theServersModelsAreListedAndASelectedModelShowsItsDetails() {
    vm.refresh();
    assertThat(vm.server().get()).isEqualTo("Ollama 0.12.6 at " + h.ollama.url());
    assertThat(vm.models()).extracting(ServerModel::tag).containsExactly("llama3.1:8b", "mistral:7b");
    assertThat(vm.cpuWarning().get()).isEmpty();
    vm.select(vm.models().get(1));
    assertThat(vm.details().get()).isEqualTo("mistral:7b: context length 131,072 tokens \u00b7 capabilities: completion, tools");
    vm.select(null);
    assertThat(vm.details().get()).isEmpty();
  }

  @Test
  void aPullShowsProgressThenTheNewModel() {
    assertThat(vm.pullTag().get()).as("the default model tag is offered").isEqualTo("llama3.1:8b");
    List<Double> progress = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    vm.pullProgress().addListener((o, a, b) -> progress.add(b.doubleValue()));
    vm.pullStatus().addListener((o, a, b) -> lines.add(b));
    vm.pullTag().set(" qwen2.5:7b ");

    vm.pull();

    assertThat(progress).anyMatch(p -> p > 0 && p < 1);
    assertThat(lines).anyMatch(l -> l.contains(" GB (") && l.endsWith("MB/s"));
    assertThat(vm.pullStatus().get()).isEqualTo("qwen2.5:7b is on the server.");
    assertThat(vm.pullProgress().get()).isEqualTo(1.0);
    assertThat(vm.pulling().get()).isFalse();
    assertThat(pulled).isEqualTo(1);
    assertThat(vm.models()).extracting(ServerModel::tag).contains("qwen2.5:7b");
  }

  @Test
  void aCancelledPullSaysSoAndAFailedOneNamesTheError() {
    vm.pullTag().set("qwen2.5:7b");
    vm.pullProgress().addListener((o, a, b) -> {
      if (b.doubleValue() > 0.2) vm.cancelPull();
    });
    vm.pull();
    assertThat(vm.pullStatus().get()).isEqualTo("Pull of qwen2.5:7b cancelled.");
    assertThat(vm.pullProgress().get()).isZero();
    assertThat(pulled).isZero();

    h.ollama.pullFails("nosuch:1b");
    vm.pullTag().set("nosuch:1b");
    vm.pull();
    assertThat(vm.pullStatus().get()).contains("file does not exist");
    assertThat(vm.pulling().get()).isFalse();
  }

  @Test
  void anUnreachableServerIsSaidInTheServerLine() {
    h.ollama.stop();
    vm.refresh();
    assertThat(vm.server().get()).contains(h.ollama.url());
    assertThat(vm.models()).isEmpty();
  }
}
