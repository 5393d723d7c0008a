package dev.evenhand.ui.review;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Divergence;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.store.PairSummary;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Review screen's view: the queue on the left, the two stories side by side with their judgments,
 * the two balanced judgments below. Keys (outside a text field): A accept, R reject, J or Down next,
 * K or Up previous; Ctrl+Enter accepts from anywhere, also while editing.
 */
public final class ReviewController {
  private final ReviewViewModel vm;
  private final ResourceBundle text;
  @FXML private VBox root;
  @FXML private ComboBox<ReviewStatus> statusBox;
  @FXML private CheckBox divergentBox;
  @FXML private ListView<PairSummary> queueList;
  @FXML private Label countsLabel;
  @FXML private Label pairTitle;
  @FXML private Label divergenceBadge;
  @FXML private Label maleTitle;
  @FXML private Label femaleTitle;
  @FXML private TextArea maleStory;
  @FXML private TextArea femaleStory;
  @FXML private Label maleStance;
  @FXML private Label femaleStance;
  @FXML private Label maleExplanation;
  @FXML private Label femaleExplanation;
  @FXML private TextArea maleBalanced;
  @FXML private TextArea femaleBalanced;
  @FXML private CheckBox sameBox;
  @FXML private Label messageLabel;
  @FXML private VBox detail;
  @FXML private Label emptyLabel;
  @FXML private javafx.scene.control.TitledPane provenancePane;
  @FXML private TextArea provenanceText;

  /**
   * @param vm   the view model
   * @param text the resource bundle
   */
  public ReviewController(ReviewViewModel vm, ResourceBundle text) {
    this.vm = vm;
    this.text = text;
  }

  @FXML
  private void initialize() {
    statusBox.getItems().setAll(null, ReviewStatus.PENDING, ReviewStatus.ACCEPTED, ReviewStatus.REJECTED);
    statusBox.setConverter(new StringConverter<>() {
      @Override public String toString(ReviewStatus s) { return s == null ? text.getString("review.filter.all") : text.getString("status." + s.label()); }
      @Override public ReviewStatus fromString(String s) { return null; }
    });
    statusBox.valueProperty().bindBidirectional(vm.statusFilter());
    statusBox.valueProperty().addListener((o, a, b) -> vm.refresh());
    divergentBox.selectedProperty().bindBidirectional(vm.divergentOnly());
    divergentBox.selectedProperty().addListener((o, a, b) -> vm.refresh());
    queueList.setItems(vm.queue());
    queueList.setCellFactory(l -> new QueueCell());
    queueList.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
      if (b.intValue() >= 0 && b.intValue() != vm.selectedIndex().get()) vm.select(b.intValue());
    });
    vm.selectedIndex().addListener((o, a, b) -> {
      if (b.intValue() >= 0) {
        queueList.getSelectionModel().select(b.intValue());
        queueList.scrollTo(Math.max(0, b.intValue() - 3));
      }
    });
    countsLabel.textProperty().bind(vm.counts());
    messageLabel.textProperty().bind(vm.message());
    maleBalanced.textProperty().bindBidirectional(vm.balancedMale());
    femaleBalanced.textProperty().bindBidirectional(vm.balancedFemale());
    femaleBalanced.editableProperty().bind(vm.sameForBoth().not());
    sameBox.selectedProperty().bindBidirectional(vm.sameForBoth());
    vm.selected().addListener((o, a, p) -> show(p));
    root.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    provenanceText.textProperty().bind(vm.provenance());
    provenancePane.expandedProperty().addListener((o, a, b) -> vm.setProvenanceShown(b));
    show(null);
    vm.refresh();
  }

  private void show(CuratedPair p) {
    detail.setVisible(p != null);
    emptyLabel.setVisible(p == null);
    if (p == null) return;
    pairTitle.setText(String.format(text.getString("review.pairTitle"), p.id(), p.pair().environment(), p.rouge1(),
        text.getString("status." + p.status().label())));
    boolean divergent = p.divergence() == Divergence.DIVERGENT;
    divergenceBadge.setText(text.getString(divergent ? "review.divergent" : "review.consistent"));
    divergenceBadge.getStyleClass().setAll("badge", divergent ? "badge-divergent" : "badge-consistent");
    maleTitle.setText(String.format(text.getString("review.maleStory"), name(p, Gender.MALE)));
    femaleTitle.setText(String.format(text.getString("review.femaleStory"), name(p, Gender.FEMALE)));
    maleStory.setText(p.pair().male().text());
    femaleStory.setText(p.pair().female().text());
    badge(maleStance, p.maleJudgment().map(Judgment::stance).orElse(Stance.INVALID));
    badge(femaleStance, p.femaleJudgment().map(Judgment::stance).orElse(Stance.INVALID));
    maleExplanation.setText(p.maleJudgment().map(Judgment::explanation).orElse(""));
    femaleExplanation.setText(p.femaleJudgment().map(Judgment::explanation).orElse(""));
  }

  private String name(CuratedPair p, Gender g) {
    String n = p.pair().story(g).name();
    return n.isEmpty() ? text.getString("review.firstPerson") : n;
  }

  static void badge(Label l, Stance s) {
    l.setText(s.label());
    l.getStyleClass().setAll("badge", "stance-" + s.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  private void onKey(KeyEvent e) {
    if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
      vm.accept();
      e.consume();
      return;
    }
    if (e.getTarget() instanceof TextInputControl t && t.isEditable()) return;
    if (e.isShortcutDown() || e.isAltDown()) return;
    switch (e.getCode()) {
      case A -> vm.accept();
      case R -> vm.reject("");
      case J, DOWN -> vm.next();
      case K, UP -> vm.previous();
      case P -> provenancePane.setExpanded(!provenancePane.isExpanded());
      default -> { return; }
    }
    e.consume();
  }

  @FXML private void onAccept() { vm.accept(); }

  @FXML private void onReject() { vm.reject(""); }

  @FXML private void onNext() { vm.next(); }

  @FXML private void onPrevious() { vm.previous(); }

  /** A queue row: id, environment, the two stance badges and the review status. */
  private final class QueueCell extends ListCell<PairSummary> {
    private final Label id = new Label();
    private final Label env = new Label();
    private final Label male = new Label();
    private final Label female = new Label();
    private final Label status = new Label();
    private final HBox box;

    QueueCell() {
      Region spacer = new Region();
      HBox.setHgrow(spacer, javafx.scene.layout.Priority.ALWAYS);
      id.getStyleClass().add("queue-id");
      env.getStyleClass().add("queue-env");
      status.getStyleClass().add("queue-status");
      box = new HBox(6, id, env, spacer, male, female, status);
      box.getStyleClass().add("queue-row");
      box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
      env.setMinWidth(0);
      for (Label l : new Label[] {id, male, female, status}) l.setMinWidth(Region.USE_PREF_SIZE);
      setPrefWidth(0);
    }

    @Override
    protected void updateItem(PairSummary s, boolean empty) {
      super.updateItem(s, empty);
      if (empty || s == null) {
        setGraphic(null);
        return;
      }
      id.setText("#" + s.id());
      env.setText(s.environment());
      badge(male, s.maleStance());
      badge(female, s.femaleStance());
      status.setText(text.getString("status." + s.status().label()));
      status.getStyleClass().setAll("queue-status", "status-" + s.status().label());
      setGraphic(box);
    }
  }
}
