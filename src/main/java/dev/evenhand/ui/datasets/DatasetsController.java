package dev.evenhand.ui.datasets;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.ui.Views;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Datasets screen's view: binds the import and export controls to {@link DatasetsViewModel}. */
public final class DatasetsController {
  private final DatasetsViewModel vm;
  private final ResourceBundle text;
  private final dev.evenhand.ui.genmo.GenmoDownloadViewModel genmo;
  @FXML private VBox genmoSlot;
  @FXML private ComboBox<ImportService.Source> sourceBox;
  @FXML private Label fileLabel;
  @FXML private TextField setField;
  @FXML private CheckBox skipBox;
  @FXML private TextArea importReport;
  @FXML private ComboBox<String> formatBox;
  @FXML private Label exampleLabel;
  @FXML private ComboBox<ReviewStatus> statusBox;
  @FXML private ComboBox<ExportContext.Recipe> recipeBox;
  @FXML private CheckBox divergentBox;
  @FXML private CheckBox includeGenderedBox;
  @FXML private TextField splitField;
  @FXML private TextArea exportReport;
  @FXML private ProgressBar progressBar;
  @FXML private Button cancelButton;
  @FXML private Button importButton;
  @FXML private Button exportButton;

  /**
   * @param vm    the view model
   * @param text  the resource bundle
   * @param genmo the Download GenMO offer, shown above the import controls while no GenMO set is stored (a download imports into set genmo)
   */
  public DatasetsController(DatasetsViewModel vm, ResourceBundle text, dev.evenhand.ui.genmo.GenmoDownloadViewModel genmo) {
    this.vm = vm;
    this.text = text;
    this.genmo = genmo;
  }

  @FXML
  private void initialize() {
    Views.choices(sourceBox, List.of(ImportService.Source.values()), s -> s == null ? "" : text.getString("datasets.source." + s.id()), vm.source());
    fileLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> vm.importFile().get() == null ? text.getString("datasets.noFileChosen") : vm.importFile().get().toString(), vm.importFile()));
    setField.textProperty().bindBidirectional(vm.setName());
    skipBox.selectedProperty().bindBidirectional(vm.skipInvalid());
    importReport.textProperty().bind(vm.importReport());
    formatBox.getItems().setAll(vm.formats());
    formatBox.valueProperty().bindBidirectional(vm.format());
    exampleLabel.textProperty().bind(vm.example());
    Views.choices(statusBox, Arrays.asList(ReviewStatus.ACCEPTED, ReviewStatus.PENDING, ReviewStatus.REJECTED, null),
        s -> s == null ? text.getString("review.filter.all") : text.getString("status." + s.label()), vm.status());
    Views.choices(recipeBox, List.of(ExportContext.Recipe.values()),
        r -> r == null ? "" : text.getString("datasets.recipe." + r.name().toLowerCase(Locale.ROOT)), vm.recipe());
    divergentBox.selectedProperty().bindBidirectional(vm.divergentOnly());
    includeGenderedBox.selectedProperty().bindBidirectional(vm.includeGendered());
    recipeBox.disableProperty().bind(vm.recipeApplies().not());
    includeGenderedBox.disableProperty().bind(vm.includeGenderedApplies().not());
    splitField.textProperty().bindBidirectional(vm.split());
    exportReport.textProperty().bind(vm.exportReport());
    Views.job(importButton, cancelButton, progressBar, vm.busy(), vm.progress());
    importButton.disableProperty().unbind();
    importButton.disableProperty().bind(vm.importDisabled());
    exportButton.disableProperty().bind(vm.busy());
    genmoSlot.getChildren().setAll(dev.evenhand.ui.genmo.GenmoDownloadPane.of(genmo, text));
  }

  @FXML
  private void onChooseFile() {
    FileChooser fc = new FileChooser();
    fc.setTitle(text.getString("datasets.chooseFile"));
    File f = fc.showOpenDialog(fileLabel.getScene().getWindow());
    if (f != null) vm.importFile().set(f.toPath());
  }

  @FXML private void onPreviewImport() { vm.previewImport(); }

  @FXML private void onImport() { vm.runImport(); }

  @FXML private void onPreviewExport() { vm.previewExport(); }

  @FXML
  private void onExport() {
    vm.checkThenExport(() -> {
      FileChooser fc = new FileChooser();
      fc.setTitle(text.getString("datasets.exportTo"));
      fc.setInitialFileName(vm.exportFileName());
      File f = fc.showSaveDialog(formatBox.getScene().getWindow());
      if (f != null) vm.runExport(f.toPath());
    });
  }

  @FXML private void onCancel() { vm.cancel(); }
}
