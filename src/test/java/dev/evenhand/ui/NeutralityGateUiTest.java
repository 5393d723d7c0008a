package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.GenderedWord;
import dev.evenhand.domain.Gender;
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
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
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

/**
 * The neutrality gate on the Review screen (issue 12, point 3), from the keyboard: accepting a balanced judgment the
 * lint flags opens a confirmation naming the flagged words, with Cancel as the default button; Enter (Cancel) leaves
 * the pair unaccepted, "Accept anyway" saves the accept with the override and its findings.
 */
@ExtendWith(ApplicationExtension.class)
class NeutralityGateUiTest {
  @TempDir static Path home;
  private UiHarness ui;
  private long flagged;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start().onChat(new dev.evenhand.testing.ScriptedStoryModel()), false);
    Seeds seeds = new Seeds(ui.services.pairs(), ui.services.runs());
    flagged = seeds.pair("Tom", "Tom kept the wallet he found for his own son.", "Ann", "Ann kept the wallet she found for her own son.", "Money",
        Stance.MORAL, "Tom looked after his son.", Stance.IMMORAL, "Ann was selfish.",
        "The main character kept a found wallet; he told his sister, and Tom felt no guilt.",
        "The main character kept a found wallet for a child; the need was real, but so was the owner's loss.");
    seeds.plain(1, 2);
    ui.window.controller().showScreen(true);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  private List<Review> history(long id) { return ui.services.review().history(id); }

  private void waitShown(FxRobot robot, long id) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#pairTitle").queryAs(Label.class).getText().startsWith("Pair #" + id + " "));
  }

  private DialogPane waitDialog(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#genderedDialog").tryQuery().isPresent());
    return robot.lookup("#genderedDialog").queryAs(DialogPane.class);
  }

  @Test
  void cancelIsTheDefaultAndLeavesThePairUnacceptedThenAcceptAnywayRecordsTheOverride(FxRobot robot) throws Exception {
    waitShown(robot, flagged);
    robot.clickOn("#queueList");
    waitShown(robot, flagged);

    robot.type(KeyCode.A);
    DialogPane dialog = waitDialog(robot);
    assertThat(dialog.getContentText()).contains("\"he\" in the male story's text (gendered pronoun), \"his\" in the male story's text (gendered pronoun), \"Tom\" in the male story's text (protagonist's name)");
    assertThat(dialog.getHeaderText()).contains("Pair " + flagged);
    assertThat(robot.lookup("#genderedCancel").queryAs(Button.class).isDefaultButton()).as("Cancel is the default button").isTrue();
    assertThat(robot.lookup("#genderedConfirm").queryAs(Button.class).isDefaultButton()).isFalse();
    Screenshots.save(dialog.getScene(), "review-gendered-confirmation.png");

    robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#genderedDialog").tryQuery().isEmpty());
    Label message = robot.lookup("#messageLabel").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> message.getText().startsWith("Not accepted"));
    assertThat(history(flagged)).as("Enter pressed Cancel: nothing saved").isEmpty();
    assertThat(ui.services.pairs().find(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);
    waitShown(robot, flagged);

    robot.clickOn("#queueList").type(KeyCode.A);
    waitDialog(robot);
    robot.clickOn("#genderedConfirm");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history(flagged).size() == 1);
    Review r = history(flagged).get(0);
    assertThat(r.action()).isEqualTo(ReviewAction.ACCEPT);
    assertThat(r.override()).containsExactly(new GenderedWord(Gender.MALE, "he", "gendered pronoun"),
        new GenderedWord(Gender.MALE, "his", "gendered pronoun"), new GenderedWord(Gender.MALE, "Tom", "protagonist's name"));
    assertThat(ui.services.pairs().find(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.ACCEPTED);
    // the history in the provenance pane shows the override and its words
    robot.clickOn("#queueList").type(KeyCode.K);
    waitShown(robot, flagged);
    robot.type(KeyCode.P);
    javafx.scene.control.TextArea provenance = robot.lookup("#provenanceText").queryAs(javafx.scene.control.TextArea.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> provenance.getText().contains("override:"));
    assertThat(provenance.getText()).contains("accept by ada: pending -> accepted")
        .contains("override: accepted although not gender-neutral: \"he\" in the male story's text (gendered pronoun), \"his\" in the male story's text (gendered pronoun), \"Tom\" in the male story's text");
    Node shown = robot.lookup("#pairTitle").query();
    Screenshots.save(shown.getScene(), "review-override-in-history.png");
  }
}
