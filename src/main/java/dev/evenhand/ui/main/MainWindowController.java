package dev.evenhand.ui.main;

import dev.evenhand.ui.FxmlFile;
import dev.evenhand.ui.audit.AuditController;
import dev.evenhand.ui.audit.AuditViewModel;
import dev.evenhand.ui.datasets.DatasetsController;
import dev.evenhand.ui.datasets.DatasetsViewModel;
import dev.evenhand.ui.generate.GenerateController;
import dev.evenhand.ui.generate.GenerateViewModel;
import dev.evenhand.ui.models.ModelsController;
import dev.evenhand.ui.models.ModelsViewModel;
import dev.evenhand.ui.review.ReviewController;
import dev.evenhand.ui.review.ReviewViewModel;
import dev.evenhand.ui.settings.SettingsController;
import dev.evenhand.ui.settings.SettingsViewModel;
import dev.evenhand.usecase.ServerState;
import java.util.List;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The main window: the connection bar (Ollama URL, server version, state), the navigation between the
 * screens, and the screen shown. When Ollama cannot be reached the bar says so in plain words and how to
 * start it, with a Check again button; the welcome panel shows until the default model is there.
 */
public final class MainWindowController {
  private final ResourceBundle text;
  private final MainViewModel main;
  private final WelcomeViewModel welcomeVm;
  private final GenerateViewModel generate;
  private ReviewViewModel review;
  private final ModelsViewModel models;
  private final DatasetsViewModel datasets;
  private final AuditViewModel audit;
  private final SettingsViewModel settings;
  private final dev.evenhand.ui.genmo.GenmoDownloadViewModel genmo;
  private final Screens screens;
  private final LazyView generateView = new LazyView();
  private final LazyView reviewView = new LazyView();
  private final LazyView modelsView = new LazyView();
  private final LazyView datasetsView = new LazyView();
  private final LazyView auditView = new LazyView();
  private final LazyView settingsView = new LazyView();
  private Node welcomeView;
  private boolean welcomeDismissed;
  private boolean reviewAfterBatch;
  private boolean themeFromSettings;
  @FXML private Label connectionLabel;
  @FXML private Label connectionHelp;
  @FXML private HBox connectionBar;
  @FXML private ToggleButton generateNav;
  @FXML private ToggleButton reviewNav;
  @FXML private ToggleButton modelsNav;
  @FXML private ToggleButton datasetsNav;
  @FXML private ToggleButton auditNav;
  @FXML private ToggleButton settingsNav;
  @FXML private javafx.scene.control.CheckBox darkToggle;
  @FXML private StackPane content;

  /**
   * @param screens builds each screen's view model
   * @param text    the resource bundle
   */
  public MainWindowController(Screens screens, ResourceBundle text) {
    this.screens = screens;
    this.text = text;
    this.main = screens.main();
    this.welcomeVm = screens.welcome();
    this.generate = screens.generate();
    this.review = screens.review();
    this.models = screens.models();
    this.datasets = screens.datasets();
    this.audit = screens.audit();
    this.settings = screens.settings();
    this.genmo = screens.genmo();
  }

  @FXML
  private void initialize() {
    // a screen's view is loaded the first time it is shown: only Generate is built before the window opens
    generateView.loadWith(() -> FxmlFile.GENERATE.load(new GenerateController(generate, text)));
    buildReview();
    modelsView.loadWith(() -> FxmlFile.MODELS.load(new ModelsController(models)));
    settingsView.loadWith(() -> FxmlFile.SETTINGS.load(new SettingsController(settings, text)));
    auditView.loadWith(() -> FxmlFile.AUDIT.load(new AuditController(audit, text, genmo)));
    datasets.setOnImported(() -> {
      review.refresh();
      genmo.refresh();
    });
    genmo.addOnImported(audit::refresh);
    datasetsView.loadWith(() -> FxmlFile.DATASETS.load(new DatasetsController(datasets, text, genmo)));
    generate.setOnOpenReview(() -> showScreen(true));
    // a run that pauses because Ollama went away: the connection bar checks again, instead of staying green (a newcomer)
    generate.pauseMessage().addListener((o, was, now) -> { if (now != null && !now.isEmpty()) main.check(); });
    generate.setOnFinished(() -> {
      review.refresh();
      if (reviewAfterBatch) {
        reviewAfterBatch = false;
        showScreen(true);
      }
    });
    setUpWelcome();
    models.setOnPulled(main::check);
    ToggleGroup nav = new ToggleGroup();
    for (ToggleButton b : List.of(generateNav, reviewNav, modelsNav, datasetsNav, auditNav, settingsNav)) b.setToggleGroup(nav);
    nav.selectedToggleProperty().addListener((o, a, b) -> {
      if (b == null) a.setSelected(true);
      else if (b == modelsNav) showModels();
      else if (b == datasetsNav) showDatasets();
      else if (b == auditNav) showAudit();
      else if (b == settingsNav) showSettings();
      else showScreen(b == reviewNav);
    });
    generateNav.setSelected(true);
    darkToggle.selectedProperty().addListener((o, a, dark) -> {
      MainWindow.applyTheme(darkToggle.getScene(), dark);
      if (!themeFromSettings) settings.saveTheme(dark ? "dark" : "light");
    });
    settings.applied().addListener((o, a, saved) -> applySettings(saved));
    connectionLabel.textProperty().bind(main.connectionText());
    connectionHelp.textProperty().bind(main.connectionHelp());
    main.connection().addListener((o, a, c) -> {
      connectionBar.getStyleClass().removeAll("connection-ok", "connection-down");
      if (c != MainViewModel.Connection.CHECKING) connectionBar.getStyleClass().add(c == MainViewModel.Connection.OK ? "connection-ok" : "connection-down");
    });
    main.setOnChecked(this::showState);
    checkServer();
  }

