package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.Clipped;
import dev.evenhand.testing.FakeOllama;
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
 * The Models screen with no Ollama to reach: the whole message shows, wrapped, with how to start a server (a newcomer
 * found it cut off with an ellipsis beside the heading), also on a 1024 x 700 screen.
 */
@ExtendWith(ApplicationExtension.class)
class ModelsUnreachableUiTest {
  @TempDir static Path home;
  private UiHarness ui;

  @Start
  void start(Stage stage) throws Exception {
    FakeOllama gone = FakeOllama.start();
    ui = new UiHarness(home, stage, gone, false);
    gone.close();
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void theUnreachableMessageShowsWholeAndWrapped(FxRobot robot) throws Exception {
    robot.interact(() -> {
      ui.window.scene().getWindow().setWidth(1024);
      ui.window.scene().getWindow().setHeight(700);
    });
    robot.interact(() -> ui.window.controller().showModels());
    Label server = robot.lookup("#serverLabel").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> server.getText().toLowerCase(java.util.Locale.ROOT).contains("ollama serve"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(server.getText()).as("a screen names its own setting, not the command line's options")
        .endsWith("or set another server under Settings, Ollama URL(s)").doesNotContain("--ollama");
    assertThat(server.getHeight()).as("the message takes more than one line at 1024 px").isGreaterThan(2 * server.getFont().getSize());
    assertThat(Clipped.in(ui.window.scene())).as("no label cut off").isEmpty();
    assertThat(robot.lookup(".table-view .placeholder .label").queryAs(Label.class).getText()).startsWith("No models listed");
    Screenshots.save(ui.window.scene(), "models-unreachable.png");
  }
}
