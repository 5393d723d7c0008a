package dev.evenhand.ui.review;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.method.BalancedLint;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairSummary;
import dev.evenhand.ui.Background;
import dev.evenhand.ui.UiContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
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
 * State and commands of the Review screen. The queue holds only pair ids (8 bytes a pair, from an
 * indexed query); rows are fetched a page at a time as the list shows them, so 100,000 pairs never sit
 * in memory. Every action is saved at once through {@link dev.evenhand.usecase.ReviewService} as a row
 * of history; undo and redo are history rows too. After an action the next pending pair shows.
 */
public final class ReviewViewModel {
  /** Rows fetched at once when the list needs one. */
  static final int PAGE = 200;
  private final UiContext ctx;
  private final ResourceBundle text;
  private final IndexList queue = new IndexList();
  private final Map<Integer, PairSummary> rows = new HashMap<>();
  private final Set<Integer> pagesLoading = new HashSet<>();
  private final IntegerProperty rowsVersion = new SimpleIntegerProperty();
  private final IntegerProperty queueLoads = new SimpleIntegerProperty();
  private final ObjectProperty<ReviewStatus> statusFilter = new SimpleObjectProperty<>(null);
  private final ObjectProperty<Boolean> divergence = new SimpleObjectProperty<>(null);
  private final BooleanProperty divergentOnly = new SimpleBooleanProperty(false);
  private final ObjectProperty<String> environment = new SimpleObjectProperty<>(null);
  private final ObjectProperty<String> model = new SimpleObjectProperty<>(null);
  private final ObjectProperty<String> reviewerFilter = new SimpleObjectProperty<>(null);
  private final BooleanProperty fidelityOnly = new SimpleBooleanProperty(false);
  private final BooleanProperty blind = new SimpleBooleanProperty(false);
  private final ObjectProperty<List<Long>> idsFilter = new SimpleObjectProperty<>(null);
  private final StringProperty idsLabel = new SimpleStringProperty("");
  private final BooleanProperty regenerating = new SimpleBooleanProperty(false);
  private volatile java.util.concurrent.atomic.AtomicBoolean regenerateCancel;
  private final ObjectProperty<LocalDate> since = new SimpleObjectProperty<>(null);
  private final StringProperty search = new SimpleStringProperty("");
  private final ObjectProperty<PairQuery.Sort> sort = new SimpleObjectProperty<>(PairQuery.Sort.DIVERGENT_FIRST);
  private final ObservableList<String> environments = FXCollections.observableArrayList();
  private final ObservableList<String> models = FXCollections.observableArrayList();
  private final ObservableList<String> reviewers = FXCollections.observableArrayList();
  private final IntegerProperty selectedIndex = new SimpleIntegerProperty(-1);
  private final ReadOnlyObjectWrapper<CuratedPair> selected = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<StoryDiff.Result> storyDiff = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<StoryDiff.Result> explanationDiff = new ReadOnlyObjectWrapper<>();
  private final StringProperty balancedMale = new SimpleStringProperty("");
  private final StringProperty balancedFemale = new SimpleStringProperty("");
  private final BooleanProperty sameForBoth = new SimpleBooleanProperty(false);
  private final ObjectProperty<List<BalancedLint.Finding>> maleLint = new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<List<BalancedLint.Finding>> femaleLint = new SimpleObjectProperty<>(List.of());
  private final StringProperty counts = new SimpleStringProperty("");
  private final javafx.beans.property.DoubleProperty progress = new javafx.beans.property.SimpleDoubleProperty(0);
  private final StringProperty message = new SimpleStringProperty("");
  private final StringProperty provenance = new SimpleStringProperty("");
  private final Deque<Review> undoable = new ArrayDeque<>();
  private final Deque<Review> redoable = new ArrayDeque<>();
  private long loadToken;
  private PairQuery currentQuery = PairQuery.ALL;
  private List<Long> searchIds;
  private long queueToken;
  private boolean provenanceShown;

