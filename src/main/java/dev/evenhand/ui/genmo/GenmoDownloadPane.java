package dev.evenhand.ui.genmo;

import dev.evenhand.ui.Views;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The view of {@link GenmoDownloadViewModel}: a banner with the Download GenMO action, its progress and Cancel,
 * and the last message (the result, or why it failed and what to do by hand). Shown while no GenMO set is stored,
 * and while a download runs or has something to say. Each screen that needs a set builds its own pane over the
 * one shared view model, so a download started on one screen shows on the other.
 */
public final class GenmoDownloadPane {
  private GenmoDownloadPane() {}

  /**
   * @param vm   the shared view model
   * @param text the resource bundle
   * @return the banner, id {@code genmo-download}
   */
  public static VBox of(GenmoDownloadViewModel vm, ResourceBundle text) {
    Label intro = new Label(text.getString("genmo.offer"));
    intro.setWrapText(true);
    intro.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    Button download = new Button(vm.actionText());
    download.setId("genmo-download-button");
    download.getStyleClass().add("accent");
    download.setOnAction(e -> vm.download());
    Button cancel = new Button(text.getString("genmo.cancel"));
    cancel.setId("genmo-cancel-button");
    cancel.setOnAction(e -> vm.cancel());
    ProgressBar bar = new ProgressBar();
    bar.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(bar, Priority.ALWAYS);
    Views.job(download, cancel, bar, vm.running(), vm.progress());
    Views.shownWhile(bar, vm.running());
    HBox actions = new HBox(8, download, cancel, bar);
    actions.setAlignment(Pos.CENTER_LEFT);
    Label message = new Label();
    message.setId("genmo-download-message");
    message.setWrapText(true);
    message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    message.getStyleClass().add("status-line");
    Views.text(message, vm.message());
    Views.shownWhile(message, vm.message().isNotEmpty());
    // a label cannot be selected: the offline steps (a long URL and a SHA-256) go to the clipboard with one click
    Button copy = new Button(text.getString("genmo.copyMessage"));
    copy.setId("genmo-copy-button");
    copy.setOnAction(e -> {
      javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
      c.putString(vm.message().get());
      javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
    });
    Views.shownWhile(copy, vm.message().isNotEmpty());
    Views.shownWhile(intro, vm.offered());
    Views.shownWhile(actions, Bindings.or(vm.offered(), vm.running()));
    VBox pane = new VBox(6, intro, actions, message, copy);
    pane.setId("genmo-download");
    pane.getStyleClass().add("genmo-download");
    Views.shownWhile(pane, Bindings.or(Bindings.or(vm.offered(), vm.running()), vm.message().isNotEmpty()));
    vm.refresh();
    return pane;
  }
}
