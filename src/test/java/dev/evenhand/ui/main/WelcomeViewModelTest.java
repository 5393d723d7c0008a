package dev.evenhand.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ViewModelHarness;
import dev.evenhand.usecase.ServerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first-run welcome panel's view model, without JavaFX. */
class WelcomeViewModelTest {
  @TempDir Path home;
  private ViewModelHarness h;
  private WelcomeViewModel vm;

  @BeforeEach
  void setUp() throws Exception {
    h = new ViewModelHarness(home, FakeOllama.start().models("mistral:7b").pullSteps(4, Duration.ofMillis(2)));
    vm = h.screens.welcome();
  }

  @AfterEach
  void tearDown() { h.close(); }

  @Test
  void unreachableOffersTheStepsThenThePullThenTheFirstBatch() {
    assertThat(vm.model()).isEqualTo("llama3.1:8b");
    assertThat(vm.modelStep()).contains("ollama pull llama3.1:8b");
    assertThat(vm.pullLabel()).isEqualTo("Pull llama3.1:8b");
    ServerState down = new ServerState(h.ollama.url(), false, "", List.of(), "connection refused");
    vm.show(down);
    assertThat(vm.showSteps().get()).isTrue();
    assertThat(vm.offerCheck().get()).isTrue();
    assertThat(vm.serverStep().get()).contains("ollama serve").contains(h.ollama.url());
    assertThat(vm.state().get()).startsWith("Ollama is not answering at " + h.ollama.url());
    assertThat(vm.ready(down)).isFalse();
    assertThat(vm.intro().get()).endsWith("Three steps get you there:");

    ServerState noModel = new ServerState(h.ollama.url(), true, "0.12.6", List.of("mistral:7b"), "");
    vm.show(noModel);
    assertThat(vm.showSteps().get()).isFalse();
    assertThat(vm.offerPull().get()).isTrue();
    assertThat(vm.offerFirstBatch().get()).isFalse();
    assertThat(vm.state().get()).isEqualTo("Ollama 0.12.6 is running, but it does not have llama3.1:8b yet.");
    assertThat(vm.intro().get()).as("no steps are shown, so none are announced").doesNotContain("Three steps").endsWith("one step is left: get the model.");

    int[] pulled = {0};
    vm.pull(() -> pulled[0]++);
    assertThat(pulled[0]).isEqualTo(1);
    assertThat(vm.pullStarted().get()).isTrue();
    assertThat(vm.pulling().get()).isFalse();
    assertThat(vm.pullProgress().get()).isEqualTo(1.0);
    assertThat(h.ollama.modelTags()).contains("llama3.1:8b");

    ServerState ready = new ServerState(h.ollama.url(), true, "0.12.6", List.of("mistral:7b", "llama3.1:8b"), "");
    vm.show(ready);
    assertThat(vm.ready(ready)).isTrue();
    assertThat(vm.offerFirstBatch().get()).isTrue();
    assertThat(vm.offerPull().get()).isFalse();
    assertThat(vm.showSteps().get()).isFalse();
    assertThat(vm.pullStarted().get()).as("the finished pull's bar goes").isFalse();
    assertThat(vm.intro().get()).doesNotContain("steps").endsWith("everything is ready.");
    assertThat(vm.state().get()).as("what to do next").startsWith("Ollama 0.12.6 is running with llama3.1:8b. Next: generate a first batch");
    vm.firstBatchStarted();
    assertThat(vm.state().get()).startsWith("Generating a first batch of 3 pairs with llama3.1:8b");
  }

  @Test
  void aFailedPullIsShownAndThePullCanBeTriedAgain() {
    h.ollama.pullFails("llama3.1:8b");
    int[] pulled = {0};
    vm.pull(() -> pulled[0]++);
    assertThat(pulled[0]).isZero();
    assertThat(vm.state().get()).contains("file does not exist");
    assertThat(vm.pulling().get()).isFalse();
  }
}
