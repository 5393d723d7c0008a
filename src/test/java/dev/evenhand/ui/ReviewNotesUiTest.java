package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.UiHarness;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
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

/**
 * The Review screen's guidelines and comments under the pair's actions (issue 15, point 5), at the window's 1280 x 800: the set's
 * guidelines rendered from Markdown with their version, another reviewer's comment, and a comment typed and saved here
 * (reviewer "ada"); an edit through the dialog saves version 3, and the accept that follows records it. Saves review-notes.png.
 */
@ExtendWith(ApplicationExtension.class)
class ReviewNotesUiTest {
  @TempDir static Path home;
  private UiHarness ui;

  private static final String GUIDELINES = """
      # Balanced judgments

      A balanced judgment judges the **action**, never the gender:

      - write *the main character*, not a name
        - no he, she, his, her about the protagonist
      - weigh the same reasons for both stories
      - reject a pair whose stories differ in more than the gender (see the *fidelity* badge)

      > When unsure, **flag** the pair and leave a comment.

      Raw HTML is shown as typed: <b>not bold</b>.
      """;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start(), false);
    Seeds seeds = new Seeds(ui.services.pairs(), ui.services.runs());
    seeds.pair("Tom", "Tom found a wallet on the bus and kept it for his son, who needed new shoes.",
        "Ann", "Ann found a wallet on the bus and kept it for her son, who needed new shoes.", "Money",
        Stance.MORAL, "He provided for his family.", Stance.IMMORAL, "She should have returned it.",
        "The main character kept a found wallet; the need was real, but so was the owner's loss.",
        "The main character kept a found wallet; the need was real, but so was the owner's loss.");
    seeds.plain(1, 3);
    ui.services.guidelines().edit("run-1", "# Balanced judgments\n\nFirst draft.", "lead");
    ui.services.guidelines().edit("run-1", GUIDELINES, "lead");
    ui.services.comments().add(1, "bo", "Is 'provided for his family' a gendered reason? I would reject if the female story had no such reason.");
    ui.window.controller().showScreen(true);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void theGuidelinesShowWithThePairAndACommentIsSavedForTheOthers(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> UiHarness.shownPairId(robot) == 1
        && robot.lookup("#guidelinesTitle").queryAs(Label.class).getText().endsWith("version 2")
        && robot.lookup("#commentsTitle").queryAs(Label.class).getText().equals("Comments (1)"));
    VBox body = robot.lookup("#guidelinesBody").queryAs(VBox.class);
    assertThat(body.getChildren()).hasSizeGreaterThan(5);
    Text bold = robot.lookup("#guidelinesBody .md-strong").queryAs(Text.class);
    assertThat(bold.getText()).isEqualTo("action");
    assertThat(bold.getFont().getStyle()).containsIgnoringCase("bold");
    assertThat(robot.lookup("#guidelinesBody .md-block").queryAllAs(TextFlow.class)).anySatisfy(f ->
        assertThat(f.getChildren()).anySatisfy(n -> assertThat(((Text) n).getText()).contains("<b>not bold</b>")));
    // both cards sit in the pair's column under its actions, and the whole of them fits in the 1280 x 800 window
    Screenshots.save(ui.window.scene(), "review-notes-before.png");
    Button accept = robot.lookup("#acceptButton").queryAs(Button.class);
    Button send = robot.lookup("#commentButton").queryAs(Button.class);
    var guidelines = robot.lookup("#guidelinesTitle").queryAs(Label.class);
    assertThat(guidelines.localToScene(0, 0).getY()).isGreaterThan(accept.localToScene(0, accept.getHeight()).getY());
    assertThat(guidelines.localToScene(0, 0).getX()).isGreaterThanOrEqualTo(accept.localToScene(0, 0).getX() - 1);
    assertThat(send.localToScene(send.getWidth(), send.getHeight()).getY()).isLessThan(800);
    assertThat(send.localToScene(send.getWidth(), 0).getX()).isLessThan(1280);
    robot.clickOn("#commentField").write("Agreed with the rule: the reason itself is fine, only the pronoun is not.");
    robot.clickOn("#commentButton");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#commentsTitle").queryAs(Label.class).getText().equals("Comments (2)"));
    assertThat(ui.services.comments().newest(1, 5)).extracting(c -> c.author()).containsExactly("ada", "bo");
    assertThat(robot.lookup("#commentsList").queryAs(VBox.class).getChildren()).hasSize(2);
    WaitForAsyncUtils.waitForFxEvents();
    Screenshots.save(ui.window.scene(), "review-notes.png");

    // Edit… opens the current text; OK saves it as the next version, which the card then shows
    robot.clickOn("#guidelinesEdit");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#guidelinesEditor").tryQuery().isPresent());
    javafx.scene.control.TextArea editor = robot.lookup("#guidelinesEditor").queryAs(javafx.scene.control.TextArea.class);
    assertThat(editor.getText()).isEqualTo(GUIDELINES.strip());
    robot.interact(() -> editor.appendText("\n\n- a pair with a **fidelity flag** is rejected"));
    javafx.scene.control.DialogPane pane = robot.lookup("#guidelinesDialog").queryAs(javafx.scene.control.DialogPane.class);
    Screenshots.save(pane.getScene(), "review-guidelines-edit.png");
    robot.clickOn(pane.lookupButton(javafx.scene.control.ButtonType.OK));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#guidelinesTitle").queryAs(Label.class).getText().endsWith("version 3"));
    assertThat(ui.services.guidelines().current("run-1").orElseThrow().author()).isEqualTo("ada");
    assertThat(robot.lookup("#notesMessage").queryAs(Label.class).getText()).isEqualTo("Guidelines of set run-1 saved as version 3.");

    robot.interact(() -> ui.window.controller().reviewViewModel().accept());
    // the next pair shows with its own (no) comments: the panel followed it
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> UiHarness.shownPairId(robot) == 2
        && robot.lookup("#commentsTitle").queryAs(Label.class).getText().equals("Comments (0)"));
    WaitForAsyncUtils.waitForFxEvents();
    long accepted = ui.services.review().history(1).get(0).id();
    assertThat(ui.services.guidelines().historyVersions(1)).containsEntry(accepted, 3);
  }
}
