package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.UiHarness;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The guidelines and comments cards in the dark theme: the rendered Markdown is light on dark; saves review-notes-dark.png. */
@ExtendWith(ApplicationExtension.class)
class ReviewNotesDarkUiTest {
  @TempDir static Path home;
  private UiHarness ui;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start(), true);
    new Seeds(ui.services.pairs(), ui.services.runs()).plain(1, 2);
    ui.services.guidelines().edit("run-1", "# Balanced judgments\n\nJudge the **action**, never the gender; write *the main character*.\n\n"
        + "- no pronoun about the protagonist\n- the same reasons for both stories", "lead");
    ui.services.comments().add(1, "bo", "Fine as it is: the need is stated the same way in both stories.");
    ui.window.controller().showScreen(true);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void theMarkdownAndCommentsReadInTheDarkTheme(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> UiHarness.shownPairId(robot) == 1
        && robot.lookup("#guidelinesTitle").queryAs(Label.class).getText().endsWith("version 1")
        && robot.lookup("#commentsTitle").queryAs(Label.class).getText().equals("Comments (1)"));
    WaitForAsyncUtils.waitForFxEvents();
    Text bold = robot.lookup("#guidelinesBody .md-strong").queryAs(Text.class);
    assertThat(((Color) bold.getFill()).getBrightness()).as("text colour in the dark theme").isGreaterThan(0.6);
    Screenshots.save(ui.window.scene(), "review-notes-dark.png");
  }
}
