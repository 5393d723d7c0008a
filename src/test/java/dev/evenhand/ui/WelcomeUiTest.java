package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.UiHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** First run: with Ollama unreachable the welcome panel explains the three steps; once it answers without the model it offers the pull. */
@ExtendWith(ApplicationExtension.class)
class WelcomeUiTest {
  @TempDir static Path home;
  private UiHarness ui;
  private FakeOllama ollama;

  @Start
  void start(Stage stage) throws Exception {
    ollama = FakeOllama.start().models("mistral:7b").pullSteps(3, java.time.Duration.ofMillis(10));
    ollama.stop();
    ui = new UiHarness(home, stage, ollama, false);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void unreachableShowsThreeStepsThenThePullOfTheDefaultModel(FxRobot robot) throws Exception {
    var main = ui.window.controller();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, main::welcomeShown);
    Label step2 = robot.lookup(".welcome-step").nth(1).queryAs(Label.class);
    assertThat(step2.getText()).contains("ollama serve").contains(ollama.url());
    assertThat(robot.lookup(".welcome-step").nth(2).queryAs(Label.class).getText()).contains("ollama pull llama3.1:8b");
    Screenshots.save(ui.window.scene(), "welcome.png");

    ollama.restart();
    robot.clickOn("Check again");
    awaitShown(robot, "Pull llama3.1:8b", "the welcome panel offers the pull once Ollama answers without the model");
    robot.clickOn("Pull llama3.1:8b");
    // The ready state comes in one FX update (WelcomeViewModel.show: the first batch offered, then the intro and the
    // steps); read on the FX thread, so the test never looks between the button and the rest of that update.
    awaitShown(robot, "Generate 3 pairs", "the welcome panel offers the first batch once the pull ends");
    assertThat(ollama.modelTags()).contains("llama3.1:8b");
    assertThat(onFx(() -> robot.lookup("#introLabel").queryAs(Label.class).getText())).doesNotContain("Three steps").endsWith("everything is ready.");
    assertThat(onFx(() -> robot.lookup("#setupSteps").query().isVisible())).as("no steps left to show").isFalse();
    assertThat(dev.evenhand.testing.Clipped.in(ui.window.scene())).isEmpty();
    Screenshots.save(ui.window.scene(), "welcome-ready.png");
    robot.clickOn("Skip");
    assertThat(main.welcomeShown()).isFalse();
  }

  private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception { return WaitForAsyncUtils.asyncFx(read).get(); }

  /**
   * Waits until a button is shown and laid out (wider than 0 px, so a click lands on it), reading on the FX thread: a
   * button that was hidden and unmanaged is visible one layout pass before it has a size and its text.
   */
  private static void awaitShown(FxRobot robot, String text, String state) {
    Awaitility.await(state + " ('" + text + "' shown and laid out)").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> onFx(() -> robot.lookup(text).tryQuery().map(n -> n.isVisible() && n.getLayoutBounds().getWidth() > 0).orElse(false)));
  }

  @Test
  void aRemoteOllamaIsNamedAsWhereStoriesGo() {
    assertThat(dev.evenhand.ui.main.MainWindowControllerAccess.remoteHost("http://gpu-box:11434")).isEqualTo("gpu-box");
    assertThat(dev.evenhand.ui.main.MainWindowControllerAccess.remoteHost("http://127.0.0.1:11434")).isNull();
    assertThat(dev.evenhand.ui.main.MainWindowControllerAccess.remoteHost("http://localhost:11434")).isNull();
    assertThat(dev.evenhand.ui.main.MainWindowControllerAccess.remoteHost("http://[::1]:11434")).isNull();
  }
}
