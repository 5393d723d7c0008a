package dev.evenhand.ui.main;

import dev.evenhand.usecase.ServerState;
import dev.evenhand.ui.Background;
import dev.evenhand.ui.FxmlFile;
import dev.evenhand.ui.UiContext;
import dev.evenhand.ui.generate.GenerateController;
import dev.evenhand.ui.generate.GenerateViewModel;
import dev.evenhand.ui.models.ModelsController;
import dev.evenhand.ui.models.ModelsViewModel;
import dev.evenhand.ui.review.ReviewController;
import dev.evenhand.ui.review.ReviewViewModel;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The main window: the connection bar (Ollama URL, server version, state), the navigation between
 * Generate and Review, and the screen shown. When Ollama cannot be reached the bar says so in plain
 * words and how to start it, with a Check again button.
 */
public final class MainWindowController {
  private final UiContext ctx;
  private final ResourceBundle text;
  private final GenerateViewModel generate;
  private final ReviewViewModel review;
  private final ModelsViewModel models;
  private Parent generateView;
  private Parent reviewView;
  private Parent modelsView;
  private Parent datasetsView;
  private final dev.evenhand.ui.datasets.DatasetsViewModel datasets;
  private final dev.evenhand.ui.audit.AuditViewModel audit;
  private Parent auditView;
  @FXML private Label connectionLabel;
  @FXML private Label connectionHelp;
  @FXML private HBox connectionBar;
  @FXML private Button checkButton;
  @FXML private ToggleButton generateNav;
  @FXML private ToggleButton reviewNav;
  @FXML private ToggleButton modelsNav;
  @FXML private ToggleButton datasetsNav;
  @FXML private ToggleButton auditNav;
  @FXML private ToggleButton settingsNav;
  private Parent settingsView;
  private dev.evenhand.ui.settings.SettingsViewModel settingsVm;
  @FXML private ToggleButton darkToggle;
  @FXML private StackPane content;

  /**
   * @param ctx  services
   * @param text the resource bundle
   */
  public MainWindowController(UiContext ctx, ResourceBundle text) {
    this.ctx = ctx;
    this.text = text;
    this.generate = new GenerateViewModel(ctx, text);
    this.review = new ReviewViewModel(new dev.evenhand.usecase.ReviewUseCase(ctx.review(), ctx.pairs(), ctx.calls()), ctx.regenerate(),
        ctx.reviewer(), new dev.evenhand.ui.TaskExecutor(ctx.background(), javafx.application.Platform::runLater), text);
    this.models = new ModelsViewModel(ctx, text);
    this.datasets = new dev.evenhand.ui.datasets.DatasetsViewModel(ctx, text);
    this.audit = new dev.evenhand.ui.audit.AuditViewModel(ctx, text);
  }

  @FXML
  private void initialize() {
    generateView = FxmlFile.GENERATE.load(new GenerateController(generate));
    reviewView = FxmlFile.REVIEW.load(new ReviewController(review, text, new dev.evenhand.ui.review.KeyBindings(ctx.keys())));
    modelsView = FxmlFile.MODELS.load(new ModelsController(models));
    settingsVm = new dev.evenhand.ui.settings.SettingsViewModel(ctx, text);
    settingsView = FxmlFile.SETTINGS.load(new dev.evenhand.ui.settings.SettingsController(settingsVm, text));
    auditView = FxmlFile.AUDIT.load(new dev.evenhand.ui.audit.AuditController(audit, text, (ids, what) -> {
      showScreen(true);
      review.showPairs(ids, what);
    }));
    datasetsView = FxmlFile.DATASETS.load(new dev.evenhand.ui.datasets.DatasetsController(datasets, text, review::refresh));
    generate.setOnFinished(() -> {
      review.refresh();
      if (reviewAfterBatch) {
        reviewAfterBatch = false;
        showScreen(true);
      }
    });
    setUpWelcome();
    models.setOnPulled(this::checkServer);
    ToggleGroup nav = new ToggleGroup();
    generateNav.setToggleGroup(nav);
    reviewNav.setToggleGroup(nav);
    modelsNav.setToggleGroup(nav);
    datasetsNav.setToggleGroup(nav);
    auditNav.setToggleGroup(nav);
    settingsNav.setToggleGroup(nav);
    nav.selectedToggleProperty().addListener((o, a, b) -> {
      if (b == null) a.setSelected(true);
      else if (b == modelsNav) showModels();
      else if (b == datasetsNav) showDatasets();
      else if (b == auditNav) showAudit();
      else if (b == settingsNav) showSettings();
      else showScreen(b == reviewNav);
    });
    generateNav.setSelected(true);
    darkToggle.selectedProperty().addListener((o, a, dark) -> MainWindow.applyTheme(darkToggle.getScene(), dark));
    checkServer();
  }

  /** Shows the Review screen (true) or the Generate screen (false). */
  public void showScreen(boolean reviewScreen) {
    content.getChildren().setAll(reviewScreen ? reviewView : generateView);
    (reviewScreen ? reviewNav : generateNav).setSelected(true);
    if (reviewScreen) review.refresh();
  }

  /** @param dark the theme the window opened with (the toggle then switches it) */
  public void setDark(boolean dark) { darkToggle.setSelected(dark); }

  /** Shows the Models screen and refreshes it. */
  public void showModels() {
    content.getChildren().setAll(modelsView);
    modelsNav.setSelected(true);
    models.refresh();
  }

  /** Shows the Settings screen with the saved settings. */
  public void showSettings() {
    content.getChildren().setAll(settingsView);
    settingsNav.setSelected(true);
    settingsVm.load();
  }