  /**
   * @param ctx  services
   * @param text the resource bundle
   */
  public ReviewViewModel(UiContext ctx, ResourceBundle text) {
    this.ctx = ctx;
    this.text = text;
    sameForBoth.addListener((o, was, now) -> { if (now) balancedFemale.set(balancedMale.get()); });
    balancedMale.addListener((o, a, b) -> {
      if (sameForBoth.get()) balancedFemale.set(b);
      relint();
    });
    balancedFemale.addListener((o, a, b) -> relint());
    divergentOnly.addListener((o, a, b) -> divergence.set(b ? Boolean.TRUE : null));
  }

  /** @return the query the filters describe */
  public PairQuery query() {
    return PairQuery.ALL.withStatus(statusFilter.get()).withDivergent(divergence.get()).withEnvironment(environment.get())
        .withModel(model.get()).withFidelityFlagged(fidelityOnly.get()).withReviewer(reviewerFilter.get())
        .withSince(since.get() == null ? null : since.get().atStartOfDay(ZoneId.systemDefault()).toInstant())
        .withSearch(search.get()).withSort(sort.get()).withBlindFor(blind.get() ? ctx.reviewer() : null).withIds(idsFilter.get());
  }

  /**
   * Reloads everything: the counts, the filter choices (environments, models, reviewers) and the queue
   * (on opening the screen, and after a batch).
   */
  public void refresh() {
    CuratedPair shown = selected.get();
    refresh(shown == null ? -1 : shown.id(), true);
  }

  /** Reloads only the queue with the current filters (a filter change): one indexed query for the ids. */
  public void refreshQueue() {
    CuratedPair shown = selected.get();
    refresh(shown == null ? -1 : shown.id(), false);
  }

  private void refresh(long keepId, boolean full) {
    PairQuery q = query();
    long token = ++queueToken;
    // the count and the first page first, so the first pair shows at once; counts and filter choices follow
    // a search reads every pair's text once: take all matching ids in that one pass (matches are few)
    // rather than a count and then a page, which would read every text twice
    Background.run(ctx.background(), () -> {
      if (q.search().isPresent()) {
        List<Long> all = ctx.pairs().ids(q);
        Map<Long, PairSummary> m = ctx.pairs().summaries(all.subList(0, Math.min(PAGE, all.size())));
        List<PairSummary> first = all.subList(0, Math.min(PAGE, all.size())).stream().map(m::get).filter(java.util.Objects::nonNull).toList();
        return new Object[] {(long) all.size(), first, all};
      }
      // for the status-only filters the counts shown in the status bar are the list's size: no COUNT over
      // the whole queue (they are refreshed after every review action and on opening the screen)
      Map<ReviewStatus, Long> known = lastCounts;
      Long n = !full && known != null && onlyStatus(q) ? q.status().map(st -> known.getOrDefault(st, 0L))
          .orElseGet(() -> known.values().stream().mapToLong(Long::longValue).sum()) : null;
      return new Object[] {n != null ? n : ctx.pairs().count(q), ctx.pairs().page(q, 0, PAGE), null};
    }, r -> {
      if (token != queueToken) return;
      int n = (int) (long) (Long) r[0];
      @SuppressWarnings("unchecked") List<PairSummary> first = (List<PairSummary>) r[1];
      @SuppressWarnings("unchecked") List<Long> all = (List<Long>) r[2];
      searchIds = all;
      rows.clear();
      pagesLoading.clear();
      for (int i = 0; i < first.size(); i++) rows.put(i, first.get(i));
      pagesLoading.add(0);
      currentQuery = q;
      queue.reset(n);
      if (full) {
        Background.run(ctx.background(), () -> new Object[] {ctx.pairs().countByStatus(), ctx.pairs().distinct(PairQuery.Facet.ENVIRONMENT),
            ctx.pairs().distinct(PairQuery.Facet.MODEL_TAG), ctx.pairs().reviewers()}, r2 -> {
          @SuppressWarnings("unchecked") Map<ReviewStatus, Long> byStatus = (Map<ReviewStatus, Long>) r2[0];
          showCounts(byStatus);
          keepOptions(environments, castList(r2[1]));
          keepOptions(models, castList(r2[2]));
          keepOptions(reviewers, castList(r2[3]));
        }, e -> message.set(e.getMessage()));
      } else if (lastCounts != null) {
        showCounts(lastCounts);
      }
      int idx = indexOf(keepId);
      select(n == 0 ? -1 : Math.max(idx, 0));
      queueLoads.set(queueLoads.get() + 1);
    }, e -> message.set(e.getMessage()));
  }

