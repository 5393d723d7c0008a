package dev.evenhand.ui.models;

import dev.evenhand.llm.ServerModel;
import dev.evenhand.ui.Views;
import javafx.beans.property.SimpleStringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/** The Models screen's view: binds the table, the loaded list and the pull controls to {@link ModelsViewModel}. */
public final class ModelsController {
  private final ModelsViewModel vm;
  @FXML private Label serverLabel;
  @FXML private TableView<ServerModel> modelsTable;
  @FXML private TableColumn<ServerModel, String> tagColumn;
  @FXML private TableColumn<ServerModel, String> sizeColumn;
  @FXML private TableColumn<ServerModel, String> familyColumn;
  @FXML private TableColumn<ServerModel, String> paramsColumn;
  @FXML private TableColumn<ServerModel, String> quantColumn;
  @FXML private Label detailsLabel;
  @FXML private ListView<String> loadedList;
  @FXML private Label cpuWarning;
  @FXML private TextField pullTag;
  @FXML private Button pullButton;
  @FXML private Button cancelPullButton;
  @FXML private ProgressBar pullProgress;
  @FXML private Label pullStatus;

  /** @param vm the view model */
  public ModelsController(ModelsViewModel vm) { this.vm = vm; }

  @FXML
  private void initialize() {
    serverLabel.textProperty().bind(vm.server());
    modelsTable.setItems(vm.models());
    tagColumn.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().tag()));
    sizeColumn.setCellValueFactory(c -> new SimpleStringProperty(String.format("%.1f GB", c.getValue().sizeBytes() / 1e9)));
    familyColumn.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().family()));
    paramsColumn.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().parameterSize()));
    quantColumn.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().quantization()));
    modelsTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.select(b));
    detailsLabel.textProperty().bind(vm.details());
    loadedList.setItems(vm.loaded());
    Views.text(cpuWarning, vm.cpuWarning());
    Views.shownWhile(cpuWarning, vm.cpuWarning().isNotEmpty());
    pullTag.textProperty().bindBidirectional(vm.pullTag());
    Views.job(pullButton, cancelPullButton, pullProgress, vm.pulling(), vm.pullProgress());
    Views.text(pullStatus, vm.pullStatus());
  }

  @FXML private void onRefresh() { vm.refresh(); }

  @FXML private void onPull() { vm.pull(); }

  @FXML private void onCancelPull() { vm.cancelPull(); }
}
