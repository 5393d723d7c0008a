package dev.evenhand.ui.settings;

import dev.evenhand.domain.DeleteTarget;
import dev.evenhand.ui.Views;
import java.util.List;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;

/** The Settings screen's view: binds the fields to {@link SettingsViewModel}; deletes ask for confirmation. */
public final class SettingsController {
  private final SettingsViewModel vm;
  private final ResourceBundle text;
  @FXML private TextField urlsField;
  @FXML private ComboBox<String> profileBox;
  @FXML private TextField parallelField;
  @FXML private TextField timeoutField;
  @FXML private TextField reviewerField;
  @FXML private ComboBox<String> themeBox;
  @FXML private TextArea keysArea;
  @FXML private Label messageLabel;
  @FXML private ComboBox<DeleteTarget> deleteWhatBox;
  @FXML private TextField deleteWhichField;
  @FXML private CheckBox includeAcceptedBox;

  /**
   * @param vm   the view model
   * @param text the resource bundle
   */
  public SettingsController(SettingsViewModel vm, ResourceBundle text) {
    this.vm = vm;
    this.text = text;
  }

  @FXML
  private void initialize() {
    urlsField.textProperty().bindBidirectional(vm.urls());
    profileBox.getItems().setAll("", "default", "llama3.1_8b", "mistral_7b");
    profileBox.setEditable(true);
    profileBox.valueProperty().bindBidirectional(vm.profile());
    parallelField.textProperty().bindBidirectional(vm.parallel());
    timeoutField.textProperty().bindBidirectional(vm.timeout());
    reviewerField.textProperty().bindBidirectional(vm.reviewer());
    themeBox.getItems().setAll("light", "dark");
    themeBox.valueProperty().bindBidirectional(vm.theme());
    keysArea.textProperty().bindBidirectional(vm.keys());
    messageLabel.textProperty().bind(vm.message());
    Views.choices(deleteWhatBox, List.of(DeleteTarget.values()), t -> t == null ? "" : t.word(), vm.deleteWhat());
    deleteWhichField.textProperty().bindBidirectional(vm.deleteWhich());
    includeAcceptedBox.selectedProperty().bindBidirectional(vm.includeAccepted());
  }

  @FXML private void onSave() { vm.save(); }

  @FXML private void onReload() { vm.load(); }

  @FXML
  private void onDelete() {
    Alert a = new Alert(Alert.AlertType.CONFIRMATION, String.format(text.getString("settings.confirmDelete"), vm.deleteWhat().get().word(),
        vm.deleteWhich().get(), text.getString(vm.includeAccepted().get() ? "settings.confirmAll" : "settings.confirmKeep")),
        ButtonType.CANCEL, ButtonType.OK);
    a.setHeaderText(text.getString("settings.confirmTitle"));
    a.initOwner(messageLabel.getScene().getWindow());
    a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.delete());
  }
}
