package dev.evenhand.app;

import dev.evenhand.app.cli.Version;
import dev.evenhand.ui.FxmlFile;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.ui.audit.AuditViewModel;
import dev.evenhand.ui.datasets.DatasetsViewModel;
import dev.evenhand.ui.generate.GenerateViewModel;
import dev.evenhand.ui.main.About;
import dev.evenhand.ui.main.MainViewModel;
import dev.evenhand.ui.main.Screens;
import dev.evenhand.ui.main.WelcomeViewModel;
import dev.evenhand.ui.models.ModelsViewModel;
import dev.evenhand.ui.review.KeyBindings;
import dev.evenhand.ui.review.ReviewViewModel;
import dev.evenhand.ui.settings.SettingsViewModel;
import dev.evenhand.usecase.Settings;
import dev.evenhand.usecase.SettingsUseCase;
import java.nio.file.Path;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Consumer;

/**
 * Builds each screen's view model from the app's {@link Services}, with only the use cases it needs (one
 * factory method per screen, after Cryptomator's per-window modules). It holds no rules: every method
 * only passes collaborators on.
 */
public final class UiWiring implements Screens {
  private final Services s;
  private final TaskExecutor tasks;
  private final Consumer<Path> openFolder;
  private final SettingsUseCase.Launch launch;
  private final ResourceBundle text = FxmlFile.bundle();
  private volatile Settings live;

  /**
   * @param s          the services
   * @param tasks      where the screens' blocking work runs and where results go
   * @param openFolder opens a folder in the desktop's file manager
   * @param launch     the options and environment the app started with (the Settings screen names them as sources)
   */
  public UiWiring(Services s, TaskExecutor tasks, Consumer<Path> openFolder, SettingsUseCase.Launch launch) {
    this.s = s;
    this.tasks = tasks;
    this.openFolder = openFolder;
    this.launch = launch;
    this.live = s.settings();
  }

  /**
   * Screens started as with {@code --ollama} naming the services' URLs and {@code --db} their database,
   * and an empty environment (tests).
   *
   * @param s          the services
   * @param tasks      where the screens' blocking work runs and where results go
   * @param openFolder opens a folder in the desktop's file manager
   */
  public UiWiring(Services s, TaskExecutor tasks, Consumer<Path> openFolder) {
    this(s, tasks, openFolder, new SettingsUseCase.Launch(String.join(",", s.ollamaUrls()), s.databasePath().toString(),
        s.databasePath(), Map.of()));
  }

  /**
   * Screens whose Open log folder does nothing (tests).
   *
   * @param s     the services
   * @param tasks where blocking work runs and where results go
   */
  public UiWiring(Services s, TaskExecutor tasks) { this(s, tasks, folder -> { }); }

  @Override
  public boolean settingsSaved(Settings saved) {
    Settings was = live;
    live = saved;
    return !was.reviewer().equals(saved.reviewer()) || !was.keys().equals(saved.keys());
  }

  @Override
  public MainViewModel main() {
    About about = new About(Version.evenhand(), System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("javafx.runtime.version", "21"), s.paths().dataDir(), s.databasePath(), s.paths().logDir());
    return new MainViewModel(s.targets(), about, openFolder, tasks, text);
  }

  @Override
  public WelcomeViewModel welcome() { return new WelcomeViewModel(s.models(), s.targets(), tasks, text); }

  @Override
  public GenerateViewModel generate() {
    return new GenerateViewModel(s.generations(), s.settings().parallel(), tasks, text);
  }

  @Override
  public ReviewViewModel review() {
    return new ReviewViewModel(s.reviews(), s.regenerate(), live.reviewer(), tasks, text);
  }

  @Override
  public dev.evenhand.ui.review.PairNotes reviewNotes(ReviewViewModel review) {
    return new dev.evenhand.ui.review.PairNotes(review.selected(), review.filters().blind(), s.guidelines(), s.comments(), live.reviewer(), tasks, text);
  }

  @Override
  public KeyBindings reviewKeys() { return new KeyBindings(live.keys()); }

  @Override
  public ModelsViewModel models() { return new ModelsViewModel(s.models(), s.targets(), tasks, text); }

  @Override
  public DatasetsViewModel datasets() {
    return new DatasetsViewModel(s.imports(), s.exports(), tasks, text);
  }

  @Override
  public AuditViewModel audit() {
    return new AuditViewModel(s.audits(), s.targets(), s.settings().parallel(), tasks, text, s.auditCompare(), ChartRenderer::render);
  }

  @Override
  public dev.evenhand.ui.genmo.GenmoDownloadViewModel genmo() { return new dev.evenhand.ui.genmo.GenmoDownloadViewModel(s.genmo(), tasks, text); }

  @Override
  public SettingsViewModel settings() {
    return new SettingsViewModel(new SettingsUseCase(s.paths().settingsFile(), launch), s.deletes(), tasks, text);
  }
}
