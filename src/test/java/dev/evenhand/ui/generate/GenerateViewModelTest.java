package dev.evenhand.ui.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.store.PairQuery;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.testing.ViewModelHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Generate screen's view model without JavaFX: a batch runs on the test's thread. */
class GenerateViewModelTest {
  @TempDir Path home;
  private ViewModelHarness h;
  private GenerateViewModel vm;
  private final AtomicReference<Runnable> onChat = new AtomicReference<>(() -> { });
  private int finished;

  @BeforeEach
  void setUp() throws Exception {
    ScriptedStoryModel model = new ScriptedStoryModel();
    h = new ViewModelHarness(home, FakeOllama.start().models("mistral:7b", "llama3.1:8b").onChat(call -> {
      onChat.get().run();
      return model.handle(call);
    }));
    vm = h.screens.generate();
    vm.setOnFinished(() -> finished++);
    vm.loadThemes();
  }

  @AfterEach
  void tearDown() { h.close(); }

  @Test
  void theServersModelsAreOfferedWithTheDefaultModelChosen() {
    assertThat(vm.themesLabel().get()).startsWith("Packed themes (");
    vm.setModels(List.of("mistral:7b", "llama3.1:8b"));
    assertThat(vm.models()).containsExactly("mistral:7b", "llama3.1:8b");
    assertThat(vm.model().get()).isEqualTo("llama3.1:8b");
    vm.model().set("mistral:7b");
    vm.setModels(List.of("mistral:7b", "llama3.1:8b", "qwen2.5:7b"));
    assertThat(vm.model().get()).as("the choice stays while the server has it").isEqualTo("mistral:7b");
    vm.setModels(List.of("llama3.1:70b", "qwen2.5:7b"));
    assertThat(vm.model().get()).as("else one of the default model's family").isEqualTo("llama3.1:70b");
  }

  @Test
  void aStartedBatchUpdatesStatusProgressAndTheLiveLog() {
    vm.setModels(List.of("mistral:7b", "llama3.1:8b"));
    vm.pairs().set(2);
    List<String> statuses = new ArrayList<>();
    vm.status().addListener((o, a, b) -> statuses.add(b));

    vm.start();

    assertThat(statuses.get(0)).isEqualTo("Checking llama3.1:8b on the server\u2026");
    assertThat(statuses).anyMatch(s -> s.matches("\\d of 2 pairs stored \u00b7 \\d+ of 10 attempts"));
    assertThat(vm.status().get()).startsWith("Done: 2 of 2 pairs stored after ");
    assertThat(vm.progress().get()).isEqualTo(1.0);
    assertThat(vm.running().get()).isFalse();
    assertThat(vm.figures().get()).contains("pairs/min").contains("tokens/s");
    assertThat(vm.log().get(0)).isEqualTo("Run 1 started: 2 pairs wanted from llama3.1:8b");
    assertThat(vm.log()).filteredOn(l -> l.contains("stored")).hasSize(2);
    assertThat(finished).isEqualTo(1);
    assertThat(h.services.pairs().count(PairQuery.ALL)).isEqualTo(2);
  }

  @Test
  void theStoredPairsAreListedAsTheyComeAndOpenReviewIsOfferedOnceThereIsOne() {
    vm.setModels(List.of("llama3.1:8b"));
    vm.pairs().set(3);
    List<Boolean> offeredWhileStoring = new ArrayList<>();
    vm.stored().addListener((javafx.collections.ListChangeListener<GenerateViewModel.StoredPair>) c ->
        offeredWhileStoring.add(vm.canOpenReview().get()));
    int[] opened = {0};
    vm.setOnOpenReview(() -> opened[0]++);
    vm.openReview();
    assertThat(opened[0]).as("nothing to review before a pair is stored").isZero();
    assertThat(vm.canOpenReview().get()).isFalse();

    vm.start();

    assertThat(vm.stored()).hasSize(3);
    // in the order they were stored, which is not always id order: a pair can finish its steps before an earlier one
    assertThat(vm.stored()).extracting(GenerateViewModel.StoredPair::id)
        .containsExactlyInAnyOrderElementsOf(h.services.pairs().ids(PairQuery.ALL));
    assertThat(vm.stored().get(0).toString()).matches("#\\d+  \\S.* / \\S.* \u00b7 \\S+ \u00b7 \\S.* / \\S.*");
    assertThat(offeredWhileStoring).as("the list fills while the run goes on, Open Review offered from the first pair").contains(true);
    assertThat(vm.log().get(vm.log().size() - 1)).as("the log ends with the last pair stored").endsWith("3 of 3");
    assertThat(vm.canOpenReview().get()).isTrue();
    vm.openReview();
    assertThat(opened[0]).isEqualTo(1);
    assertThat(vm.log()).noneMatch(l -> l.contains("`"));
  }