  private static boolean onlyStatus(PairQuery q) {
    return q.ids().isEmpty() && q.blindFor().isEmpty() && q.divergent().isEmpty() && q.setName().isEmpty() && q.environment().isEmpty() && q.modelTag().isEmpty() && !q.fidelityFlagged()
        && q.reviewer().isEmpty() && q.since().isEmpty() && q.search().isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object o) { return (List<String>) o; }

  private static void keepOptions(ObservableList<String> target, List<String> values) {
    if (!target.equals(values)) target.setAll(values);
  }

  private Map<ReviewStatus, Long> lastCounts;

  private void showCounts(Map<ReviewStatus, Long> byStatus) {
    lastCounts = byStatus;
    long pending = byStatus.getOrDefault(ReviewStatus.PENDING, 0L);
    long accepted = byStatus.getOrDefault(ReviewStatus.ACCEPTED, 0L);
    long rejected = byStatus.getOrDefault(ReviewStatus.REJECTED, 0L);
    long total = pending + accepted + rejected;
    counts.set(String.format(text.getString("review.counts"), accepted + rejected, total, pending, accepted, rejected, queue.size()));
    progress.set(total == 0 ? 0 : (double) (accepted + rejected) / total);
  }

  /**
   * The queue row of a pair, if fetched; otherwise fetches its page and returns null (the list then
   * redraws when {@link #rowsVersion()} changes).
   */
  public PairSummary row(int index) {
    if (index < 0 || index >= queue.size()) return null;
    PairSummary r = rows.get(index);
    if (r != null) return r;
    fetchPage(index / PAGE, null);
    return null;
  }

  private void fetchPage(int page, Runnable then) {
    if (!pagesLoading.add(page) && then == null) return;
    PairQuery q = currentQuery;
    List<Long> ids = searchIds;
    long token = queueToken;
    Background.run(ctx.background(), () -> {
      if (ids == null) return ctx.pairs().page(q, page * PAGE, PAGE);
      List<Long> slice = ids.subList(Math.min(ids.size(), page * PAGE), Math.min(ids.size(), (page + 1) * PAGE));
      Map<Long, PairSummary> m = ctx.pairs().summaries(slice);
      return slice.stream().map(m::get).filter(java.util.Objects::nonNull).toList();
    }, list -> {
      if (token != queueToken) return;
      if (rows.size() > 20 * PAGE) trimCache(page);
      for (int i = 0; i < list.size(); i++) rows.put(page * PAGE + i, list.get(i));
      pagesLoading.add(page);
      rowsVersion.set(rowsVersion.get() + 1);
      if (then != null) then.run();
    }, e -> message.set(e.getMessage()));
  }

  private void trimCache(int keepPage) {
    rows.keySet().removeIf(i -> i / PAGE != keepPage);
    pagesLoading.clear();
  }

  /** @return the row of a loaded pair id, or -1 when it is not among the fetched rows */
  private int indexOf(long pairId) {
    if (pairId < 0) return -1;
    for (Map.Entry<Integer, PairSummary> e : rows.entrySet()) if (e.getValue().id() == pairId) return e.getKey();
    return -1;
  }

  /** @return the pair id at a row, or -1 when that row is not fetched yet */
  public long idAt(int index) {
    PairSummary r = rows.get(index);
    return r == null ? -1 : r.id();
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
    PairSummary r = rows.get(index);
    if (r == null) {
      fetchPage(index / PAGE, () -> { if (selectedIndex.get() == index && rows.containsKey(index)) select(index); });
      return;
    }
    long id = r.id();
    long token = ++loadToken;
    Background.run(ctx.background(), () -> ctx.pairs().find(id).orElseThrow(), p -> {
      if (token != loadToken) return;
      show(p);
      message.set("");
    }, e -> message.set(e.getMessage()));
  }

