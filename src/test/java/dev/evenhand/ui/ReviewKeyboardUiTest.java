package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
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
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Review screen's keyboard (issue 12, point 4) and drafts (point 2) under a real scene, driven with
 * the keyboard only: no mouse event reaches the window in these tests.
 */
@ExtendWith(ApplicationExtension.class)
class ReviewKeyboardUiTest {
  private static final String PLAIN = "The main character kept a found wallet; the need was real, but so was the owner's loss.";
  private static final String EDIT = "The main character weighed a need against a loss.";
  @TempDir static Path home;
  private UiHarness ui;
  private long flagged;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start(), false);
    Seeds seeds = new Seeds(ui.services.pairs(), ui.services.runs());
    flagged = seeds.flaggedCarAndBike();
    seeds.plain(1, 4);
    ui.window.controller().showScreen(true);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  private List<Review> history(long id) { return ui.services.review().history(id); }

  private static long shownId(FxRobot robot) { return UiHarness.shownPairId(robot); }

  private void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("not within 30 s: " + what, e);
    }
  }

  private TextArea male(FxRobot robot) { return robot.lookup("#maleBalanced").queryAs(TextArea.class); }

  private Node focused(FxRobot robot) { return ui.window.scene().getFocusOwner(); }

  private void ctrl(FxRobot robot, KeyCode k) { robot.press(KeyCode.CONTROL).type(k).release(KeyCode.CONTROL); }

  @Test
  void ctrlEndAndCtrlHomeInTheQueueSelectThePairTheyMoveTo(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> shownId(robot) == flagged);
    ListView<?> queue = robot.lookup("#queueList").queryAs(ListView.class);
    int last = queue.getItems().size() - 1;
    ctrl(robot, KeyCode.END);
    waitFor("Ctrl+End selects and shows the last pair", () -> queue.getSelectionModel().getSelectedIndex() == last
        && shownId(robot) == ui.window.controller().reviewViewModel().idAt(last));
    long lastId = shownId(robot);
    robot.type(KeyCode.A);
    waitFor("A accepts the pair Ctrl+End moved to", () -> !history(lastId).isEmpty());
    assertThat(history(flagged)).as("not the pair shown before Ctrl+End").isEmpty();
    ctrl(robot, KeyCode.HOME);
    waitFor("Ctrl+Home selects and shows the first pair", () -> queue.getSelectionModel().getSelectedIndex() == 0 && shownId(robot) == flagged);
    ctrl(robot, KeyCode.DOWN);
    waitFor("Ctrl+Down selects the next pair", () -> queue.getSelectionModel().getSelectedIndex() == 1 && shownId(robot) != flagged);
  }

  @Test
  void ctrlEnterThenShiftRNeverTypesIntoTheNextPairsEditor(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> shownId(robot) == flagged);
    robot.type(KeyCode.E);
    ctrl(robot, KeyCode.A);
    robot.write(EDIT);
    ctrl(robot, KeyCode.ENTER);
    assertThat(focused(robot)).as("after Ctrl+Enter the queue has the focus, not an editor").isInstanceOf(ListView.class);
    robot.press(KeyCode.SHIFT).type(KeyCode.R).release(KeyCode.SHIFT);
    waitFor("Shift+R asks for a reason", () -> Window.getWindows().size() > 1);
    robot.type(KeyCode.ESCAPE); // no reason given: nothing is rejected
    waitFor("the dialog closes", () -> Window.getWindows().size() == 1);
    waitFor("the next pair shows", () -> shownId(robot) != flagged && shownId(robot) > 0);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(male(robot).getText()).as("the next pair's editor holds its stored text, no R").isEqualTo(PLAIN);
    assertThat(history(flagged)).extracting(Review::action).containsExactly(ReviewAction.ACCEPT_EDITED);
    assertThat(history(shownId(robot))).isEmpty();
    assertThat(ui.services.reviews().draftPairs("ada")).isEmpty();
  }

  @Test
  void aKeyboardOnlyWalkEditsAcceptsMovesKeepsADraftAndRejects(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> shownId(robot) == flagged);
    assertThat(focused(robot)).as("opening the screen gives the queue the focus").isInstanceOf(ListView.class);
    robot.type(KeyCode.J);
    waitFor("J shows the second pair", () -> shownId(robot) != flagged && shownId(robot) > 0);
    long second = shownId(robot);
    robot.type(KeyCode.K);
    waitFor("K shows the first pair again", () -> shownId(robot) == flagged);

    robot.type(KeyCode.ENTER);
    assertThat(focused(robot)).as("Enter opens the editor").isSameAs(male(robot));
    ctrl(robot, KeyCode.A);
    robot.write(EDIT);
    assertThat(male(robot).getText()).as("letters type in an editor the reviewer opened").isEqualTo(EDIT);
    ctrl(robot, KeyCode.ENTER);
    waitFor("the acceptance is saved", () -> history(flagged).size() == 1);
    assertThat(history(flagged).get(0).balancedAfter().male()).isEqualTo(EDIT);
    waitFor("the second pair shows", () -> shownId(robot) == second);

    robot.type(KeyCode.E).write("Draft words. ");
    assertThat(male(robot).getText()).as("E itself typed nothing").isEqualTo(PLAIN + "Draft words. ");
    robot.type(KeyCode.ESCAPE);
    assertThat(focused(robot)).as("Esc leaves the editor").isInstanceOf(ListView.class);
    robot.type(KeyCode.J);
    waitFor("J moves on", () -> shownId(robot) != second);
    assertThat(male(robot).getText()).isEqualTo(PLAIN);
    robot.type(KeyCode.K);
    waitFor("K comes back", () -> shownId(robot) == second);
    waitFor("the draft comes back", () -> male(robot).getText().equals(PLAIN + "Draft words. "));
    assertThat(robot.lookup("#draftBadge").queryAs(Label.class).isVisible()).as("the editor's draft mark").isTrue();
    waitFor("the draft is in the store", () -> ui.services.reviews().draft(second, "ada").isPresent());
    assertThat(robot.lookup(".queue-draft").<Node>queryAll()).as("the queue's draft mark").anyMatch(n -> n.isVisible());

    robot.type(KeyCode.ESCAPE);
    assertThat(male(robot).getText()).as("a second Esc (a slip) keeps the draft").isEqualTo(PLAIN + "Draft words. ");
    robot.press(KeyCode.SHIFT).type(KeyCode.ESCAPE).release(KeyCode.SHIFT);
    assertThat(male(robot).getText()).as("Shift+Esc outside the editor discards the draft").isEqualTo(PLAIN);
    assertThat(robot.lookup("#draftBadge").queryAs(Label.class).isVisible()).isFalse();
    waitFor("the draft leaves the store", () -> ui.services.reviews().draft(second, "ada").isEmpty());

    robot.type(KeyCode.R);
    waitFor("R rejects", () -> history(second).size() == 1);
    assertThat(history(second).get(0).action()).isEqualTo(ReviewAction.REJECT);
    assertThat(focused(robot)).isInstanceOf(ListView.class);
    ctrl(robot, KeyCode.Z);
    waitFor("Ctrl+Z undoes", () -> history(second).size() == 2);
    assertThat(focused(robot)).isInstanceOf(ListView.class);
  }

  @Test
  void aDraftSurvivesJKAndAnotherScreenWithItsMarks(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> shownId(robot) == flagged);
    robot.type(KeyCode.E).type(KeyCode.END).write(" It was a hard call.");
    String draft = male(robot).getText();
    assertThat(draft).endsWith("owner. It was a hard call.");
    robot.type(KeyCode.ESCAPE).type(KeyCode.J);
    waitFor("J moves on", () -> shownId(robot) != flagged && shownId(robot) > 0);
    robot.type(KeyCode.K);
    waitFor("K comes back with the draft", () -> shownId(robot) == flagged && male(robot).getText().equals(draft));
    assertThat(robot.lookup("#draftBadge").queryAs(Label.class).isVisible()).isTrue();
    assertThat(robot.lookup("#draftNote").queryAs(Label.class).getText()).startsWith("Draft kept by ada at ");
    Screenshots.save(ui.window.scene(), "review-draft.png");

    robot.interact(() -> ui.window.controller().showScreen(false));
    robot.interact(() -> ui.window.controller().showScreen(true));
    waitFor("the Review screen shows the draft again", () -> shownId(robot) == flagged && male(robot).getText().equals(draft));
    assertThat(ui.services.reviews().draft(flagged, "ada").orElseThrow().text().male()).isEqualTo(draft);
  }

  @Test
  void aLetterInAFieldTheReviewerDidNotOpenActsInsteadOfTyping(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> shownId(robot) == flagged);
    String before = male(robot).getText();
    robot.interact(() -> male(robot).requestFocus()); // the focus got there without the reviewer choosing it
    robot.type(KeyCode.J);
    waitFor("J moved on", () -> shownId(robot) != flagged && shownId(robot) > 0);
    assertThat(focused(robot)).isInstanceOf(ListView.class);
    assertThat(male(robot).getText()).isEqualTo(PLAIN);
    assertThat(ui.services.reviews().draftPairs("ada")).as("no j was typed into the first pair").isEmpty();
    robot.type(KeyCode.K);
    waitFor("K comes back", () -> shownId(robot) == flagged);
    assertThat(male(robot).getText()).isEqualTo(before);
  }

  @Test
  void theShortcutSheetNamesTheNewKeys(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> shownId(robot) == flagged);
    assertThat(robot.lookup("#keysLabel").queryAs(Label.class).getText()).contains("E or Enter edit (Esc leaves)").contains("Esc discard draft");
    robot.press(KeyCode.SHIFT).type(KeyCode.SLASH).release(KeyCode.SHIFT);
    waitFor("? opens the shortcut sheet", () -> Window.getWindows().size() > 1);
    Window sheet = Window.getWindows().stream().filter(w -> w != ui.window.scene().getWindow()).findFirst().orElseThrow();
    javafx.scene.control.DialogPane pane = (javafx.scene.control.DialogPane) sheet.getScene().getRoot();
    assertThat(pane.getContentText()).contains("Enter edit the balanced judgment").contains("Esc discard the draft")
        .contains("G regenerate").contains("kept as a draft");
    Screenshots.save(sheet.getScene(), "review-keys-sheet.png");
    robot.type(KeyCode.ENTER);
    waitFor("the sheet closes", () -> Window.getWindows().size() == 1);
  }

  @Test
  void aFieldReachedWithTabTakesLettersAsText(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> shownId(robot) == flagged);
    javafx.scene.control.TextField search = robot.lookup("#searchField").queryAs(javafx.scene.control.TextField.class);
    robot.interact(() -> robot.lookup("#reviewNav").query().requestFocus()); // from the app bar, outside the screen
    for (int i = 0; i < 40 && focused(robot) != search; i++) robot.type(KeyCode.TAB);
    assertThat(focused(robot)).as("Tab reaches the search field").isSameAs(search);
    robot.write("bike");
    assertThat(search.getText()).as("letters type into a field the reviewer tabbed into").isEqualTo("bike");
    robot.type(KeyCode.ENTER);
    javafx.scene.control.ListView<?> queue = robot.lookup("#queueList").queryListView();
    waitFor("the search narrows the queue", () -> queue.getItems().size() == 1);
    assertThat(focused(robot)).as("Enter in the search field hands the focus to the queue").isSameAs(queue);
  }

  @Test
  void closingTheWindowKeepsTheDraftAtOnce(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> shownId(robot) == flagged);
    robot.type(KeyCode.E).type(KeyCode.END).write(" Closed mid-edit.");
    String typed = male(robot).getText();
    java.util.concurrent.atomic.AtomicReference<String> keptAtClose = new java.util.concurrent.atomic.AtomicReference<>();
    robot.interact(() -> {
      Window w = ui.window.scene().getWindow();
      w.setOnCloseRequest(javafx.event.Event::consume); // the test keeps its window
      w.fireEvent(new javafx.stage.WindowEvent(w, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
      // read at once, on the FX thread: the write must have happened before the window would close
      keptAtClose.set(ui.services.reviews().draft(flagged, "ada").map(d -> d.text().male()).orElse(null));
    });
    assertThat(keptAtClose.get()).isEqualTo(typed);
  }
}