  /** Shows the Review screen (true) or the Generate screen (false). */
  public void showScreen(boolean reviewScreen) {
    if (reviewScreen) show(reviewView, reviewNav, review::refresh);
    else show(generateView, generateNav, () -> { });
  }

  /** @param dark the theme in effect (the toggle then switches it and saves the choice); this call saves nothing */
  public void setDark(boolean dark) {
    themeFromSettings = true;
    try {
      darkToggle.setSelected(dark);
    } finally {
      themeFromSettings = false;
    }
  }

  /** Settings just saved take effect: the theme at once, a new reviewer or key bindings in a new Review screen. */
  private void applySettings(dev.evenhand.usecase.Settings saved) {
    if (saved == null) return;
    setDark("dark".equals(saved.theme()));
    if (screens.settingsSaved(saved)) {
      boolean shown = reviewView.loaded() && content.getChildren().contains(reviewView.get());
      review = screens.review();
      buildReview();
      if (shown) {
        content.getChildren().setAll(reviewView.get());
        review.refresh();
      }
    }
  }

  private void buildReview() {
    reviewView.loadWith(() -> FxmlFile.REVIEW.load(new ReviewController(review, screens.reviewNotes(review), text, screens.reviewKeys())));
  }

  /** Shows the Models screen and refreshes it. */
  public void showModels() { show(modelsView, modelsNav, models::refresh); }

  /** Shows the Settings screen with the saved settings. */
  public void showSettings() { show(settingsView, settingsNav, settings::load); }

  /**
   * Shows the Audit screen and refreshes it, and whether GenMO is stored (another process may have imported it since:
   * the offer to download it then goes).
   */
  public void showAudit() {
    show(auditView, auditNav, () -> {
      audit.refresh();
      genmo.refresh();
    });
  }

  /** Shows the Datasets screen and refreshes whether GenMO is stored (see {@link #showAudit()}). */
  public void showDatasets() { show(datasetsView, datasetsNav, genmo::refresh); }

  /**
   * Shows a screen and refreshes it, once: selecting its navigation button (when it is not selected yet) comes back here
   * through the button's listener. Opening Review used to refresh it three times over (here, again through the
   * listener, and in the view's own initialisation), each reading the counts, the filter choices and the queue's first
   * page: at a million pairs they competed with each other for the first pair shown.
   */
  private void show(LazyView view, ToggleButton nav, Runnable refresh) {
    if (!nav.isSelected()) {
      nav.setSelected(true); // the button's listener shows the screen
      return;
    }
    content.getChildren().setAll(view.get());
    refresh.run();
  }

  /** A screen's view, loaded from its FXML on first use, on the FX thread. */
  private static final class LazyView {
    private java.util.function.Supplier<Parent> loader;
    private Parent view;

    /** Sets how the view is loaded and drops a view loaded before, so the next {@link #get} loads it anew. */
    void loadWith(java.util.function.Supplier<Parent> load) {
      this.loader = load;
      this.view = null;
    }

    boolean loaded() { return view != null; }

    Parent get() {
      if (view == null) view = loader.get();
      return view;
    }
  }

  /** @return the Settings view model (tests drive it) */
  public SettingsViewModel settingsViewModel() { return settings; }

  /** @return the Audit view model (tests drive it) */
  public AuditViewModel auditViewModel() { return audit; }

  /** @return the Datasets view model (tests drive it) */
  public DatasetsViewModel datasetsViewModel() { return datasets; }

  /** @return the Models view model (tests drive it) */
  public ModelsViewModel modelsViewModel() { return models; }

  /** @return the Generate view model (tests drive it) */
  public GenerateViewModel generateViewModel() { return generate; }

  /** @return the connection bar's view model */
  public MainViewModel mainViewModel() { return main; }

  /** @return the Review view model (tests drive it) */
  public ReviewViewModel reviewViewModel() { return review; }

  /** @return true while the welcome panel is shown */
  public boolean welcomeShown() { return welcomeView != null && content.getChildren().contains(welcomeView); }

  private void setUpWelcome() {
    WelcomeController welcome = new WelcomeController(welcomeVm, new WelcomeController.Host() {
      @Override public void check() { checkServer(); }

      @Override
      public void firstBatch(String tag) {
        generate.setModels(List.of(tag));
        generate.model().set(tag);
        generate.pairs().set(3);
        reviewAfterBatch = true;
        closeWelcome();
        showScreen(false);
        generate.start();
      }

      @Override public void close() { closeWelcome(); }
    });
    StackPane shade = new StackPane(FxmlFile.WELCOME.load(welcome));
    shade.getStyleClass().add("welcome-shade");
    welcomeView = shade;
  }

  private void closeWelcome() {
    welcomeDismissed = true;
    content.getChildren().remove(welcomeView);
  }

  @FXML
  private void openLogs() { main.openLogs(); }

  @FXML
  private void about() {
    Alert alert = new Alert(Alert.AlertType.INFORMATION, main.aboutText());
    alert.setTitle(text.getString("menu.about"));
    alert.setHeaderText(main.aboutHeader());
    alert.initOwner(content.getScene().getWindow());
    alert.show();
  }

  @FXML
  private void checkServer() { main.check(); }

  private void showState(ServerState s) {
    if (s.reachable()) generate.setModels(s.models());
    welcomeVm.show(s);
    // the welcome is for a first start: once the server was ready, a later outage is the bar's to tell (Check again
    // opened the welcome over a paused run: a newcomer)
    if (welcomeVm.ready(s)) welcomeDismissed = true;
    if (!welcomeDismissed && !welcomeVm.ready(s) && !generate.running().get() && !content.getChildren().contains(welcomeView)) {
      content.getChildren().add(welcomeView);
    }
  }
}