  private void show(CuratedPair p) {
    storyDiff.set(StoryDiff.of(p.pair().male().text(), p.pair().female().text(), p.pair().male().name(), p.pair().female().name()));
    explanationDiff.set(StoryDiff.of(p.maleJudgment().map(Judgment::explanation).orElse(""),
        p.femaleJudgment().map(Judgment::explanation).orElse(""), p.pair().male().name(), p.pair().female().name()));
    selected.set(p);
    BalancedJudgment b = p.balanced().orElse(new BalancedJudgment("", ""));
    sameForBoth.set(b.male().equals(b.female()) && !b.male().isEmpty());
    balancedMale.set(b.male());
    balancedFemale.set(b.female());
    relint();
    provenance.set("");
    if (provenanceShown) loadProvenance();
  }

  private void relint() {
    CuratedPair p = selected.get();
    String m = p == null ? "" : p.pair().male().name();
    String f = p == null ? "" : p.pair().female().name();
    maleLint.set(BalancedLint.check(balancedMale.get() == null ? "" : balancedMale.get(), m, f));
    femaleLint.set(BalancedLint.check(balancedFemale.get() == null ? "" : balancedFemale.get(), m, f));
  }

  /** Moves to the next row. */
  public void next() { if (selectedIndex.get() + 1 < queue.size()) select(selectedIndex.get() + 1); }

  /** Moves to the previous row. */
  public void previous() { if (selectedIndex.get() > 0) select(selectedIndex.get() - 1); }

  /** @return true when the balanced judgments in the editors differ from the stored ones */
  public boolean edited() {
    CuratedPair p = selected.get();
    if (p == null) return false;
    BalancedJudgment now = new BalancedJudgment(balancedMale.get().strip(), balancedFemale.get().strip());
    return !p.balanced().map(now::equals).orElse(false);
  }

  /** Accepts the shown pair; with edited text it is saved as "accept with edits". */
  public void accept() {
    CuratedPair p = selected.get();
    if (p == null) return;
    BalancedJudgment now = new BalancedJudgment(balancedMale.get().strip(), balancedFemale.get().strip());
    if (now.male().isEmpty() || now.female().isEmpty()) {
      message.set(text.getString("review.emptyBalanced"));
      return;
    }
    boolean edited = edited();
    if (blind.get()) {
      act(p.id(), () -> ctx.review().blind(p.id(), ctx.reviewer(), true, edited ? java.util.Optional.of(now) : java.util.Optional.empty(), ""),
          "review.blindSaved", true);
      return;
    }
    act(p.id(), () -> edited ? ctx.review().acceptEdited(p.id(), ctx.reviewer(), now) : ctx.review().accept(p.id(), ctx.reviewer()),
        edited ? "review.acceptedEdited" : "review.accepted", true);
  }

  /** Rejects the shown pair, with an optional reason. */
  public void reject(String reason) {
    CuratedPair p = selected.get();
    if (p == null) return;
    if (blind.get()) {
      act(p.id(), () -> ctx.review().blind(p.id(), ctx.reviewer(), false, java.util.Optional.empty(), reason == null ? "" : reason),
          "review.blindSaved", true);
      return;
    }
    act(p.id(), () -> ctx.review().reject(p.id(), ctx.reviewer(), reason == null ? "" : reason), "review.rejected", true);
  }

  /** Skips the shown pair (a history row; the status stays) and moves on. */
  public void skip() {
    CuratedPair p = selected.get();
    if (p == null) return;
    act(p.id(), () -> ctx.review().skip(p.id(), ctx.reviewer()), "review.skipped", true);
  }

  /** Flags the shown pair for a second look (a history row; the status stays). */
  public void flag(String reason) {
    CuratedPair p = selected.get();
    if (p == null) return;
    act(p.id(), () -> ctx.review().flag(p.id(), ctx.reviewer(), reason == null ? "" : reason), "review.flagged", false);
  }

