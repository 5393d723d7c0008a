package dev.evenhand.ui.review;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Divergence;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.store.PairQuery;
import dev.evenhand.usecase.ReviewKeys.Action;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.application.Platform;
import javafx.collections.SetChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * The Review screen's view: the queue with its filters on the left; on the right the two stories side
 * by side with a word diff (the gender swap in a quiet colour, any other difference in a warning
 * colour), both judgments with stance badges and a diff of the explanations, and the two balanced
 * judgments with a lint that underlines gendered words and names, and a "draft" mark while they hold an
 * edit not accepted yet. Keyboard first: see {@link KeyBindings}. A letter key acts only outside a text
 * field, or in a field the reviewer did not choose (one they did not click, tab into, or open with E, Enter
 * or /): there it leaves the field and acts, so it never types into a field by accident. After every action
 * the queue has the focus, where the next key expects it.
 */
public final class ReviewController {
  private final ReviewViewModel vm;
  private final PairNotes notes;
  private final ResourceBundle text;
  private final KeyBindings keys;
  @FXML private VBox root;
  @FXML private TextField searchField;
  @FXML private ComboBox<ReviewStatus> statusBox;
  @FXML private ComboBox<Boolean> divergenceBox;
  @FXML private ComboBox<PairQuery.Sort> sortBox;
  @FXML private ComboBox<String> environmentBox;
  @FXML private ComboBox<String> modelBox;
  @FXML private ComboBox<String> reviewerBox;
  @FXML private CheckBox fidelityBox;
  @FXML private CheckBox blindBox;
  @FXML private javafx.scene.layout.HBox idsBar;
  @FXML private Label idsLabel;
  @FXML private javafx.scene.control.Button regenerateButton;
  @FXML private DatePicker sinceBox;
  @FXML private ListView<Integer> queueList;
  @FXML private ProgressBar reviewedBar;
  @FXML private Label countsLabel;
  @FXML private Label pairTitle;
  @FXML private Label divergenceBadge;
  @FXML private Label fidelityBadge;
  @FXML private Label fidelityDetail;
  @FXML private Label maleTitle;
  @FXML private Label femaleTitle;
  @FXML private TextFlow maleStory;
  @FXML private TextFlow femaleStory;
  @FXML private Label maleStance;
  @FXML private Label femaleStance;
  @FXML private TextFlow maleExplanation;
  @FXML private TextFlow femaleExplanation;
  @FXML private TextArea maleBalanced;
  @FXML private TextArea femaleBalanced;
  @FXML private TextFlow maleLint;
  @FXML private TextFlow femaleLint;
  @FXML private CheckBox sameBox;
  @FXML private Label keysLabel;
  @FXML private Label messageLabel;
  @FXML private VBox detail;
  @FXML private Label emptyLabel;
  @FXML private TitledPane provenancePane;
  @FXML private TextArea provenanceText;
  @FXML private Label draftBadge;
  @FXML private HBox draftBar;
  @FXML private Label draftNote;
  @FXML private Button discardButton;
  @FXML private javafx.scene.layout.StackPane notesHolder;
  @FXML private javafx.scene.control.ScrollPane detailScroll;
  @FXML private HBox liveBar;
  @FXML private Label liveNote;
  @FXML private Label openByBadge;
  @FXML private HBox assignedRow;
  @FXML private CheckBox assignedBox;
  @FXML private Label assignedLabel;
  /** Where keys go and which field the reviewer chose. */
  private ReviewKeyboard keyboard;
  /** The window whose closing keeps the draft. */
  private Window window;

  /**
   * @param vm    the view model
   * @param notes the side panel's view model: the set's guidelines and the pair's comments
   * @param text  the resource bundle
   * @param keys  the key bindings
   */
  public ReviewController(ReviewViewModel vm, PairNotes notes, ResourceBundle text, KeyBindings keys) {
    this.vm = vm;
    this.notes = notes;
    this.text = text;
    this.keys = keys;
  }

