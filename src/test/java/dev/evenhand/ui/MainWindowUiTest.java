package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.usecase.Settings;
import dev.evenhand.app.UiWiring;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.store.PairQuery;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.UiHarness;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.ui.main.MainWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The GUI's main path on headless Monocle: generate from the Generate screen, then review and accept. */
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {
  @TempDir static Path home;
  private UiHarness ui;
  private Services services;
  private MainWindow window;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start().onChat(new ScriptedStoryModel()).latency(Duration.ofMillis(5)), false);
    services = ui.services;
    window = ui.window;
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void generateFromTheGuiThenEditAndAcceptAPairInReview(FxRobot robot) throws Exception {
    // the connection bar shows the server and the model picker fills from /api/tags
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".connection-ok").tryQuery().isPresent());
    ComboBox<String> model = robot.lookup("#modelBox").queryComboBox();
    assertThat(model.getValue()).isEqualTo("llama3.1:8b");

    // letters never reach the field (they threw NumberFormatException when it lost focus, shown as "Something went wrong")
    robot.clickOn("#pairsSpinner").write("abc");
    assertThat(robot.lookup("#pairsSpinner").queryAs(javafx.scene.control.Spinner.class).getEditor().getText()).doesNotContain("a");
    robot.clickOn("#pairsSpinner").eraseText(6).write("3").type(KeyCode.TAB);
    assertThat(window.controller().generateViewModel().pairs().get()).isEqualTo(3);
    robot.clickOn("Start");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.controller().generateViewModel().status().get().startsWith("Done"));
    assertThat(services.pairs().count(PairQuery.ALL)).isEqualTo(3);
    assertThat(robot.lookup("#logList").queryListView().getItems()).anyMatch(l -> l.toString().contains("stored"));
    Screenshots.save(window.scene(), "generate.png");

    robot.clickOn("Review");
    ListView<?> queue = robot.lookup("#queueList").queryListView();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> queue.getItems().size() == 3);
    // the list lays its cells out after the items arrive: a row looked up meanwhile may be a cell already dropped from
    // the scene (a bare-clone verify failed so: "scene is null" in TestFX's click); take the second row that is shown
    java.util.function.Supplier<java.util.List<javafx.scene.Node>> shownRows = () -> robot.lookup(".queue-row").queryAll().stream()
        .filter(n -> n.getScene() != null && n.isVisible()).toList();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shownRows.get().size() >= 3);
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn(shownRows.get().get(1));
    Label title = robot.lookup("#pairTitle").queryAs(Label.class);
    long id = window.controller().reviewViewModel().idAt(1);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> title.getText().startsWith("Pair #" + id));
    assertThat(robot.lookup("#divergenceBadge").queryAs(Label.class).getText()).isEqualTo("Divergent");
    assertThat(robot.lookup("#maleStance").queryAs(Label.class).getText()).isEqualTo("Moral");
    assertThat(robot.lookup("#femaleStance").queryAs(Label.class).getText()).isEqualTo("Immoral");

    javafx.scene.control.CheckBox same = robot.lookup("#sameBox").queryAs(javafx.scene.control.CheckBox.class);
    if (!same.isSelected()) robot.clickOn(same);
    assertThat(same.isSelected()).isTrue();
    TextArea male = robot.lookup("#maleBalanced").queryAs(TextArea.class);
    robot.clickOn(male).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("The main character weighed duty against need; fair either way.");
    assertThat(robot.lookup("#femaleBalanced").queryAs(TextArea.class).getText()).isEqualTo(male.getText());
    Screenshots.save(window.scene(), "review.png");
    robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);

    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> services.pairs().find(id).orElseThrow().status() == ReviewStatus.ACCEPTED);
    CuratedPair saved = services.pairs().find(id).orElseThrow();
    assertThat(saved.balanced().orElseThrow().male()).isEqualTo("The main character weighed duty against need; fair either way.");
    assertThat(saved.balanced().orElseThrow().female()).isEqualTo(saved.balanced().orElseThrow().male());
    List<Review> history = services.review().history(id);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).action()).isEqualTo(ReviewAction.ACCEPT_EDITED);
    assertThat(history.get(0).reviewer()).isEqualTo("ada");
    assertThat(history.get(0).balancedBefore().male()).isNotEqualTo(history.get(0).balancedAfter().male());

    // after the action the next pending pair shows; R rejects it from the keyboard
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !title.getText().startsWith("Pair #" + id + " "));
    robot.clickOn("#pairTitle").type(KeyCode.R);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> services.pairs().countByStatus().get(ReviewStatus.REJECTED) == 1L);
  }

  /**
   * Ollama ready at start, away later: Check again tells it in the bar and does not bring up the first-start welcome
   * over the screens (it opened over a paused run: a newcomer).
   */
  @Test
  void anOutageAfterAReadyStartIsTheBarsToTellNotTheWelcomes(FxRobot robot) throws Exception {
    var main = window.controller();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> main.mainViewModel().connectionText().get().contains("models on the server"));
    assertThat(main.welcomeShown()).isFalse();
    ui.ollama.stop();
    robot.clickOn("Check again");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> main.mainViewModel().connectionText().get().contains("not reachable"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(main.welcomeShown()).isFalse();
    ui.ollama.restart();
  }

  @Test
  void aThemesFileOfTheUsersIsUsedAndABadOneIsRefusedNamingLineAndField(FxRobot robot) throws Exception {
    var vm = window.controller().generateViewModel();
    java.nio.file.Path good = home.resolve("mine.jsonl");
    java.nio.file.Files.writeString(good, "{\"id\":\"x1\",\"environment\":\"Work\",\"theme\":\"Someone reports a friend.\"}\n");
    robot.interact(() -> vm.useThemesFile(good));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.themesLabel().get().equals("mine.jsonl (1 themes)"));
    java.nio.file.Path bad = home.resolve("bad.jsonl");
    java.nio.file.Files.writeString(bad, "{\"id\":\"x1\",\"theme\":\"no environment\"}\n");
    robot.interact(() -> vm.useThemesFile(bad));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.status().get().contains("bad.jsonl:1:environment"));
    assertThat(vm.themesLabel().get()).as("the good file stays in use").isEqualTo("mine.jsonl (1 themes)");
  }
}
