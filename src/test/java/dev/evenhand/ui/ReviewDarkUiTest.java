package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.UiHarness;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Review screen in the dark theme, with a flagged divergent pair; saves review-dark.png. */
@ExtendWith(ApplicationExtension.class)
class ReviewDarkUiTest {
  @TempDir static Path home;
  private UiHarness ui;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start(), true);
    new Seeds(ui.services.pairs(), ui.services.runs()).pair("Tom", "Tom drove his car to the station. He kept the wallet he found there for his own son.",
        "Ann", "Ann drove her bike to the station. She kept the wallet she found there for her own son.", "Money",
        Stance.MORAL, "Tom looked after his son; keeping it was fair.", Stance.IMMORAL, "Ann should have handed it in; she was selfish.",
        "The main character kept a found wallet; she had a need, but Ann also ignored the owner.",
        "The main character kept a found wallet for a child; the need was real, but so was the owner's loss.");
    ui.window.controller().showScreen(true);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void theDarkThemeShowsTheDiffBadgesAndLint(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#pairTitle").queryAs(Label.class).getText().startsWith("Pair #1 "));
    assertThat(ui.window.scene().getStylesheets()).anyMatch(s -> s.endsWith("dark.css"));
    Screenshots.save(ui.window.scene(), "review-dark.png");
  }

  @Test
  void theDraftMarksReadInTheDarkTheme(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#pairTitle").queryAs(Label.class).getText().startsWith("Pair #1 "));
    ui.services.reviews().saveDraft(1, "ada", new dev.evenhand.domain.BalancedJudgment(
        "The main character kept a found wallet; the need was real.", "The main character kept a found wallet; the need was real."));
    robot.interact(() -> ui.window.controller().reviewViewModel().refresh());
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#draftBadge").queryAs(Label.class).isVisible());
    assertThat(robot.lookup("#draftNote").queryAs(Label.class).getText()).startsWith("Draft kept by ada at ");
    Screenshots.save(ui.window.scene(), "review-draft-dark.png");
  }
}
