package dev.evenhand.ui.review;

import java.util.ResourceBundle;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/**
 * The Review screen's confirmation for the neutrality gate (issue 12): names the flagged words of a balanced judgment
 * the reviewer is accepting, says what accepting it records, and offers "Accept anyway" and Cancel, Cancel being the
 * default button (Enter keeps the pair unaccepted). Ids for tests: {@code genderedDialog}, {@code genderedConfirm},
 * {@code genderedCancel}.
 */
final class GenderedDialog {
  private GenderedDialog() {}

  /**
   * Shows the dialog and waits; then confirms or cancels the waiting accept in the view model. Does nothing when the
   * request is no longer the one waiting.
   *
   * @param vm    the view model holding the waiting accept
   * @param req   the waiting accept
   * @param text  the resource bundle
   * @param owner the window the dialog belongs to
   */
  static void ask(ReviewViewModel vm, GenderedConfirmation.Request req, ResourceBundle text, Window owner) {
    if (vm.genderedConfirmation().get() != req) return;
    ButtonType accept = new ButtonType(text.getString("review.gendered.confirm"), ButtonBar.ButtonData.OK_DONE);
    Alert a = new Alert(Alert.AlertType.WARNING, String.format(text.getString("review.gendered.text"), req.words()), accept, ButtonType.CANCEL);
    a.setTitle(text.getString("review.gendered.title"));
    a.setHeaderText(String.format(text.getString("review.gendered.header"), req.pairId()));
    Button acceptButton = (Button) a.getDialogPane().lookupButton(accept);
    Button cancelButton = (Button) a.getDialogPane().lookupButton(ButtonType.CANCEL);
    acceptButton.setId("genderedConfirm");
    acceptButton.setDefaultButton(false);
    cancelButton.setId("genderedCancel");
    cancelButton.setDefaultButton(true);
    a.getDialogPane().setId("genderedDialog");
    a.initOwner(owner);
    if (a.showAndWait().filter(accept::equals).isPresent()) vm.confirmGendered();
    else vm.cancelGendered();
  }
}
