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

/** The Generate screen's view: binds the controls to {@link GenerateViewModel} and forwards events. */
public final class GenerateController {
  private final GenerateViewModel vm;
  private final java.util.ResourceBundle text;
  @FXML private ComboBox<String> modelBox;
  @FXML private Spinner<Integer> pairsSpinner;
  @FXML private CheckBox keepConsistentBox;
  @FXML private Label themesLabel;
  @FXML private Button startButton;
  @FXML private Button cancelButton;
  @FXML private ProgressBar progressBar;
  @FXML private Label statusLabel;
  @FXML private ListView<String> logList;
  @FXML private ListView<GenerateViewModel.StoredPair> storedList;
  @FXML private Label storedLabel;
  @FXML private Button openReviewButton;
  @FXML private Spinner<Integer> parallelSpinner;
  @FXML private javafx.scene.control.Button resumeButton;
  @FXML private Label figuresLabel;
  @FXML private javafx.scene.layout.HBox pauseBanner;
  @FXML private Label pauseLabel;

  /**
   * @param vm   the view model
   * @param text the resource bundle
   */
  public GenerateController(GenerateViewModel vm, java.util.ResourceBundle text) {
    this.vm = vm;
    this.text = text;
  }

  @FXML
  private void initialize() {
    modelBox.setItems(vm.models());
    modelBox.valueProperty().bindBidirectional(vm.model());
    Views.wholeNumberSpinner(pairsSpinner, 1, GenerateViewModel.MAX_PAIRS, vm.pairs().get(), vm.pairs()::set);
    keepConsistentBox.selectedProperty().bindBidirectional(vm.keepConsistent());
    Views.wholeNumberSpinner(parallelSpinner, 1, GenerateViewModel.MAX_PARALLEL, vm.parallel().get(), vm.parallel()::set);
    parallelSpinner.disableProperty().bind(vm.running());
    Views.text(figuresLabel, vm.figures());
    Views.text(pauseLabel, vm.pauseMessage());
    Views.shownWhile(pauseBanner, vm.pauseMessage().isNotEmpty());
    Views.text(themesLabel, vm.themesLabel());
    Views.job(startButton, cancelButton, progressBar, vm.running(), vm.progress());
    resumeButton.disableProperty().bind(vm.running());
    Views.text(statusLabel, vm.status());
    logList.setItems(vm.log());
    followEnd(logList);
    storedList.setItems(vm.stored());
    storedList.setPlaceholder(new Label(text.getString("generate.stored.none")));
    followEnd(storedList);
    storedLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> String.format(text.getString("generate.stored"), vm.stored().size()), vm.stored()));
    openReviewButton.disableProperty().bind(vm.canOpenReview().not());
    vm.loadThemes();
  }

  /**
   * Keeps a list's newest line in view: after each change, once the list has laid out its cells (a
   * scrollTo during the change itself can land before the new row exists and leave it below the edge).
   */
  private static <T> void followEnd(ListView<T> list) {
    list.getItems().addListener((javafx.collections.ListChangeListener<T>) c -> javafx.application.Platform.runLater(() -> {
      int n = list.getItems().size();
      if (n > 0) list.scrollTo(n - 1);
    }));
  }

  @FXML
  private void onResume() { vm.resume(); }

  @FXML
  private void onStart() { vm.start(pairsSpinner.getEditor().getText(), parallelSpinner.getEditor().getText()); }

  @FXML
  private void onOpenReview() { vm.openReview(); }

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