  /** Undoes the last action of this session (Ctrl+Z): a new history row restores the state before it. */
  public void undo() {
    replay(undoable, redoable, r -> ctx.review().undo(r, ctx.reviewer()), "review.nothingToUndo", "review.undone");
  }

  /** Redoes the last undone action (Ctrl+Shift+Z): a new history row sets again the state it produced. */
  public void redo() {
    replay(redoable, undoable, r -> ctx.review().redo(r, ctx.reviewer()), "review.nothingToRedo", "review.redone");
  }

  /** Takes the newest action off {@code from}, saves its undo or redo, and puts it on {@code to}; on failure it goes back. */
  private void replay(Deque<Review> from, Deque<Review> to, java.util.function.Function<Review, Review> op, String emptyKey,
                      String doneKey) {
    Review r = from.peekFirst();
    if (r == null) {
      message.set(text.getString(emptyKey));
      return;
    }
    from.removeFirst();
    Background.run(ctx.background(), () -> op.apply(r), saved -> {
      to.push(r);
      message.set(String.format(text.getString(doneKey), r.action().label(), r.pairId()));
      reselect(r.pairId());
    }, e -> {
      from.push(r);
      message.set(e.getMessage());
    });
  }

  private void reselect(long pairId) {
    int idx = indexOf(pairId);
    if (idx >= 0) {
      Background.run(ctx.background(), () -> ctx.pairs().summaries(List.of(pairId)), m -> {
        if (m.containsKey(pairId) && idx < queue.size() && idAt(idx) == pairId) rows.put(idx, m.get(pairId));
        rowsVersion.set(rowsVersion.get() + 1);
      }, e -> { });
    }
    Background.run(ctx.background(), () -> ctx.pairs().countByStatus(), this::showCounts, e -> { });
    if (idx >= 0) select(idx);
  }

  private void act(long id, java.util.concurrent.Callable<Review> action, String doneKey, boolean moveOn) {
    int at = selectedIndex.get();
    Background.run(ctx.background(), () -> {
      Review r = action.call();
      return new Object[] {r, ctx.pairs().summaries(List.of(id)), ctx.pairs().countByStatus()};
    }, r -> {
      undoable.push((Review) r[0]);
      redoable.clear();
      @SuppressWarnings("unchecked") Map<Long, PairSummary> updated = (Map<Long, PairSummary>) r[1];
      if (at >= 0 && idAt(at) == id && updated.containsKey(id)) rows.put(at, updated.get(id));
      rowsVersion.set(rowsVersion.get() + 1);
      @SuppressWarnings("unchecked") Map<ReviewStatus, Long> byStatus = (Map<ReviewStatus, Long>) r[2];
      showCounts(byStatus);
      message.set(String.format(text.getString(doneKey), id));
      if (!moveOn) {
        select(at);
        return;
      }
      select(nextPending(at));
    }, e -> message.set(e.getMessage()));
  }

