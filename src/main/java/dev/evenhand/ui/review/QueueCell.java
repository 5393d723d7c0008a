package dev.evenhand.ui.review;

import dev.evenhand.store.PairSummary;
import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * A queue row: id, environment, a "draft" mark when the pair has a draft, the two stance badges and the
 * review status; its pair comes a page at a time.
 */
final class QueueCell extends ListCell<Integer> {
  private final ReviewViewModel vm;
  private final ResourceBundle text;
  private final Label id = new Label();
  private final Label env = new Label();
  private final Label male = new Label();
  private final Label female = new Label();
  private final Label status = new Label();
  private final Label draft = new Label();
  private final Label openBy = new Label();
  private final HBox box;

  /**
   * @param vm   gives the rows
   * @param text the resource bundle
   */
  QueueCell(ReviewViewModel vm, ResourceBundle text) {
    this.vm = vm;
    this.text = text;
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    id.getStyleClass().add("queue-id");
    env.getStyleClass().add("queue-env");
    status.getStyleClass().add("queue-status");
    draft.setText(text.getString("review.draft.queue"));
    draft.setTooltip(new javafx.scene.control.Tooltip(text.getString("review.draft.queueTip")));
    draft.getStyleClass().setAll("badge", "badge-draft", "queue-draft");
    draft.managedProperty().bind(draft.visibleProperty());
    openBy.getStyleClass().setAll("badge", "badge-open-by", "queue-draft");
    openBy.managedProperty().bind(openBy.visibleProperty());
    box = new HBox(6, id, env, spacer, openBy, draft, male, female, status);
    box.getStyleClass().add("queue-row");
    box.setAlignment(Pos.CENTER_LEFT);
    env.setMinWidth(0);
    for (Label l : new Label[] {id, openBy, draft, male, female, status}) l.setMinWidth(Region.USE_PREF_SIZE);
    setPrefWidth(0);
  }

  @Override
  protected void updateItem(Integer row, boolean empty) {
    super.updateItem(row, empty);
    if (empty || row == null) {
      setGraphic(null);
      return;
    }
    PairSummary s = vm.row(row);
    id.setText(s == null ? "…" : "#" + s.id());
    draft.setVisible(s != null && vm.drafts().pairs().contains(s.id()));
    String who = s == null ? null : vm.live().others().get(s.id());
    openBy.setVisible(who != null);
    openBy.setText(who == null ? "" : "\u25cf " + who);
    if (s == null) {
      env.setText("…");
      male.setText("");
      female.setText("");
      male.getStyleClass().setAll("badge");
      female.getStyleClass().setAll("badge");
      status.setText("");
    } else {
      env.setText(s.environment());
      TextFlows.badge(male, s.maleStance());
      TextFlows.badge(female, s.femaleStance());
      status.setText(vm.filters().blind().get() ? "" : text.getString("status." + s.status().label()));
      status.getStyleClass().setAll("queue-status", "status-" + s.status().label());
    }
    setGraphic(box);
  }
}
