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

  /**
   * A drop-down opened in the dark theme: its list is drawn dark too (a newcomer saw a light frame around it). The popup
   * is a window of its own; its scene is saved beside the screen's.
   */
  @Test
  void aDropDownOpensDarkInTheDarkTheme(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#pairTitle").queryAs(Label.class).getText().startsWith("Pair #1 "));
    javafx.scene.control.ComboBox<?> box = robot.lookup(".combo-box").queryAs(javafx.scene.control.ComboBox.class);
    robot.interact(box::show);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, box::isShowing);
    javafx.scene.control.ListView<?> list = robot.lookup(".combo-box-popup .list-view").queryAs(javafx.scene.control.ListView.class);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> list.getHeight() > 20);
    WaitForAsyncUtils.waitForFxEvents();
    // the popup's root drawn on white, as an X server without a compositor shows whatever the popup's window leaves
    // unblended: every edge pixel is dark (with the theme's drop shadow the outer pixels were near white)
    javafx.scene.Node root = list.getScene().getRoot();
    javafx.scene.image.WritableImage shot = WaitForAsyncUtils.asyncFx(() -> {
      javafx.scene.SnapshotParameters p = new javafx.scene.SnapshotParameters();
      p.setFill(javafx.scene.paint.Color.WHITE);
      return root.snapshot(p, null);
    }).get(10, TimeUnit.SECONDS);
    Screenshots.save(shot, "review-dropdown-dark.png");
    int w = (int) shot.getWidth(), h = (int) shot.getHeight();
    assertThat(w).as("the open list's width").isGreaterThan(20);
    for (int[] at : new int[][] {{w / 2, h / 2}, {1, h / 2}, {w - 2, h / 2}, {w / 2, 1}, {w / 2, h - 2}}) {
      assertThat(shot.getPixelReader().getColor(at[0], at[1]).getBrightness()).as("brightness of the open list at " + at[0] + "," + at[1]
          + " of " + w + " x " + h).isLessThan(0.35);
    }
    robot.interact(box::hide);
  }
}
