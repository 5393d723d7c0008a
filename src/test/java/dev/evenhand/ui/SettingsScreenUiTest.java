package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.usecase.Settings;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.UiHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Settings screen: a bad value is refused naming its key and nothing is saved; good values are saved. */
@ExtendWith(ApplicationExtension.class)
class SettingsScreenUiTest {
  @TempDir static Path home;
  private UiHarness ui;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start(), false);
    ui.window.controller().showSettings();
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void aNegativeTimeoutIsRefusedAndGoodValuesAreSaved(FxRobot robot) throws Exception {
    var vm = ui.window.controller().settingsViewModel();
    Path file = ui.services.paths().settingsFile();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.timeout().get().isEmpty());
    robot.interact(() -> {
      vm.timeout().set("-5");
      vm.save();
    });
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.message().get().startsWith("Not saved"));
    assertThat(vm.message().get()).contains("timeout.seconds");
    assertThat(Files.exists(file)).isFalse();
    robot.interact(() -> {
      vm.timeout().set("900");
      vm.reviewer().set("Zoë");
      vm.urls().set("http://gpu-box:11434");
      vm.keys().set("accept=Y\n");
      vm.save();
    });
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.message().get().startsWith("Saved"));
    Settings saved = Settings.load(file);
    assertThat(saved.callTimeout().toSeconds()).isEqualTo(900);
    assertThat(saved.reviewer()).isEqualTo("Zoë");
    assertThat(saved.ollamaUrls()).isEqualTo("http://gpu-box:11434");
    assertThat(saved.keys()).containsEntry("keys.accept", "Y");
    Screenshots.save(ui.window.scene(), "settings.png");
  }
}
