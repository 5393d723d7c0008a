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
  private final ReviewViewModel review;
  private final ModelsViewModel models;
  private final DatasetsViewModel datasets;
  private final AuditViewModel audit;
  private final SettingsViewModel settings;
  private final Screens screens;
  private Parent generateView;
  private Parent reviewView;
  private Parent modelsView;
  private Parent datasetsView;
  private Parent auditView;
  private Parent settingsView;
  private Node welcomeView;
  private boolean welcomeDismissed;
  private boolean reviewAfterBatch;
  @FXML private Label connectionLabel;
  @FXML private Label connectionHelp;
  @FXML private HBox connectionBar;
  @FXML private ToggleButton generateNav;
  @FXML private ToggleButton reviewNav;
  @FXML private ToggleButton modelsNav;
  @FXML private ToggleButton datasetsNav;
  @FXML private ToggleButton auditNav;
  @FXML private ToggleButton settingsNav;
  @FXML private ToggleButton darkToggle;
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
  }

  @FXML
  private void initialize() {
    generateView = FxmlFile.GENERATE.load(new GenerateController(generate));
    reviewView = FxmlFile.REVIEW.load(new ReviewController(review, text, screens.reviewKeys()));
    modelsView = FxmlFile.MODELS.load(new ModelsController(models));
    settingsView = FxmlFile.SETTINGS.load(new SettingsController(settings, text));
    auditView = FxmlFile.AUDIT.load(new AuditController(audit, text));
    datasets.setOnImported(review::refresh);
    datasetsView = FxmlFile.DATASETS.load(new DatasetsController(datasets, text));
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
    darkToggle.selectedProperty().addListener((o, a, dark) -> MainWindow.applyTheme(darkToggle.getScene(), dark));
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

  /** @param dark the theme the window opened with (the toggle then switches it) */
  public void setDark(boolean dark) { darkToggle.setSelected(dark); }

  /** Shows the Models screen and refreshes it. */
  public void showModels() { show(modelsView, modelsNav, models::refresh); }

  /** Shows the Settings screen with the saved settings. */
  public void showSettings() { show(settingsView, settingsNav, settings::load); }

  /** Shows the Audit screen and refreshes it. */
  public void showAudit() { show(auditView, auditNav, audit::refresh); }

  /** Shows the Datasets screen. */
  public void showDatasets() { show(datasetsView, datasetsNav, () -> { }); }

  private void show(Parent view, ToggleButton nav, Runnable refresh) {
    content.getChildren().setAll(view);
    nav.setSelected(true);
    refresh.run();
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
    if (!welcomeDismissed && !welcomeVm.ready(s) && !content.getChildren().contains(welcomeView)) content.getChildren().add(welcomeView);
  }
}