  /** @return the Settings view model (tests drive it) */
  public dev.evenhand.ui.settings.SettingsViewModel settingsViewModel() { return settingsVm; }

  /** Shows the Audit screen and refreshes it. */
  public void showAudit() {
    content.getChildren().setAll(auditView);
    auditNav.setSelected(true);
    audit.refresh();
  }

  /** @return the Audit view model (tests drive it) */
  public dev.evenhand.ui.audit.AuditViewModel auditViewModel() { return audit; }

  /** Shows the Datasets screen. */
  public void showDatasets() {
    content.getChildren().setAll(datasetsView);
    datasetsNav.setSelected(true);
  }

  /** @return the Datasets view model (tests drive it) */
  public dev.evenhand.ui.datasets.DatasetsViewModel datasetsViewModel() { return datasets; }

  /** @return the Models view model (tests drive it) */
  public ModelsViewModel modelsViewModel() { return models; }

  /** @return the Generate view model (tests drive it) */
  public GenerateViewModel generateViewModel() { return generate; }

  /** @return the Review view model (tests drive it) */
  public ReviewViewModel reviewViewModel() { return review; }

  private javafx.scene.Node welcomeView;
  private WelcomeController welcome;
  private boolean welcomeDismissed;
  private boolean reviewAfterBatch;
  private String lastVersion = "";

  /** @return true while the welcome panel is shown */
  public boolean welcomeShown() { return welcomeView != null && content.getChildren().contains(welcomeView); }

  private void setUpWelcome() {
    welcome = new WelcomeController(ctx, text, new WelcomeController.Host() {
      @Override public void check() { checkServer(); }

      @Override
      public void pull(String tag, java.util.function.DoubleConsumer progress, java.util.function.Consumer<String> done) {
        progress.accept(-1);
        Background.run(ctx.background(), () -> ctx.models().pull(tag, p -> {
          double f = p.fraction();
          javafx.application.Platform.runLater(() -> progress.accept(f));
        }, () -> false), ok -> done.accept(null), e -> done.accept(e.getMessage()));
      }

      @Override
      public void firstBatch(String tag) {
        generate.setModels(java.util.List.of(tag));
        generate.model().set(tag);
        generate.pairs().set(3);
        reviewAfterBatch = true;
        closeWelcome();
        showScreen(false);
        generate.start();
      }

      @Override public void close() { closeWelcome(); }
    });
    javafx.scene.Parent panel = FxmlFile.WELCOME.load(welcome);
    javafx.scene.layout.StackPane shade = new javafx.scene.layout.StackPane(panel);
    shade.getStyleClass().add("welcome-shade");
    welcomeView = shade;
  }

  private void closeWelcome() {
    welcomeDismissed = true;
    content.getChildren().remove(welcomeView);
  }

  @FXML
  private void openLogs() { ctx.openFolder().accept(java.nio.file.Path.of(ctx.about().get("logs"))); }

  @FXML
  private void about() {
    var a = ctx.about();
    javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION,
        String.format(text.getString("about.text"), a.get("evenhand"), a.get("java"), a.get("javafx"),
            lastVersion.isEmpty() ? "not reachable" : lastVersion, a.get("data"), a.get("logs")));
    alert.setTitle(text.getString("menu.about"));
    alert.setHeaderText("Evenhand " + a.get("evenhand"));
    alert.initOwner(content.getScene().getWindow());
    alert.show();
  }

  @FXML
  private void checkServer() {
    connectionLabel.setText(text.getString("connection.checking"));
    Background.run(ctx.background(), ctx.serverCheck()::get, this::showState,
        e -> showState(new ServerState("", false, "", java.util.List.of(), e.getMessage())));
  }

  private void showState(ServerState s) {
    connectionBar.getStyleClass().removeAll("connection-ok", "connection-down");
    lastVersion = s.reachable() ? s.version() : "";
    if (s.reachable()) {
      connectionBar.getStyleClass().add("connection-ok");
      connectionLabel.setText(String.format(text.getString("connection.ok"), s.url(), s.version(), s.models().size()));
      connectionHelp.setText(s.models().isEmpty() ? text.getString("connection.noModels") : "");
      generate.setModels(s.models());
    } else {
      connectionBar.getStyleClass().add("connection-down");
      connectionLabel.setText(String.format(text.getString("connection.down"), s.url()));
      connectionHelp.setText(text.getString("connection.howto"));
    }
    String host = remoteHost(s.url());
    if (host != null) {
      connectionHelp.setText((connectionHelp.getText().isEmpty() ? "" : connectionHelp.getText() + " ") + String.format(text.getString("connection.remote"), host));
    }
    String model = ctx.about().getOrDefault("default_model", "llama3.1:8b");
    boolean ready = s.reachable() && s.models().stream().anyMatch(t -> t.equals(model));
    welcome.show(s);
    if (!welcomeDismissed && !ready && !content.getChildren().contains(welcomeView)) content.getChildren().add(welcomeView);
  }

  /** @return the host of a URL that is not this machine (Evenhand then tells the user stories leave it), else null */
  static String remoteHost(String url) {
    try {
      String h = java.net.URI.create(url).getHost();
      if (h == null) return null;
      String x = h.replace("[", "").replace("]", "").toLowerCase(java.util.Locale.ROOT);
      if (x.equals("localhost") || x.startsWith("127.") || x.equals("::1") || x.equals("0:0:0:0:0:0:0:1")) return null;
      return h;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
