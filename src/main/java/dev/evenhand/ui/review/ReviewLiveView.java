package dev.evenhand.ui.review;

import java.util.ResourceBundle;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/**
 * The Review screen's parts for reviewers side by side (issue 15, points 3 and 4), bound to {@link ReviewLive}: the
 * notice bar, the "also open by" badge, the "assigned to me" filter with this reviewer's progress, and the poll every
 * {@link ReviewLive#POLL} while the screen is shown (its marks go when it is hidden).
 */
final class ReviewLiveView {
  private ReviewLiveView() {}

  /**
   * @param vm            the screen's view model
   * @param text          the resource bundle
   * @param root          the screen (polls while it is in a scene)
   * @param liveBar       the notice bar, shown while there is a notice
   * @param liveNote      the notice
   * @param openByBadge   "also open by NAME" on the shown pair
   * @param assignedRow   the row of the "assigned to me" filter and the Assignments button: shown once any set is assigned
   * @param assignedBox   the "assigned to me" filter
   * @param assignedLabel this reviewer's assignment progress
   */
  static void bind(ReviewViewModel vm, ResourceBundle text, Node root, HBox liveBar, Label liveNote, Label openByBadge, HBox assignedRow,
                   CheckBox assignedBox, Label assignedLabel) {
    ReviewLive live = vm.live();
    liveNote.textProperty().bind(live.notice());
    liveBar.visibleProperty().bind(live.notice().isNotEmpty());
    liveBar.managedProperty().bind(liveBar.visibleProperty());
    openByBadge.textProperty().bind(live.openBy());
    openByBadge.visibleProperty().bind(live.openBy().isNotEmpty());
    openByBadge.managedProperty().bind(openByBadge.visibleProperty());
    assignedRow.visibleProperty().bind(live.anyAssigned().or(vm.filters().assignedOnly()));
    assignedRow.managedProperty().bind(assignedRow.visibleProperty());
    assignedBox.selectedProperty().bindBidirectional(vm.filters().assignedOnly());
    vm.filters().assignedOnly().addListener((o, a, b) -> vm.refreshQueue());
    assignedLabel.textProperty().bind(live.progress());
    assignedLabel.visibleProperty().bind(live.progress().isNotEmpty());
    assignedLabel.managedProperty().bind(assignedLabel.visibleProperty());
    Timeline poll = new Timeline();
    poll.getKeyFrames().add(new KeyFrame(javafx.util.Duration.millis(ReviewLive.POLL.toMillis()), e -> {
      var w = root.getScene() == null ? null : root.getScene().getWindow();
      try {
        if (w != null && w.isShowing()) live.poll();
        else poll.stop(); // the screen left its window (another scene, or the window closed)
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        poll.stop(); // the app is closing: its background executor takes no more work
      }
    }));
    poll.setCycleCount(Animation.INDEFINITE);
    root.sceneProperty().addListener((o, a, scene) -> {
      if (scene == null) {
        poll.stop();
        live.stop();
      } else {
        live.poll();
        poll.play();
      }
    });
    if (root.getScene() != null) {
      live.poll();
      poll.play();
    }
  }
}
