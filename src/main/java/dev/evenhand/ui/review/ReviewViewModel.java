package dev.evenhand.ui.review;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairSummary;
import dev.evenhand.ui.Background;
import dev.evenhand.ui.UiContext;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Review screen: the queue (divergent first), the selected pair, its two
 * editable balanced judgments with a "same text for both" toggle, accept and reject. Every action is
 * saved at once through {@link dev.evenhand.method.ReviewService}; after it the next pending pair shows.
 */
public final class ReviewViewModel {
  /** Rows loaded into the list at once. */
  static final int PAGE = 500;
  private final UiContext ctx;
  private final ResourceBundle text;
  private final ObservableList<PairSummary> queue = FXCollections.observableArrayList();
  private final ObjectProperty<ReviewStatus> statusFilter = new SimpleObjectProperty<>(null);
  private final BooleanProperty divergentOnly = new SimpleBooleanProperty(false);
  private final IntegerProperty selectedIndex = new SimpleIntegerProperty(-1);
  private final ReadOnlyObjectWrapper<CuratedPair> selected = new ReadOnlyObjectWrapper<>();
  private final StringProperty balancedMale = new SimpleStringProperty("");
  private final StringProperty balancedFemale = new SimpleStringProperty("");
  private final BooleanProperty sameForBoth = new SimpleBooleanProperty(false);
  private final StringProperty counts = new SimpleStringProperty("");
  private final StringProperty message = new SimpleStringProperty("");
  private final StringProperty provenance = new SimpleStringProperty("");
  private long loadToken;
  private boolean provenanceShown;

  /** @param shown true while the provenance pane is open: it then follows the shown pair */
  public void setProvenanceShown(boolean shown) {
    provenanceShown = shown;
    if (shown) loadProvenance();
  }

  /**
   * @param ctx  services
   * @param text the resource bundle
   */
  public ReviewViewModel(UiContext ctx, ResourceBundle text) {
    this.ctx = ctx;
    this.text = text;
    sameForBoth.addListener((o, was, now) -> { if (now) balancedFemale.set(balancedMale.get()); });
    balancedMale.addListener((o, a, b) -> { if (sameForBoth.get()) balancedFemale.set(b); });
  }

  /** Reloads the queue with the current filters and selects the first row. */
  public void refresh() { refresh(-1); }

  private void refresh(long keepId) {
    PairQuery q = new PairQuery(Optional.ofNullable(statusFilter.get()), divergentOnly.get(), Optional.empty(), Optional.empty(), Optional.empty());
    Background.run(ctx.background(), () -> new Object[] {ctx.pairs().page(q, 0, PAGE), ctx.pairs().countByStatus()}, r -> {
      @SuppressWarnings("unchecked") java.util.List<PairSummary> rows = (java.util.List<PairSummary>) r[0];
      @SuppressWarnings("unchecked") Map<String, Long> byStatus = (Map<String, Long>) r[1];
      queue.setAll(rows);
      counts.set(String.format(text.getString("review.counts"), byStatus.get("pending"), byStatus.get("accepted"), byStatus.get("rejected")));
      int idx = 0;
      for (int i = 0; i < rows.size(); i++) if (rows.get(i).id() == keepId) idx = i;
      select(rows.isEmpty() ? -1 : idx);
    }, e -> message.set(e.getMessage()));
  }

  /** Shows the pair at a row of the queue (loads it off the FX thread). */
  public void select(int index) {
    if (index < 0 || index >= queue.size()) {
      selectedIndex.set(-1);
      selected.set(null);
      balancedMale.set("");
      balancedFemale.set("");
      return;
    }
    selectedIndex.set(index);
    long id = queue.get(index).id();
    long token = ++loadToken;
    Background.run(ctx.background(), () -> ctx.pairs().find(id).orElseThrow(), p -> {
      if (token != loadToken) return;
      selected.set(p);
      BalancedJudgment b = p.balanced().orElse(new BalancedJudgment("", ""));
      sameForBoth.set(b.male().equals(b.female()) && !b.male().isEmpty());
      balancedMale.set(b.male());
      balancedFemale.set(b.female());
      message.set("");
      provenance.set("");
      if (provenanceShown) loadProvenance();
    }, e -> message.set(e.getMessage()));
  }

