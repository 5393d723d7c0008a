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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

  /** The services being built while the toolkit starts (issue 12, point 9: start-up under 2 s). */
  private static volatile CompletableFuture<Opened> opening;

  /** What {@link #open} made: the services, the settings file's problem (or null), where settings came from. */
  private record Opened(Services services, String settingsProblem, SettingsUseCase.Launch launch) {}

  /**
   * Launches the GUI; returns when the window closes. The database opens (migrations included) on its
   * own thread while JavaFX starts its toolkit, so the two do not wait for each other.
   *
   * @param args {@code --db=PATH} and {@code --ollama=URL}, as the launcher passes them
   */
  public static void start(String[] args) {
    Map<String, String> named = new java.util.HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 2) named.put(a.substring(2, eq), a.substring(eq + 1));
    }
    opening = CompletableFuture.supplyAsync(() -> open(named), r -> {
      Thread t = new Thread(r, "evenhand-open-database");
      t.setDaemon(true);
      t.start();
    });
    Application.launch(EvenhandApp.class, args);
  }

  private static Opened open(Map<String, String> named) {
    AppPaths paths = AppPaths.fromEnvironment();
    Settings settings;
    String problem = null;
    try {
      settings = Settings.load(paths.settingsFile());
    } catch (IllegalArgumentException e) {
      LOG.warn("settings not usable, using the defaults: {}", e.getMessage());
      problem = e.getMessage();
      settings = Settings.defaults();
    }
    List<String> urls = OllamaUrls.resolve(named.get("ollama"), settings.ollamaUrls(), System.getenv("OLLAMA_HOST"));
    Services s = new Services(paths, settings, named.containsKey("db") ? Path.of(named.get("db")) : null, urls, RetryPolicy.DEFAULT,
        new dev.evenhand.store.Database.Opening("the Evenhand window", line -> LOG.info("{}", line), dev.evenhand.store.Database.Opening.DEFAULT.patience()));
    Map<String, String> read = new java.util.HashMap<>();
    for (String v : List.of("OLLAMA_HOST", "XDG_DATA_HOME", "XDG_CONFIG_HOME")) if (System.getenv(v) != null) read.put(v, System.getenv(v));
    return new Opened(s, problem, new SettingsUseCase.Launch(named.get("ollama"), named.get("db"), s.databasePath(), read));
  }

  @Override
  public void init() {
    CompletableFuture<Opened> started = opening;
    Opened opened;
    try {
      opened = started != null ? started.join() : open(getParameters().getNamed());
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw e;
    }
    services = opened.services();
    services.indexSearchInBackground();
    settingsProblem = opened.settingsProblem();
    launch = opened.launch();
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
    FolderOpener opener = FolderOpener.forThisSystem(folder -> getHostServices().showDocument(folder.toUri().toString()),
        folder -> Platform.runLater(() -> folderNotOpened(folder)));
    MainWindow w = MainWindow.build(new UiWiring(services, new TaskExecutor(background, Platform::runLater), opener, launch),
        "dark".equals(services.settings().theme()));
    stage.setTitle("Evenhand");
    stage.setScene(w.scene());
    stage.setOnShown(e -> ProcessHandle.current().info().startInstant().ifPresent(t ->
        LOG.info("first window shown {} ms after the process started", java.time.Duration.between(t, java.time.Instant.now()).toMillis())));
    stage.show();
    if (settingsProblem != null) {
      Alert a = new Alert(Alert.AlertType.WARNING, settingsProblem + "\n\nEvenhand uses the default settings until the file is fixed.");
      a.setHeaderText("The settings file has a value Evenhand cannot use");
      a.initOwner(stage);
      a.show();
    }
  }

  /** Says where a folder is when no file manager opened it, with its path ready to select and copy. */
  private static void folderNotOpened(java.nio.file.Path folder) {
    javafx.scene.control.TextField path = new javafx.scene.control.TextField(folder.toString());
    path.setEditable(false);
    path.setPrefColumnCount(Math.min(80, folder.toString().length() + 2));
    javafx.scene.control.Label why = new javafx.scene.control.Label(
        "No file manager opened the folder (none is installed, or none is set for folders). It is here:");
    why.setWrapText(true); // cut to "...(none is set for folders)...." on one line under Xvfb
    why.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(8, why, path);
    box.setPrefWidth(560);
    Alert a = new Alert(Alert.AlertType.INFORMATION);
    a.setHeaderText("Open the folder yourself");
    a.getDialogPane().setContent(box);
    a.show();
    path.selectAll();
    path.requestFocus();
  }

  @Override
  public void stop() {
    background.shutdownNow();
    services.close();
  }
}
