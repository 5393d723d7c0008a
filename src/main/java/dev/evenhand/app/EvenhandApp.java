package dev.evenhand.app;

import dev.evenhand.usecase.Settings;
import dev.evenhand.usecase.SettingsUseCase;
import dev.evenhand.llm.OllamaUrls;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.ui.main.MainWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: opens the store, builds the main window, and closes everything on exit.
 * Accepts {@code --db=PATH} and {@code --ollama=URL} as the CLI does. An uncaught exception shows a
 * dialog naming the log file and is written to the log.
 */
public final class EvenhandApp extends Application {
  private static final Logger LOG = LoggerFactory.getLogger(EvenhandApp.class);
  private Services services;
  private ExecutorService background;
  private String settingsProblem;
  private SettingsUseCase.Launch launch;

  /** Launches the GUI; returns when the window closes. */
  public static void start(String[] args) { Application.launch(EvenhandApp.class, args); }

  @Override
  public void init() {
    Map<String, String> named = getParameters().getNamed();
    AppPaths paths = AppPaths.fromEnvironment();
    Settings settings;
    try {
      settings = Settings.load(paths.settingsFile());
    } catch (IllegalArgumentException e) {
      LOG.warn("settings not usable, using the defaults: {}", e.getMessage());
      settingsProblem = e.getMessage();
      settings = Settings.defaults();
    }
    List<String> urls = OllamaUrls.resolve(named.get("ollama"), settings.ollamaUrls(), System.getenv("OLLAMA_HOST"));
    services = new Services(paths, settings, named.containsKey("db") ? Path.of(named.get("db")) : null, urls, RetryPolicy.DEFAULT,
        new dev.evenhand.store.Database.Opening("the Evenhand window", line -> LOG.info("{}", line), dev.evenhand.store.Database.Opening.DEFAULT.patience()));
    Map<String, String> read = new java.util.HashMap<>();
    for (String v : List.of("OLLAMA_HOST", "XDG_DATA_HOME", "XDG_CONFIG_HOME")) if (System.getenv(v) != null) read.put(v, System.getenv(v));
    launch = new SettingsUseCase.Launch(named.get("ollama"), named.get("db"), services.databasePath(), read);
    background = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "evenhand-ui-work");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void start(Stage stage) {
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
      LOG.error("uncaught exception on {}", t.getName(), e);
      Platform.runLater(() -> {
        Alert a = new Alert(Alert.AlertType.ERROR, e + "\n\nDetails are in " + services.paths().logFile());
        a.setHeaderText("Something went wrong");
        a.show();
      });
    });
    MainWindow w = MainWindow.build(new UiWiring(services, new TaskExecutor(background, Platform::runLater), folder -> {
      try {
        java.nio.file.Files.createDirectories(folder);
      } catch (java.io.IOException e) {
        LOG.warn("cannot create {}", folder, e);
      }
      getHostServices().showDocument(folder.toUri().toString());
    }, launch), "dark".equals(services.settings().theme()));
    stage.setTitle("Evenhand");
    stage.setScene(w.scene());
    stage.show();
    if (settingsProblem != null) {
      Alert a = new Alert(Alert.AlertType.WARNING, settingsProblem + "\n\nEvenhand uses the default settings until the file is fixed.");
      a.setHeaderText("The settings file has a value Evenhand cannot use");
      a.initOwner(stage);
      a.show();
    }
  }

  @Override
  public void stop() {
    background.shutdownNow();
    services.close();
  }
}