  @FXML
  private void initialize() {
    ReviewFilters filters = vm.filters();
    statusBox.getItems().setAll(null, ReviewStatus.PENDING, ReviewStatus.ACCEPTED, ReviewStatus.REJECTED);
    statusBox.setConverter(dev.evenhand.ui.Converters.of(s -> s == null ? text.getString("review.filter.all") : text.getString("status." + s.label())));
    statusBox.valueProperty().bindBidirectional(filters.statusFilter());
    divergenceBox.getItems().setAll(null, Boolean.TRUE, Boolean.FALSE);
    divergenceBox.setConverter(dev.evenhand.ui.Converters.of(b -> text.getString(b == null ? "review.filter.anyDivergence" : b ? "review.divergent" : "review.filter.consistent")));
    divergenceBox.valueProperty().bindBidirectional(filters.divergence());
    sortBox.getItems().setAll(PairQuery.Sort.values());
    sortBox.setConverter(dev.evenhand.ui.Converters.of(s -> text.getString("review.sort." + s.name())));
    sortBox.valueProperty().bindBidirectional(filters.sort());
    optionBox(environmentBox, filters.environments(), filters.environment());
    optionBox(modelBox, filters.models(), filters.model());
    optionBox(reviewerBox, filters.reviewers(), filters.reviewerFilter());
    fidelityBox.selectedProperty().bindBidirectional(filters.fidelityOnly());
    blindBox.selectedProperty().bindBidirectional(filters.blind());
    idsLabel.textProperty().bind(filters.idsLabel());
    idsBar.visibleProperty().bind(filters.idsLabel().isNotEmpty());
    idsBar.managedProperty().bind(idsBar.visibleProperty());
    regenerateButton.textProperty().bind(javafx.beans.binding.Bindings.when(vm.regenerating())
        .then(text.getString("review.regenerate.cancel")).otherwise(text.getString("review.regenerate")));
    filters.blind().addListener((o, a, b) -> vm.refreshQueue());
    sinceBox.valueProperty().bindBidirectional(filters.since());
    searchField.textProperty().bindBidirectional(filters.search());
    for (var p : List.of(filters.statusFilter(), filters.divergence(), filters.sort(), filters.environment(), filters.model(),
        filters.reviewerFilter(), filters.since())) {
      p.addListener((o, a, b) -> vm.refreshQueue());
    }
    filters.fidelityOnly().addListener((o, a, b) -> vm.refreshQueue());
    searchField.setOnAction(e -> {
      vm.refreshQueue();
      toQueue();
    });

    queueList.setItems(vm.queue());
    queueList.setPlaceholder(new Label(text.getString("review.queueEmpty")));
    queueList.setCellFactory(l -> new QueueCell(vm, text));
    queueList.setFixedCellSize(34);
    vm.rowsVersion().addListener((o, a, b) -> queueList.refresh());
    queueList.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
      if (b.intValue() >= 0 && b.intValue() != vm.selectedIndex().get()) vm.select(b.intValue());
    });
    vm.selectedIndex().addListener((o, a, b) -> selectRow());
    // a reloaded queue can drop the list's selection while the view model keeps the same row (no change event)
    vm.queueLoads().addListener((o, a, b) -> selectRow());
    countsLabel.textProperty().bind(vm.counts());
    reviewedBar.progressProperty().bind(vm.progress());
    messageLabel.textProperty().bind(vm.message());
    maleBalanced.textProperty().bindBidirectional(vm.balancedMale());
    femaleBalanced.textProperty().bindBidirectional(vm.balancedFemale());
    femaleBalanced.editableProperty().bind(vm.sameForBoth().not());
    sameBox.selectedProperty().bindBidirectional(vm.sameForBoth());
    // the imported pairs still without judgments are read after the (empty) list: the empty text names them once they are
    vm.awaitingCuration().addListener((o, a, b) -> {
      if (vm.selected().get() == null) emptyLabel.setText(vm.emptyText());
    });
    vm.selected().addListener((o, a, p) -> {
      show(p);
      // another pair: the focus never stays in the editor of the one before
      if (p != null && (a == null || a.id() != p.id()) && (maleBalanced.isFocused() || femaleBalanced.isFocused())) toQueue();
    });
    // each lint carries the text it was computed on, so it is drawn on exactly that text; it changes with
    // every edit (a text change is always a new lint), so redrawing on the lint alone is enough
    vm.maleLint().addListener((o, a, lint) -> TextFlows.lint(maleLint, lint, text));
    vm.femaleLint().addListener((o, a, lint) -> TextFlows.lint(femaleLint, lint, text));
    TextFlows.lint(maleLint, vm.maleLint().get(), text);
    TextFlows.lint(femaleLint, vm.femaleLint().get(), text);
    keyboard = new ReviewKeyboard(keys, root, queueList, this::run, vm.drafts()::keep, () -> {
      if (!vm.regenerating().get()) return false;
      vm.cancelRegenerate();
      return true;
    });
    // the queue's own scene: a parent's scene changes before its children's, when the queue could not take the focus yet
    queueList.sceneProperty().addListener((o, a, scene) -> onScene(scene));
    draftBadge.visibleProperty().bind(vm.drafts().shownHasDraft());
    draftBar.visibleProperty().bind(vm.drafts().shownHasDraft());
    draftBar.managedProperty().bind(draftBar.visibleProperty());
    draftNote.textProperty().bind(vm.drafts().note());
    discardButton.setText(text.getString("review.draft.discard") + " (" + k(Action.DISCARD_DRAFT) + ")");
    vm.drafts().pairs().addListener((SetChangeListener<Long>) c -> queueList.refresh());
    vm.live().others().addListener((javafx.collections.MapChangeListener<Long, String>) c -> queueList.refresh());
    ReviewLiveView.bind(vm, text, root, liveBar, liveNote, openByBadge, assignedRow, assignedBox, assignedLabel);
    // the neutrality gate: an accept of a flagged text waits for this dialog (shown after the key event that asked)
    vm.genderedConfirmation().addListener((o, a, req) -> {
      if (req != null) Platform.runLater(() -> GenderedDialog.ask(vm, req, text, root.getScene().getWindow()));
    });
    provenanceText.textProperty().bind(vm.provenance());
    notesHolder.getChildren().setAll(new NotesPanel(notes, text));
    provenancePane.expandedProperty().addListener((o, a, b) -> {
      vm.setProvenanceShown(b);
      // below the guidelines and comments it may open out of sight: show it
      if (b) Platform.runLater(() -> detailScroll.setVvalue(detailScroll.getVmax()));
    });
    keysLabel.setText(String.format(text.getString("review.keys"), k(Action.ACCEPT), k(Action.EDIT),
        k(Action.REJECT), k(Action.SKIP), k(Action.FLAG), k(Action.NEXT),
        k(Action.PREVIOUS), k(Action.UNDO), k(Action.DISCARD_DRAFT), k(Action.SEARCH), k(Action.HELP)));
    // the view model may already show a pair (it was refreshed before this view was first built, e.g. after
    // a batch): show it and select its row now, as the refresh that follows (whoever shows this view refreshes it,
    // MainWindowController) keeps that pair and fires no change
    show(vm.selected().get());
    selectRow();
  }

  /** Selects the view model's row in the queue list (and scrolls to it), unless it is already selected. */
  private void selectRow() {
    int i = vm.selectedIndex().get();
    if (i < 0 || i >= queueList.getItems().size() || queueList.getSelectionModel().getSelectedIndex() == i) return;
    queueList.getSelectionModel().select(i);
    queueList.scrollTo(Math.max(0, i - 3));
  }

  private String k(Action a) { return keys.display(a); }


  private void optionBox(ComboBox<String> box, javafx.collections.ObservableList<String> options, javafx.beans.property.ObjectProperty<String> value) {
    Runnable fill = () -> {
      String keep = value.get();
      box.getItems().setAll((String) null);
      box.getItems().addAll(options);
      box.setValue(keep);
    };
    options.addListener((javafx.collections.ListChangeListener<String>) c -> fill.run());
    fill.run();
    box.setConverter(dev.evenhand.ui.Converters.of(s -> s == null ? text.getString("review.filter.any") : s));
    box.valueProperty().bindBidirectional(value);
  }

  private void show(CuratedPair p) {
    detail.setVisible(p != null);
    emptyLabel.setVisible(p == null);
    emptyLabel.setText(vm.emptyText());
    if (p == null) return;
    pairTitle.setText(String.format(text.getString("review.pairTitle"), p.id(), p.pair().environment(), p.rouge1(),
        vm.filters().blind().get() ? text.getString("review.blindStatus") : text.getString("status." + p.status().label())));
    boolean divergent = p.divergence() == Divergence.DIVERGENT;
    divergenceBadge.setText(text.getString(divergent ? "review.divergent" : "review.consistent"));
    divergenceBadge.getStyleClass().setAll("badge", divergent ? "badge-divergent" : "badge-consistent");
    StoryDiff.Result d = vm.storyDiff().get();
    fidelityBadge.setText(d.flags() == 0 ? text.getString("review.fidelity.none") : String.format(text.getString("review.fidelity.some"), d.flags()));
    fidelityBadge.getStyleClass().setAll("badge", d.flags() == 0 ? "badge-consistent" : "badge-flag");
    fidelityDetail.setText(d.flags() == 0 ? "" : String.format(text.getString("review.fidelity.detail"), String.join("; ", d.flagged())));
    fidelityDetail.setManaged(d.flags() > 0);
    maleTitle.setText(String.format(text.getString("review.maleStory"), name(p, Gender.MALE)));
    femaleTitle.setText(String.format(text.getString("review.femaleStory"), name(p, Gender.FEMALE)));
    TextFlows.diff(maleStory, d.left());
    TextFlows.diff(femaleStory, d.right());
    TextFlows.badge(maleStance, p.maleJudgment().map(Judgment::stance).orElse(Stance.INVALID));
    TextFlows.badge(femaleStance, p.femaleJudgment().map(Judgment::stance).orElse(Stance.INVALID));
    StoryDiff.Result e = vm.explanationDiff().get();
    TextFlows.diff(maleExplanation, e.left());
    TextFlows.diff(femaleExplanation, e.right());
  }

  private String name(CuratedPair p, Gender g) {
    String n = p.pair().story(g).name();
    return n.isEmpty() ? text.getString("review.firstPerson") : n;
  }

  /** Shown (the screen opens): the queue takes the focus. Hidden (another screen): the draft is kept now. */
  private void onScene(Scene scene) {
    if (scene == null) {
      vm.drafts().keep();
      return;
    }
    queueList.requestFocus();
    keyboard.watch(scene);
    scene.windowProperty().addListener((o, a, w) -> watchClosing(w));
    watchClosing(scene.getWindow());
  }

  /** Closing the window keeps the draft first. */
  private void watchClosing(Window w) {
    if (w == null || w == window) return;
    window = w;
    w.addEventFilter(WindowEvent.WINDOW_CLOSE_REQUEST, e -> vm.drafts().keepNow());
  }

  /** Does an action, from a key or a button; the focus then goes where the next key expects it. */
  private void run(Action a) {
    switch (a) {
      case ACCEPT, ACCEPT_ANYWHERE -> vm.accept();
      case EDIT -> {
        keyboard.choose(maleBalanced);
        maleBalanced.end();
        return;
      }
      case REJECT -> vm.reject("");
      case REJECT_WITH_REASON -> askReason("review.rejectReason.header").ifPresent(vm::reject);
      case SKIP -> vm.skip();
      case FLAG -> askReason("review.flagReason.header").ifPresent(vm::flag);
      case NEXT -> vm.next();
      case PREVIOUS -> vm.previous();
      case SEARCH -> {
        keyboard.choose(searchField);
        searchField.selectAll();
        return;
      }
      case HELP -> onHelp();
      case PROVENANCE -> provenancePane.setExpanded(!provenancePane.isExpanded());
      case REGENERATE -> vm.regenerate();
      case UNDO -> vm.undo();
      case REDO -> vm.redo();
      case DISCARD_DRAFT -> vm.drafts().discard();
      default -> { return; }
    }
    toQueue();
  }

  private void toQueue() { keyboard.toQueue(); }

  private Optional<String> askReason(String headerKey) {
    CuratedPair p = vm.selected().get();
    if (p == null) return Optional.empty();
    TextInputDialog d = new TextInputDialog();
    d.setTitle(String.format(text.getString("review.rejectReason.title"), p.id()));
    d.setHeaderText(text.getString(headerKey));
    d.initOwner(root.getScene().getWindow());
    return d.showAndWait().map(String::strip);
  }

  @FXML private void onAccept() { run(Action.ACCEPT); }

  @FXML private void onReject() { run(Action.REJECT_WITH_REASON); }

  @FXML private void onSkip() { run(Action.SKIP); }

  @FXML private void onFlag() { run(Action.FLAG); }

  @FXML private void onUndo() { run(Action.UNDO); }

  @FXML private void onDiscardDraft() { run(Action.DISCARD_DRAFT); }

  @FXML private void onClearPairs() { vm.clearPairs(); }

  @FXML private void onReloadPair() { vm.reloadShown(); }

  @FXML private void onAssignments() { AssignmentsDialog.show(vm.live().assignments(), text, root.getScene().getWindow()); }

  @FXML
  private void onRegenerate() {
    if (vm.regenerating().get()) {
      vm.cancelRegenerate();
      toQueue();
    } else run(Action.REGENERATE);
  }

  @FXML private void onRedo() { run(Action.REDO); }

  @FXML private void onNext() { run(Action.NEXT); }

  @FXML private void onPrevious() { run(Action.PREVIOUS); }

  @FXML
  private void onAgreement() {
    vm.agreement(result -> {
      Alert a = new Alert(Alert.AlertType.INFORMATION, result);
      a.setTitle(text.getString("review.agreement.title"));
      a.setHeaderText(text.getString("review.agreement.title"));
      a.initOwner(root.getScene().getWindow());
      a.show();
    });
  }

  @FXML
  private void onHelp() {
    Alert a = new Alert(Alert.AlertType.INFORMATION, String.format(text.getString("review.help.text"), k(Action.ACCEPT),
        k(Action.EDIT), k(Action.REJECT), k(Action.REJECT_WITH_REASON), k(Action.SKIP),
        k(Action.FLAG), k(Action.NEXT), k(Action.PREVIOUS), k(Action.SEARCH),
        k(Action.PROVENANCE), k(Action.UNDO), k(Action.REDO), k(Action.ACCEPT_ANYWHERE), k(Action.DISCARD_DRAFT), k(Action.REGENERATE)));
    a.getDialogPane().setPrefWidth(560); // one key a line, as written
    a.setTitle(text.getString("review.help.title"));
    a.setHeaderText(text.getString("review.help.title"));
    a.initOwner(root.getScene().getWindow());
    a.show();
  }
}