  /** @return the next row after {@code at} whose status is pending as far as the list knows, else the next row */
  private int nextPending(int at) {
    for (int i = at + 1; i < queue.size() && i < at + PAGE; i++) {
      PairSummary r = rows.get(i);
      if (r == null || r.status() == ReviewStatus.PENDING) return i;
    }
    return Math.min(at + 1, queue.size() - 1);
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
            c.id(), c.step().id(), c.outcome().label() + c.faultKind().map(k -> " " + k.label()).orElse(""), c.modelTag(), c.hostUrl(),
            c.modelDigest().length() > 19 ? c.modelDigest().substring(0, 19) + "…" : c.modelDigest(), c.ollamaVersion(),
            c.startedAt(), c.templateId(), c.templateVersion()));
        sb.append(String.format("    options %s · done_reason %s · load %.1f ms · prompt eval %.1f ms · eval %.1f ms (%d tokens) · total %.1f ms%n",
            c.options(), c.doneReason().isEmpty() ? "-" : c.doneReason(), c.loadNs() / 1e6, c.promptEvalNs() / 1e6, c.evalNs() / 1e6,
            c.evalCount(), c.totalNs() / 1e6));
      }
      provenance.set(list.isEmpty() ? text.getString("review.noProvenance") : sb.toString());
    }, e -> provenance.set(e.getMessage()));
  }

  /** @param shown true while the provenance pane is open: it then follows the shown pair */
  public void setProvenanceShown(boolean shown) {
    provenanceShown = shown;
    if (shown) loadProvenance();
  }

  /** @return the queue's row numbers (0 to size - 1); {@link #row(int)} gives a row's pair */
  public ObservableList<Integer> queue() { return queue; }
  /** @return bumped each time the queue is reloaded after a filter change */
  public IntegerProperty queueLoads() { return queueLoads; }
  /** @return bumped whenever fetched rows arrive or change (the list redraws) */
  public IntegerProperty rowsVersion() { return rowsVersion; }
  /** @return the status filter; null for all */
  public ObjectProperty<ReviewStatus> statusFilter() { return statusFilter; }
  /** @return divergent (true), consistent (false) or both (null) */
  public ObjectProperty<Boolean> divergence() { return divergence; }
  /** @return only divergent pairs (a shortcut for {@link #divergence()}) */
  public BooleanProperty divergentOnly() { return divergentOnly; }
  /** @return the environment filter; null for all */
  public ObjectProperty<String> environment() { return environment; }
  /** @return the model filter; null for all */
  public ObjectProperty<String> model() { return model; }
  /** @return the reviewer filter; null for all */
  public ObjectProperty<String> reviewerFilter() { return reviewerFilter; }
  /** @return only pairs with fidelity flags */
  public BooleanProperty fidelityOnly() { return fidelityOnly; }
  /**
   * Asks the model again for the shown pair's balanced judgments, streaming each version into its field
   * as it arrives; {@link #cancelRegenerate()} stops it and puts the texts back. Nothing is saved until
   * the pair is accepted.
   */
  public void regenerate() {
    CuratedPair p = selected.get();
    if (p == null || regenerating.get()) return;
    String beforeMale = balancedMale.get();
    String beforeFemale = balancedFemale.get();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    regenerateCancel = stop;
    regenerating.set(true);
    sameForBoth.set(false);
    balancedMale.set("");
    balancedFemale.set("");
    message.set(String.format(text.getString("review.regenerating"), p.id()));
    StringBuilder raw = new StringBuilder();
    Background.run(ctx.background(), () -> ctx.regenerate().run(p, token -> {
      String now;
      synchronized (raw) {
        raw.append(token);
        now = raw.toString();
      }
      String a = PartialJson.stringField(now, "version_a");
      String b = PartialJson.stringField(now, "version_b");
      javafx.application.Platform.runLater(() -> {
        if (stop.get() || selected.get() != p) return;
        balancedMale.set(a);
        balancedFemale.set(b);
      });
    }, stop::get), b -> {
      regenerating.set(false);
      if (selected.get() != p) return;
      balancedMale.set(b.male());
      balancedFemale.set(b.female());
      message.set(String.format(text.getString("review.regenerated"), p.id()));
    }, e -> {
      regenerating.set(false);
      if (selected.get() == p) {
        balancedMale.set(beforeMale);
        balancedFemale.set(beforeFemale);
      }
      message.set(e instanceof java.util.concurrent.CancellationException ? text.getString("review.regenerateCancelled") : e.getMessage());
    });
  }

  /** Stops a running Regenerate; the fields get their texts back. */
  public void cancelRegenerate() {
    java.util.concurrent.atomic.AtomicBoolean c = regenerateCancel;
    if (c != null) c.set(true);
  }

  /** @return true while Regenerate runs */
  public BooleanProperty regenerating() { return regenerating; }

  /**
   * Shows only these pairs (the pairs behind an audit chart's bar or cell), at any stage.
   *
   * @param ids         the pairs
   * @param description what they are, shown above the queue
   */
  public void showPairs(List<Long> ids, String description) {
    idsFilter.set(List.copyOf(ids));
    idsLabel.set(description);
    refresh(-1, true);
  }

  /** Shows the whole queue again after {@link #showPairs}. */
  public void clearPairs() {
    idsFilter.set(null);
    idsLabel.set("");
    refresh(-1, true);
  }

  /** @return what an explicit pair selection is, empty when none */
  public StringProperty idsLabel() { return idsLabel; }

  /** @return blind second review: pairs others decided and this reviewer has not, statuses hidden, decisions saved blind */
  public BooleanProperty blind() { return blind; }

  /**
   * Computes the agreement of this reviewer with every other reviewer, off the FX thread.
   *
   * @param done receives one line per other reviewer (on the FX thread)
   */
  public void agreement(java.util.function.Consumer<String> done) {
    String me = ctx.reviewer();
    Background.run(ctx.background(), () -> {
      StringBuilder sb = new StringBuilder();
      for (String other : ctx.review().reviewers()) {
        if (other.equals(me)) continue;
        var r = ctx.review().agreement(me, other);
        if (r.pairs() == 0) continue;
        sb.append(String.format(text.getString("review.agreement.row"), other, r.pairs(), r.agreed(),
            Double.isNaN(r.kappa()) ? "n/a" : String.format("%.2f", r.kappa()), r.identicalEdits(), r.bothEdited()));
        sb.append('\n');
      }
      return sb.length() == 0 ? String.format(text.getString("review.agreement.none"), me) : sb.toString();
    }, done, e -> done.accept(e.getMessage()));
  }

  /** @return only pairs stored on or after this day; null for all */
  public ObjectProperty<LocalDate> since() { return since; }
  /** @return the full-text search */
  public StringProperty search() { return search; }
  /** @return the order */
  public ObjectProperty<PairQuery.Sort> sort() { return sort; }
  /** @return environments to filter by */
  public ObservableList<String> environments() { return environments; }
  /** @return model tags to filter by */
  public ObservableList<String> models() { return models; }
  /** @return reviewers to filter by */
  public ObservableList<String> reviewers() { return reviewers; }
  /** @return the selected row, -1 for none */
  public IntegerProperty selectedIndex() { return selectedIndex; }
  /** @return the pair shown */
  public ReadOnlyObjectProperty<CuratedPair> selected() { return selected.getReadOnlyProperty(); }
  /** @return the word diff of the shown pair's stories */
  public ReadOnlyObjectProperty<StoryDiff.Result> storyDiff() { return storyDiff.getReadOnlyProperty(); }
  /** @return the word diff of the shown pair's two explanations */
  public ReadOnlyObjectProperty<StoryDiff.Result> explanationDiff() { return explanationDiff.getReadOnlyProperty(); }
  /** @return the balanced judgment of the male story being edited */
  public StringProperty balancedMale() { return balancedMale; }
  /** @return the balanced judgment of the female story being edited */
  public StringProperty balancedFemale() { return balancedFemale; }
  /** @return one text for both stories */
  public BooleanProperty sameForBoth() { return sameForBoth; }
  /** @return lint findings in the male balanced judgment */
  public ObjectProperty<List<BalancedLint.Finding>> maleLint() { return maleLint; }
  /** @return lint findings in the female balanced judgment */
  public ObjectProperty<List<BalancedLint.Finding>> femaleLint() { return femaleLint; }
  /** @return reviewed of total, by status */
  public StringProperty counts() { return counts; }
  /** @return the share of pairs reviewed, 0 to 1 */
  public javafx.beans.property.DoubleProperty progress() { return progress; }
  /** @return the last message (what was saved, or what failed) */
  public StringProperty message() { return message; }
  /** @return the provenance text of the shown pair (empty until loaded) */
  public StringProperty provenance() { return provenance; }
  /** @param g a gender @return the balanced-judgment editor text of that story */
  public StringProperty balanced(Gender g) { return g == Gender.MALE ? balancedMale : balancedFemale; }
}
