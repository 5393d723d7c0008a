package dev.evenhand.testing;

import dev.evenhand.app.Services;
import dev.evenhand.app.UiWiring;
import dev.evenhand.ui.main.MainWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;

/** The main window on a real H2 file and a fake Ollama, shown on a TestFX stage; reviewer "ada". */
public final class UiHarness implements AutoCloseable {
  public final FakeOllama ollama;
  public final Services services;
  public final MainWindow window;
  private final ExecutorService background = Executors.newCachedThreadPool();

  /**
   * Must be called on the FX thread (from a TestFX {@code @Start} method).
   *
   * @param home   a temporary folder
   * @param stage  the TestFX stage
   * @param ollama the fake server
   * @param dark   dark theme
   */
  public UiHarness(Path home, Stage stage, FakeOllama ollama, boolean dark) throws Exception {
    this(home, stage, ollama, dark, null, null);
  }

  /**
   * As {@link #UiHarness(Path, Stage, FakeOllama, boolean)}, started as the app is without {@code --ollama}:
   * with a settings file and environment variables (the Settings screen names them as sources).
   *
   * @param settings the settings file's text, written before the window opens; null for none
   * @param env      the environment the app reads (e.g. {@code OLLAMA_HOST} naming the fake's URL); null to start
   *                 as with {@code --ollama} naming the fake's URL
   */
  public UiHarness(Path home, Stage stage, FakeOllama ollama, boolean dark, String settings, java.util.Map<String, String> env)
      throws Exception {
    this(home, stage, ollama, dark, settings, env, null);
  }

  /**
   * As {@link #UiHarness(Path, Stage, FakeOllama, boolean, String, java.util.Map)} over a given database.
   *
   * @param db what {@code --db} takes (an H2 path or {@code postgresql://HOST:PORT/NAME}); null for an H2 file
   *           under {@code home}
   */
  public UiHarness(Path home, Stage stage, FakeOllama ollama, boolean dark, String settings, java.util.Map<String, String> env, Path db)
      throws Exception {
    Path dir = Files.createTempDirectory(home, "ui");
    this.ollama = ollama;
    this.services = ViewModelHarness.services(dir, ollama.url(), dark ? "dark" : "light",
        db == null ? dir.resolve("db/evenhand") : db);
    if (settings != null) {
      Files.createDirectories(services.paths().settingsFile().getParent());
      Files.writeString(services.paths().settingsFile(), settings);
    }
    var tasks = new dev.evenhand.ui.TaskExecutor(background, javafx.application.Platform::runLater);
    Path dbPath = services.databasePath();
    this.window = MainWindow.build(env == null ? new UiWiring(services, tasks)
        : new UiWiring(services, tasks, folder -> { }, new dev.evenhand.usecase.SettingsUseCase.Launch(null, dbPath.toString(), dbPath, env)), dark);
    stage.setScene(window.scene());
    stage.show();
  }

  @Override
  public void close() throws Exception {
    background.shutdownNow();
    background.awaitTermination(5, TimeUnit.SECONDS);
    services.close();
    ollama.close();
  }

  /**
   * @param robot the robot of the test
   * @return the id of the pair the Review screen shows, from its title ("Pair #12 · ..."), or -1 when none shows
   */
  public static long shownPairId(org.testfx.api.FxRobot robot) {
    String t = robot.lookup("#pairTitle").queryAs(javafx.scene.control.Label.class).getText();
    return t.startsWith("Pair #") ? Long.parseLong(t.substring("Pair #".length(), t.indexOf(' ', 6))) : -1;
  }
}
