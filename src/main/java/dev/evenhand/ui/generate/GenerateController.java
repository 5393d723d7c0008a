package dev.evenhand.ui.generate;

import dev.evenhand.ui.Views;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;

/** The Generate screen's view: binds the controls to {@link GenerateViewModel} and forwards events. */
public final class GenerateController {
  private final GenerateViewModel vm;
  @FXML private ComboBox<String> modelBox;
  @FXML private Spinner<Integer> pairsSpinner;
  @FXML private CheckBox keepConsistentBox;
  @FXML private Label themesLabel;
  @FXML private Button startButton;
  @FXML private Button cancelButton;
  @FXML private ProgressBar progressBar;
  @FXML private Label statusLabel;
  @FXML private ListView<String> logList;
  @FXML private Spinner<Integer> parallelSpinner;
  @FXML private Label figuresLabel;
  @FXML private javafx.scene.layout.HBox pauseBanner;
  @FXML private Label pauseLabel;

  /** @param vm the view model */
  public GenerateController(GenerateViewModel vm) { this.vm = vm; }

  @FXML
  private void initialize() {
    modelBox.setItems(vm.models());
    modelBox.valueProperty().bindBidirectional(vm.model());
    SpinnerValueFactory.IntegerSpinnerValueFactory f = new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 100_000, vm.pairs().get());
    pairsSpinner.setValueFactory(f);
    pairsSpinner.setEditable(true);
    f.valueProperty().addListener((o, a, b) -> { if (b != null) vm.pairs().set(b); });
    keepConsistentBox.selectedProperty().bindBidirectional(vm.keepConsistent());
    SpinnerValueFactory.IntegerSpinnerValueFactory pf = new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 64, vm.parallel().get());
    parallelSpinner.setValueFactory(pf);
    parallelSpinner.setEditable(true);
    pf.valueProperty().addListener((o, a, b) -> { if (b != null) vm.parallel().set(b); });
    parallelSpinner.disableProperty().bind(vm.running());
    Views.text(figuresLabel, vm.figures());
    Views.text(pauseLabel, vm.pauseMessage());
    Views.shownWhile(pauseBanner, vm.pauseMessage().isNotEmpty());
    Views.text(themesLabel, vm.themesLabel());
    Views.job(startButton, cancelButton, progressBar, vm.running(), vm.progress());
    Views.text(statusLabel, vm.status());
    logList.setItems(vm.log());
    vm.log().addListener((javafx.collections.ListChangeListener<String>) c -> {
      if (!vm.log().isEmpty()) logList.scrollTo(vm.log().size() - 1);
    });
    vm.loadThemes();
  }

  @FXML
  private void onStart() { vm.start(); }

  @FXML
  private void onCancel() { vm.cancel(); }

  @FXML
  private void onRetry() { vm.retry(); }

  @FXML
  private void onChooseThemes() {
    javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
    fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Seed themes (JSONL)", "*.jsonl", "*.json", "*.txt"));
    java.io.File f = fc.showOpenDialog(themesLabel.getScene().getWindow());
    if (f != null) vm.useThemesFile(f.toPath());
  }

  @FXML
  private void onPackedThemes() { vm.loadThemes(); }
}