  @Test
  void aCancelledBatchSaysSoAndTheRunStaysResumable() {
    vm.setModels(List.of("llama3.1:8b"));
    vm.pairs().set(5);
    onChat.set(vm::cancel);

    vm.start();

    assertThat(vm.status().get()).startsWith("Cancelled: ").endsWith("\u201cResume last run\u201d goes on from here.");
    assertThat(vm.running().get()).isFalse();
    assertThat(finished).isEqualTo(1);
    assertThat(h.services.runs().find(1).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

    // Resume last run goes on from what is stored, on this screen (it only named the CLI command before: a newcomer)
    onChat.set(() -> { });
    vm.resume();
    assertThat(vm.log().get(0)).isEqualTo("Run 1 resumed: 5 pairs wanted from llama3.1:8b");
    assertThat(vm.status().get()).startsWith("Done: 5 of 5 pairs stored");
    assertThat(h.services.runs().find(1).orElseThrow().status()).isNotEqualTo(RunStatus.RUNNING);
    vm.resume();
    assertThat(vm.status().get()).as("nothing left to resume").startsWith("nothing to resume: no interrupted generation run");
  }

  /** The fields' text as the user left it is checked at Start: "abc" started a run with the number before, 0 became 1. */
  @Test
  void numbersThatAreNotWholeOrInRangeAreNamedAndNoRunStarts() {
    vm.setModels(List.of("llama3.1:8b"));
    vm.model().set("llama3.1:8b");
    vm.start("abc", "1");
    assertThat(vm.status().get()).isEqualTo("Pairs wanted: a whole number from 1 to 100,000 (the field holds \u201cabc\u201d). Nothing was started.");
    vm.start("0", "1");
    assertThat(vm.status().get()).contains("Pairs wanted").contains("\u201c0\u201d");
    vm.start("5", "65");
    assertThat(vm.status().get()).startsWith("Requests in flight: a whole number from 1 to 64");
    assertThat(vm.running().get()).isFalse();
    assertThat(h.services.runs().find(1)).isEmpty();
    vm.start(" 2 ", "1");
    assertThat(vm.pairs().get()).isEqualTo(2);
    assertThat(vm.status().get()).as("a valid number starts the run (run here to its end)").startsWith("Done: 2 of 2 pairs stored");
  }

  @Test
  void aModelTheServerLacksIsNamedAndNoRunStarts() {
    vm.setModels(List.of("llama3.1:8b"));
    vm.model().set("qwen2.5:7b");
    vm.start();
    assertThat(vm.status().get()).contains("qwen2.5:7b").contains("\u201collama pull qwen2.5:7b\u201d").doesNotContain("`");
    assertThat(vm.log()).containsExactly(vm.status().get());
    assertThat(h.services.runs().find(1)).isEmpty();
    vm.model().set(null);
    vm.start();
    assertThat(vm.status().get()).isEqualTo("Choose a model first (the server lists its models above).");
    // no model listed (the server is away, or has none): "choose one" would point at an empty list
    vm.setModels(List.of());
    vm.start();
    assertThat(vm.status().get()).startsWith("No model to choose from: the Ollama server is not reachable").contains("Models screen");
  }

  @Test
  void aThemesFileOfTheUsersIsUsedAndABadOneIsRefusedNamingLineAndField() throws Exception {
    Path good = home.resolve("mine.jsonl");
    Files.writeString(good, "{\"id\":\"x1\",\"environment\":\"Work\",\"theme\":\"Someone reports a friend.\"}\n");
    vm.useThemesFile(good);
    assertThat(vm.themesLabel().get()).isEqualTo("mine.jsonl (1 themes)");
    Path bad = home.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\":\"x1\",\"theme\":\"no environment\"}\n");
    vm.useThemesFile(bad);
    assertThat(vm.status().get()).startsWith("That themes file cannot be used: bad.jsonl:1:environment");
    Path latin1 = home.resolve("latin1.jsonl");
    Files.write(latin1, new byte[] {'{', (byte) 0xe9, '}'});
    vm.useThemesFile(latin1);
    assertThat(vm.status().get()).isEqualTo("That themes file cannot be used: latin1.jsonl: not valid UTF-8");
    assertThat(vm.themesLabel().get()).as("the good file stays in use").isEqualTo("mine.jsonl (1 themes)");
  }
}
