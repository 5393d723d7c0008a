package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.Clipped;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.UiHarness;
import dev.evenhand.usecase.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
 * The Settings screen under a real scene: every field shows the value in effect with its source beside
 * it (the URL from OLLAMA_HOST, saved values, defaults), nothing is cut off in the light or the dark
 * theme, the Dark theme toggle is saved and shown, a refused value is named by its field, and a new
 * reviewer takes effect without a restart.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsScreenUiTest {
  @TempDir static Path home;
  private UiHarness ui;
  private String host;

  @Start
  void start(Stage stage) throws Exception {
    FakeOllama ollama = FakeOllama.start();
    URI u = URI.create(ollama.url());
    host = u.getHost() + ":" + u.getPort();
    ui = new UiHarness(home, stage, ollama, false, "reviewer=ada\ntimeout.seconds=900\nkeys.accept=Y\n", Map.of("OLLAMA_HOST", host));
    ui.window.controller().showSettings();
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  private static void waitFor(String what, java.util.concurrent.Callable<Boolean> c) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, c);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("waited 30 s for " + what, e);
    }
  }

  @Test
  void fieldsShowTheValuesInEffectAndTheirSourcesInBothThemes(FxRobot robot) throws Exception {
    waitFor("the settings in effect", () -> !robot.lookup("#urlsNote").queryAs(Label.class).getText().isEmpty());
    assertThat(robot.lookup("#urlsField").queryAs(TextField.class).getText()).isEqualTo("http://" + host);
    assertThat(robot.lookup("#urlsNote").queryAs(Label.class).getText()).isEqualTo("from OLLAMA_HOST");
    assertThat(robot.lookup("#reviewerField").queryAs(TextField.class).getText()).isEqualTo("ada");
    assertThat(robot.lookup("#reviewerNote").queryAs(Label.class).getText()).isEqualTo("saved");
    assertThat(robot.lookup("#timeoutField").queryAs(TextField.class).getText()).isEqualTo("900");
    assertThat(robot.lookup("#parallelNote").queryAs(Label.class).getText()).isEqualTo("default");
    assertThat(robot.lookup("#keysNote").queryAs(Label.class).getText()).isEqualTo("1 saved, the others default");
    assertThat(robot.lookup("#databaseNote").queryAs(Label.class).getText()).startsWith("from --db");
    assertThat(Clipped.in(ui.window.scene())).as("nothing cut off in the light theme").isEmpty();
    Screenshots.save(ui.window.scene(), "settings-sources-light.png");

    // a check box, not a toggle button: selected, a toggle button read as a second selected tab (a newcomer)
    robot.clickOn(robot.lookup(".check-box").match(n -> n instanceof javafx.scene.control.CheckBox t && "Dark theme".equals(t.getText()))
        .queryAs(javafx.scene.control.CheckBox.class));
    Path file = ui.services.paths().settingsFile();
    waitFor("theme=dark in the settings file", () -> Settings.load(file).theme().equals("dark"));
    waitFor("the Theme field to show dark", () -> "dark".equals(ui.window.controller().settingsViewModel().theme().get()));
    assertThat(Settings.load(file).reviewer()).as("the other saved values are kept").isEqualTo("ada");
    assertThat(robot.lookup("#themeNote").queryAs(Label.class).getText()).isEqualTo("saved");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(Clipped.in(ui.window.scene())).as("nothing cut off in the dark theme").isEmpty();
    Screenshots.save(ui.window.scene(), "settings-sources-dark.png");
  }

  @Test
  void aRefusedValueIsNamedByItsFieldAndANewReviewerTakesEffectAtOnce(FxRobot robot) throws Exception {
    var vm = ui.window.controller().settingsViewModel();
    Path file = ui.services.paths().settingsFile();
    waitFor("the settings in effect", () -> "900".equals(vm.timeout().get()));
    robot.interact(() -> {
      vm.timeout().set("-5");
      vm.save();
    });
    waitFor("the refusal", () -> vm.message().get().startsWith("Not saved"));
    assertThat(vm.message().get()).isEqualTo("Not saved: Timeout per call (s): must be at least 1 (got -5)");
    Label timeoutNote = robot.lookup("#timeoutNote").queryAs(Label.class);
    assertThat(timeoutNote.getText()).isEqualTo("Timeout per call (s): must be at least 1 (got -5)");
    assertThat(timeoutNote.getStyleClass()).contains("setting-problem");
    assertThat(Settings.load(file).callTimeout().toSeconds()).as("nothing saved").isEqualTo(900);
    Screenshots.save(ui.window.scene(), "settings-refused.png");

    var reviewBefore = ui.window.controller().reviewViewModel();
    robot.interact(() -> {
      vm.timeout().set("900");
      vm.reviewer().set("Zo\u00eb");
      vm.save();
    });
    waitFor("the save", () -> vm.message().get().startsWith("Saved"));
    assertThat(Settings.load(file).reviewer()).isEqualTo("Zo\u00eb");
    waitFor("a Review screen for the new reviewer", () -> ui.window.controller().reviewViewModel() != reviewBefore);
    assertThat(Files.readString(file)).doesNotContain("ollama.urls=http");
  }

  /**
   * Delete data as a person does it: a word where a run id goes is refused before any question; a real run is asked
   * about with its pairs counted, and Enter on the question keeps the data (Cancel is the default button).
   */
  @Test
  void deleteDataChecksFirstAndEnterKeepsTheData(FxRobot robot) throws Exception {
    new dev.evenhand.testing.Seeds(ui.services.pairs(), ui.services.runs()).plain(10, 2);
    robot.clickOn("#deleteWhichField").write("run one");
    robot.clickOn(".danger");
    javafx.scene.control.Label message = robot.lookup("#messageLabel").queryAs(javafx.scene.control.Label.class);
    waitFor("the refusal", () -> message.getText().contains("not an id"));
    assertThat(robot.listWindows()).as("no question was asked").hasSize(1);
    robot.doubleClickOn("#deleteWhichField").eraseText(7).write("1");
    assertThat(robot.lookup("#deleteWhichField").queryTextInputControl().getText()).isEqualTo("1");
    robot.clickOn(".danger");
    waitFor("the question", () -> robot.listWindows().size() == 2);
    javafx.scene.control.DialogPane pane = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
    assertThat(pane.getContentText()).startsWith("Delete run 1 and its 2 pairs?");
    assertThat(((javafx.scene.control.Button) pane.lookupButton(javafx.scene.control.ButtonType.CANCEL)).isDefaultButton()).isTrue();
    dev.evenhand.testing.Screenshots.save(pane.getScene(), "settings-delete-confirm.png");
    robot.type(javafx.scene.input.KeyCode.ENTER);
    waitFor("the question to close", () -> robot.listWindows().size() == 1);
    assertThat(ui.services.pairs().count(dev.evenhand.store.PairQuery.ALL)).as("Enter kept the run's pairs").isEqualTo(2);
  }
}
