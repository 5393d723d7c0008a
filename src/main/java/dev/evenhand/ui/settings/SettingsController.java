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

/**
 * The Settings screen's view: binds the fields to {@link SettingsViewModel}, each with the note beside it
 * saying where its value comes from (red when the last save refused it); deletes ask for confirmation.
 */
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
  @FXML private Label databaseField;
  @FXML private Label fileField;
  @FXML private Label urlsNote;
  @FXML private Label profileNote;
  @FXML private Label parallelNote;
  @FXML private Label timeoutNote;
  @FXML private Label reviewerNote;
  @FXML private Label themeNote;
  @FXML private Label keysNote;
  @FXML private Label databaseNote;
  @FXML private Label fileNote;
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
    databaseField.textProperty().bind(vm.field("database").value());
    fileField.textProperty().bind(vm.field("file").value());
    List<Label> notes = List.of(urlsNote, profileNote, parallelNote, timeoutNote, reviewerNote, themeNote, keysNote, databaseNote, fileNote);
    List<String> keys = List.of("ollama.urls", "profile", "parallel", "timeout.seconds", "reviewer", "theme", "keys", "database", "file");
    for (int i = 0; i < notes.size(); i++) note(notes.get(i), vm.field(keys.get(i)));
    messageLabel.textProperty().bind(vm.message());
    Views.choices(deleteWhatBox, List.of(DeleteTarget.values()), t -> t == null ? "" : t.word(), vm.deleteWhat());
    deleteWhichField.textProperty().bindBidirectional(vm.deleteWhich());
    includeAcceptedBox.selectedProperty().bindBidirectional(vm.includeAccepted());
  }

  private static void note(Label label, SettingField f) {
    label.textProperty().bind(f.note());
    f.problem().addListener((o, was, bad) -> {
      label.getStyleClass().remove("setting-problem");
      if (bad) label.getStyleClass().add("setting-problem");
    });
  }

  @FXML private void onSave() { vm.save(); }

  @FXML private void onReload() { vm.load(); }

  @FXML
  private void onDelete() {
    vm.checkThenConfirm(question -> {
      Alert a = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.CANCEL, ButtonType.OK);
      a.setHeaderText(text.getString("settings.confirmTitle"));
      a.initOwner(messageLabel.getScene().getWindow());
      // a delete is for good: Enter keeps the data, OK has to be chosen
      ((javafx.scene.control.Button) a.getDialogPane().lookupButton(ButtonType.OK)).setDefaultButton(false);
      ((javafx.scene.control.Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
      a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.delete());
    });
  }
}
