package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.UiHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Review workspace driven from the keyboard, checking the history rows in the store after each step. */
@ExtendWith(ApplicationExtension.class)
class ReviewWorkspaceUiTest {
  @TempDir static Path home;
  private UiHarness ui;
  private long flagged;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start().onChat(new dev.evenhand.testing.ScriptedStoryModel()), false);
    Seeds seeds = new Seeds(ui.services.pairs(), ui.services.runs());
    flagged = seeds.flaggedCarAndBike();
    seeds.plain(1, 4);
    ui.window.controller().showScreen(true);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  private List<Review> history(long id) { return ui.services.review().history(id); }

  private static long shownId(FxRobot robot) { return UiHarness.shownPairId(robot); }

  private void waitShown(FxRobot robot, long id) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#pairTitle").queryAs(Label.class).getText().startsWith("Pair #" + id + " "));
  }

  @Test
  void theDiffMarksTheNonGenderChangeAndTheLintFlagsSheAndTheName(FxRobot robot) throws Exception {
    waitShown(robot, flagged);
    assertThat(robot.lookup("#fidelityBadge").queryAs(Label.class).getText()).isEqualTo("Fidelity flags: 1");
    TextFlow female = robot.lookup("#femaleStory").queryAs(TextFlow.class);
    assertThat(female.getChildren()).filteredOn(n -> n.getStyleClass().contains("diff-other")).extracting(n -> ((Text) n).getText().strip())
        .containsExactly("bike");
    assertThat(female.getChildren()).filteredOn(n -> n.getStyleClass().contains("diff-gender-swap")).isNotEmpty();
    TextFlow lint = robot.lookup("#maleLint").queryAs(TextFlow.class);
    assertThat(lint.getChildren()).filteredOn(n -> n.getStyleClass().contains("lint-flag")).extracting(n -> ((Text) n).getText())
        .containsExactly("she", "Ann");
    assertThat(robot.lookup("#femaleLint").queryAs(TextFlow.class).getChildren()).anyMatch(n -> n.getStyleClass().contains("lint-clean"));
    Screenshots.save(ui.window.scene(), "review-light.png");
  }

  @Test
  void acceptEditThenAcceptRejectUndoRedoFromTheKeyboardEachSavedAsAHistoryRow(FxRobot robot) throws Exception {
    waitShown(robot, flagged);
    robot.clickOn("#queueList");
    waitShown(robot, flagged);
    long first = shownId(robot);

    robot.type(KeyCode.A);
    // its balanced judgment is not gender-neutral: the neutrality gate asks first (NeutralityGateUiTest)
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#genderedConfirm").tryQuery().isPresent());
    robot.clickOn("#genderedConfirm");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history(first).size() == 1);
    assertThat(history(first).get(0).action()).isEqualTo(ReviewAction.ACCEPT);
    assertThat(history(first).get(0).reviewer()).isEqualTo("ada");
    assertThat(ui.services.pairs().find(first).orElseThrow().status()).isEqualTo(ReviewStatus.ACCEPTED);

    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shownId(robot) != first);
    long second = shownId(robot);
    robot.type(KeyCode.E);
    robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("The main character chose between need and honesty.");
    robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history(second).size() == 1);
    Review edit = history(second).get(0);
    assertThat(edit.action()).isEqualTo(ReviewAction.ACCEPT_EDITED);
    assertThat(edit.balancedAfter().male()).isEqualTo("The main character chose between need and honesty.");
    assertThat(edit.balancedAfter().female()).as("same text for both").isEqualTo(edit.balancedAfter().male());

    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shownId(robot) != second);
    long third = shownId(robot);
    robot.type(KeyCode.ESCAPE).type(KeyCode.R);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history(third).size() == 1);
    assertThat(history(third).get(0).action()).isEqualTo(ReviewAction.REJECT);

    robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history(third).size() == 2);
    assertThat(history(third).get(1).action()).isEqualTo(ReviewAction.UNDO);
    assertThat(ui.services.pairs().find(third).orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);

    robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history(third).size() == 3);
    assertThat(history(third).get(2).action()).isEqualTo(ReviewAction.REDO);
    assertThat(ui.services.pairs().find(third).orElseThrow().status()).isEqualTo(ReviewStatus.REJECTED);
    assertThat(history(first)).hasSize(1);
    assertThat(history(second)).hasSize(1);
  }

  @Test
  void regenerateStreamsIntoTheFieldsAndEscapeStopsIt(FxRobot robot) throws Exception {
    waitShown(robot, flagged);
    robot.clickOn("#queueList");
    waitShown(robot, flagged);
    javafx.scene.control.TextArea male = robot.lookup("#maleBalanced").queryAs(javafx.scene.control.TextArea.class);
    String before = male.getText();
    robot.type(KeyCode.G);
    Label message = robot.lookup("#messageLabel").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> message.getText().startsWith("New balanced judgments"));
    assertThat(male.getText()).startsWith("The main character faced a hard choice").isNotEqualTo(before);
    assertThat(ui.services.calls().forPair(flagged)).anyMatch(c -> c.step() == dev.evenhand.domain.Step.BALANCED && c.outcome() == dev.evenhand.domain.Outcome.OK);
    assertThat(history(flagged)).as("nothing saved until accepted").isEmpty();

    ui.ollama.enqueue(dev.evenhand.testing.Reply.stall("{\"version_a\": \"The main character might", java.time.Duration.ofSeconds(20)));
    robot.clickOn("#pairTitle").type(KeyCode.G);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> male.getText().startsWith("The main"));
    robot.type(KeyCode.ESCAPE);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> message.getText().startsWith("Regenerate stopped"));
    assertThat(male.getText()).startsWith("The main character faced a hard choice");
  }

  @Test
  void aBlindSecondReviewHidesTheStatusAndLeavesTheFirstReviewStanding(FxRobot robot) throws Exception {
    waitShown(robot, flagged);
    ui.services.review().accept(flagged, "grace", true);
    robot.clickOn("#blindBox");
    javafx.scene.control.ListView<?> queue = robot.lookup("#queueList").queryListView();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> queue.getItems().size() == 1);
    waitShown(robot, flagged);
    assertThat(robot.lookup("#pairTitle").queryAs(Label.class).getText()).contains("blind review").doesNotContain("Accepted");
    robot.clickOn("#queueList").type(KeyCode.R);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history(flagged).size() == 2);
    assertThat(history(flagged).get(1).reviewer()).isEqualTo("ada");
    assertThat(history(flagged).get(1).action()).isEqualTo(ReviewAction.REJECT);
    assertThat(ui.services.pairs().find(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.ACCEPTED);
    assertThat(ui.services.review().agreement("ada", "grace").pairs()).isEqualTo(1);
    assertThat(ui.services.review().agreement("ada", "grace").agreed()).isZero();
  }

  @Test
  void searchAndFiltersNarrowTheQueue(FxRobot robot) throws Exception {
    waitShown(robot, flagged);
    robot.clickOn("#queueList").type(KeyCode.SLASH).write("bike").type(KeyCode.ENTER);
    javafx.scene.control.ListView<?> queue = robot.lookup("#queueList").queryListView();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> queue.getItems().size() == 1);
    assertThat(ui.window.controller().reviewViewModel().idAt(0)).isEqualTo(flagged);
    robot.clickOn("#searchField").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).type(KeyCode.BACK_SPACE).type(KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> queue.getItems().size() == 5);
    robot.clickOn("#fidelityBox");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> queue.getItems().size() == 1);
    Node n = robot.lookup("#fidelityBox").query();
    assertThat(n).isNotNull();
  }
}
