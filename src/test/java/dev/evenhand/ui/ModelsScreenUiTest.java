package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.usecase.Settings;
import dev.evenhand.app.UiWiring;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.UiHarness;
import dev.evenhand.ui.main.MainWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Models screen: the server's models, the CPU warning, a pull in progress and its cancel. */
@ExtendWith(ApplicationExtension.class)
class ModelsScreenUiTest {
  @TempDir static Path home;
  private UiHarness ui;
  private Services services;
  private MainWindow window;

  @Start
  void start(Stage stage) throws Exception {
    FakeOllama ollama = FakeOllama.start().models("llama3.1:8b", "mistral:7b").psPartlyOnCpu(true).pullSteps(200, Duration.ofMillis(40));
    // a chat call loads the model, so /api/ps lists it
    new dev.evenhand.llm.OllamaChat(Duration.ofSeconds(5)).call(ollama.url(), "llama3.1:8b", "s", "hi",
        dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder().addStringProperty("a").build(),
        new dev.evenhand.llm.StepOptions(0, 10, null, 2048, 600));
    ui = new UiHarness(home, stage, ollama, false);
    window = ui.window;
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void modelsAreListedAPartlyOnCpuModelIsWarnedAboutAndAPullShowsProgressAndCancels(FxRobot robot) throws Exception {
    robot.clickOn("Models");
    TableView<?> table = robot.lookup("#modelsTable").queryTableView();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
    Label warning = robot.lookup("#cpuWarning").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> warning.isVisible());
    assertThat(warning.getText()).contains("llama3.1:8b").contains("partly on the CPU");

    // a click the robot sends while a loaded machine is still laying the table out can be lost (ModelsScreenUiTest
    // timed out here twice in .ci/run beside other work): click again until the row is selected, as a person would
    for (int attempt = 0; table.getSelectionModel().getSelectedItem() == null; attempt++) {
      assertThat(attempt).as("clicks on the model's row before it was selected").isLessThan(3);
      robot.clickOn("llama3.1:8b");
      try {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getSelectionModel().getSelectedItem() != null);
      } catch (java.util.concurrent.TimeoutException e) {
        // not selected yet: the next round clicks again
      }
    }
    Label details = robot.lookup("#detailsLabel").queryAs(Label.class);
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> details.getText().contains("context length"));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no model details within 30 s; selected: " + table.getSelectionModel().getSelectedItem()
          + ", details: \"" + details.getText() + "\"", e);
    }
    assertThat(details.getText()).contains("131,072").contains("completion");

    robot.clickOn("#pullTag").press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.A)
        .release(javafx.scene.input.KeyCode.CONTROL).write("qwen2.5:7b");
    assertThat(robot.lookup("#pullTag").queryTextInputControl().getText()).isEqualTo("qwen2.5:7b");
    robot.clickOn("#pullButton");
    ProgressBar bar = robot.lookup("#pullProgress").queryAs(ProgressBar.class);
    Label status = robot.lookup("#pullStatus").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> bar.getProgress() > 0.15);
    assertThat(status.getText()).contains("GB").contains("%").contains("MB/s");
    assertThat(dev.evenhand.testing.Clipped.in(window.scene())).as("no button or label cut off at the default window size").isEmpty();
    Screenshots.save(window.scene(), "models.png");
    robot.interact(() -> {
      window.scene().getWindow().setWidth(1024);
      window.scene().getWindow().setHeight(700);
    });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(dev.evenhand.testing.Clipped.in(window.scene())).as("nor on a 1024 x 700 screen").isEmpty();
    Screenshots.save(window.scene(), "models-small.png");

    robot.clickOn("#cancelPullButton");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().contains("cancelled"));
    assertThat(bar.getProgress()).isZero();
  }
}