  /**
   * Loads the provenance of the shown pair: one line per model call with model tag and digest, Ollama
   * version, host, prompt template id and version, options, timings (ns as Ollama reports them, shown in
   * ms) and done_reason.
   */
  public void loadProvenance() {
    CuratedPair p = selected.get();
    if (p == null) return;
    Background.run(ctx.background(), () -> ctx.calls().forPair(p.id()), list -> {
      StringBuilder sb = new StringBuilder();
      for (var c : list) {
        sb.append(String.format("#%d %-10s %-6s %s @ %s (digest %s) · Ollama %s · %s · template %s v%d%n",
            c.id(), c.step(), c.outcome() + (c.faultKind().isEmpty() ? "" : " " + c.faultKind()), c.modelTag(), c.hostUrl(),
            c.modelDigest().length() > 19 ? c.modelDigest().substring(0, 19) + "…" : c.modelDigest(), c.ollamaVersion(),
            c.startedAt(), c.templateId(), c.templateVersion()));
        sb.append(String.format("    options %s · done_reason %s · load %.1f ms · prompt eval %.1f ms · eval %.1f ms (%d tokens) · total %.1f ms%n",
            c.options(), c.doneReason().isEmpty() ? "-" : c.doneReason(), c.loadNs() / 1e6, c.promptEvalNs() / 1e6, c.evalNs() / 1e6,
            c.evalCount(), c.totalNs() / 1e6));
      }
      provenance.set(list.isEmpty() ? text.getString("review.noProvenance") : sb.toString());
    }, e -> provenance.set(e.getMessage()));
  }

  /** @return the provenance text of the shown pair (empty until loaded) */
  public StringProperty provenance() { return provenance; }

  /** Moves to the next row. */
  public void next() { if (selectedIndex.get() + 1 < queue.size()) select(selectedIndex.get() + 1); }

  /** Moves to the previous row. */
  public void previous() { if (selectedIndex.get() > 0) select(selectedIndex.get() - 1); }

  /** Accepts the shown pair; with edited text it is saved as "accept with edits". */
  public void accept() {
    CuratedPair p = selected.get();
    if (p == null) return;
    BalancedJudgment now = new BalancedJudgment(balancedMale.get().strip(), balancedFemale.get().strip());
    boolean edited = !p.balanced().map(now::equals).orElse(false);
    if (now.male().isEmpty() || now.female().isEmpty()) {
      message.set(text.getString("review.emptyBalanced"));
      return;
    }
    act(p.id(), () -> edited ? ctx.review().acceptEdited(p.id(), ctx.reviewer(), now) : ctx.review().accept(p.id(), ctx.reviewer()),
        edited ? "review.acceptedEdited" : "review.accepted");
  }

  /** Rejects the shown pair. */
  public void reject(String reason) {
    CuratedPair p = selected.get();
    if (p == null) return;
    act(p.id(), () -> ctx.review().reject(p.id(), ctx.reviewer(), reason == null ? "" : reason), "review.rejected");
  }

  private void act(long id, java.util.concurrent.Callable<?> action, String doneKey) {
    int at = selectedIndex.get();
    Background.run(ctx.background(), () -> {
      action.call();
      return new Object[] {ctx.pairs().find(id).orElseThrow(), ctx.pairs().countByStatus()};
    }, r -> {
      CuratedPair updated = (CuratedPair) r[0];
      @SuppressWarnings("unchecked") Map<String, Long> byStatus = (Map<String, Long>) r[1];
      message.set(String.format(text.getString(doneKey), id));
      counts.set(String.format(text.getString("review.counts"), byStatus.get("pending"), byStatus.get("accepted"), byStatus.get("rejected")));
      if (at >= 0 && at < queue.size() && queue.get(at).id() == id) {
        PairSummary s = queue.get(at);
        queue.set(at, new PairSummary(s.id(), s.environment(), s.maleName(), s.femaleName(), s.maleStance(), s.femaleStance(),
            s.divergent(), updated.status(), s.preview()));
      }
      int nextPending = -1;
      for (int i = 1; i <= queue.size(); i++) {
        int j = (at + i) % queue.size();
        if (queue.get(j).status() == ReviewStatus.PENDING) {
          nextPending = j;
          break;
        }
      }
      select(nextPending >= 0 ? nextPending : at);
    }, e -> message.set(e.getMessage()));
  }

  /** @return the queue rows */
  public ObservableList<PairSummary> queue() { return queue; }
  /** @return the status filter; null for all */
  public ObjectProperty<ReviewStatus> statusFilter() { return statusFilter; }
  /** @return only divergent pairs */
  public BooleanProperty divergentOnly() { return divergentOnly; }
  /** @return the selected row, -1 for none */
  public IntegerProperty selectedIndex() { return selectedIndex; }
  /** @return the pair shown */
  public ReadOnlyObjectProperty<CuratedPair> selected() { return selected.getReadOnlyProperty(); }
  /** @return the balanced judgment of the male story being edited */
  public StringProperty balancedMale() { return balancedMale; }
  /** @return the balanced judgment of the female story being edited */
  public StringProperty balancedFemale() { return balancedFemale; }
  /** @return one text for both stories */
  public BooleanProperty sameForBoth() { return sameForBoth; }
  /** @return counts by status */
  public StringProperty counts() { return counts; }
  /** @return the last message (what was saved, or what failed) */
  public StringProperty message() { return message; }
}
