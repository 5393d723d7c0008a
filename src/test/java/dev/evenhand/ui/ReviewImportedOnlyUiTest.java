package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.exchange.ImportService;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.Screenshots;
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

/**
 * The Review screen of a database that holds only GenMO's imported pairs: nothing to review, and the screen says why
 * (the pairs have no judgments yet) and which command has a model judge them, instead of only "Generate some".
 */
@ExtendWith(ApplicationExtension.class)
class ReviewImportedOnlyUiTest {
  @TempDir static Path home;
  private UiHarness ui;
  private long imported;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start(), false);
    imported = ui.services.imports().importFile(ImportService.Source.GENMO, Genmo.fixture(), "genmo", false, x -> { }, () -> false).imported();
    ui.window.controller().showScreen(true);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void theEmptyQueueSaysTheImportedPairsWaitForJudgmentsAndHowToJudgeThem(FxRobot robot) throws Exception {
    Label empty = robot.lookup("#emptyLabel").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> empty.isVisible() && empty.getText().contains("imported story pairs"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(empty.getText()).contains(String.format("%,d imported story pairs (set genmo)", imported))
        .contains("evenhand generate --from-set genmo --model");
    assertThat(empty.getBoundsInLocal().getWidth()).as("the text wraps inside the screen").isLessThan(ui.window.scene().getWidth());
    Screenshots.save(ui.window.scene(), "review-imported-only.png");
  }
}
