package dev.evenhand.ui.review;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Draft;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.method.BalancedLint;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairSummary;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.RegenerateUseCase;
import dev.evenhand.usecase.ReviewUseCase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/**
 * State and commands of the Review screen: the filters, the shown pair and the review actions. Every
 * action is saved at once through {@link ReviewUseCase} as a row of history; after it the next pending
 * pair shows. The work is shared out: {@link ReviewFilters} describe the queue, {@link QueuePager} pages it, {@link BalancedEditor} holds the
 * edited balanced judgments and their lint, {@link UndoHistory} undoes and redoes, {@link ProvenanceText}
 * shows the model calls, {@link RegenerateStream} streams a new balanced judgment, {@link StatusCounts}
 * shows the counts, {@link Drafts} keeps edits in progress in the store. All reads and saves run as
 * {@link BackgroundTask}s on the given {@link TaskExecutor}.
 */
public final class ReviewViewModel {
  private final ReviewUseCase review;
  private final String reviewer;
  private final TaskExecutor tasks;
  private final ReviewMessages messages;
  private final QueuePager pager;
  private final StatusCounts counts;
  private final BalancedEditor editor = new BalancedEditor();
  private final GenderedConfirmation gendered = new GenderedConfirmation();
  private final UndoHistory history;
  private final ProvenanceText provenance;
  private final RegenerateStream regenerate;
  private final ReviewFilters filters;
  private final Drafts drafts;
  private final ReviewLive live;
  private final IntegerProperty selectedIndex = new SimpleIntegerProperty(-1);
  private final ReadOnlyObjectWrapper<CuratedPair> selected = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<StoryDiff.Result> storyDiff = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<StoryDiff.Result> explanationDiff = new ReadOnlyObjectWrapper<>();
  /** The sets holding imported pairs without judgments, with their counts (read with the counts); empty for none. */
  private final ReadOnlyObjectWrapper<Map<String, Long>> awaitingCuration = new ReadOnlyObjectWrapper<>(Map.of());
  private long loadToken;
  /** What {@link #shown()} runs next, besides the list's count; null for nothing. */
  private Runnable afterShown;
  /** The pair whose action is being saved, until another pair shows (its keys then act on nothing); -1 for none. */
  private long actingOn = -1;

  /** How long typing must pause before an edit in progress is kept as a draft: 1 s. */
  public static final Duration DRAFT_IDLE = Duration.ofSeconds(1);

  /**
   * A view model that keeps drafts after {@link #DRAFT_IDLE} without typing.
   *
   * @param review     the queue, the pairs, their provenance and the review actions
   * @param regenerate asks the model again for a pair's balanced judgments
   * @param reviewer   the reviewer name saved with every action (from the settings)
   * @param tasks      runs reads and saves off the UI thread and hands results back to it
   * @param text       the resource bundle (messages and the counts line)
   */
  public ReviewViewModel(ReviewUseCase review, RegenerateUseCase regenerate, String reviewer, TaskExecutor tasks, ResourceBundle text) {
    this(review, regenerate, reviewer, tasks, text, DRAFT_IDLE);
  }

  /**
   * @param review     the queue, the pairs, their provenance and the review actions
   * @param regenerate asks the model again for a pair's balanced judgments
   * @param reviewer   the reviewer name saved with every action (from the settings)
   * @param tasks      runs reads and saves off the UI thread and hands results back to it
   * @param text       the resource bundle (messages and the counts line)
   * @param draftIdle  how long typing must pause before the edit is kept as a draft; zero keeps every change
   *                   at once (with {@link TaskExecutor#direct()} the wait would otherwise block the caller)
   */
  public ReviewViewModel(ReviewUseCase review, RegenerateUseCase regenerate, String reviewer, TaskExecutor tasks, ResourceBundle text,
                         Duration draftIdle) {
    this.review = review;
    this.reviewer = reviewer;
    this.tasks = tasks;
    this.messages = new ReviewMessages(text);
    this.pager = new QueuePager(review, tasks, messages);
    this.counts = new StatusCounts(messages);
    this.history = new UndoHistory(review, reviewer, tasks, messages, this::reselect);
    this.provenance = new ProvenanceText(review, tasks, messages);
    this.regenerate = new RegenerateStream(regenerate, tasks, editor, messages);
    this.filters = new ReviewFilters(reviewer);
    this.drafts = new Drafts(review, reviewer, tasks, messages, editor, draftIdle);
    this.live = new ReviewLive(review, reviewer, tasks, messages, () -> pager.refreshRows(this::reloadCounts));
  }

  /** @return the queue's filters, order and filter choices */
  public ReviewFilters filters() { return filters; }

  /** @return the query the filters describe */
  public PairQuery query() { return filters.query(); }

  /** @return true when a filter narrows the queue (any other than the sort order): an empty queue is then no empty store */
  public boolean filtered() {
    PairQuery q = query();
    return !q.equals(PairQuery.ALL.withSort(q.sort()));
  }

  /** Reloads everything: the counts, the filter choices and the queue (on opening the screen, and after a batch). */
  public void refresh() { refresh(shownId(), true); }

  /** Reloads only the queue with the current filters (a filter change): one indexed query for the ids. */
  public void refreshQueue() { refresh(shownId(), false); }

  private long shownId() {
    CuratedPair shown = selected.get();
    return shown == null ? -1 : shown.id();
  }

  private void refresh(long keepId, boolean full) {
    drafts.keep();
    if (full) drafts.load();
    PairQuery q = query();
    // for the status-only filters the list's size is known from the counts (refreshed after every action)
    pager.load(q, full ? null : counts.knownSize(q), () -> {
      if (full) afterShown = this::loadCountsAndChoices;
      else counts.showAgain(listSize());
      select(pager.size() == 0 ? -1 : Math.max(pager.indexOf(keepId), 0));
    }, () -> counts.showAgain(listSize()));
  }

  /**
   * The reads that wait for a new list's first pair to be shown: the list's count, and after a full refresh the counts by
   * status and the filter choices. At a million pairs each reads an index of every pair; run beside the shown pair's own
   * reads they made it come later (issue 15, point 8). Runs once the pair is shown, when none is to be shown, or when it
   * failed to load.
   */
  private void shown() {
    pager.countNow();
    Runnable r = afterShown;
    afterShown = null;
    if (r != null) r.run();
  }

  /** @return the pairs in the list shown, or -1 while it is being counted (the status bar says so) */
  private int listSize() { return pager.counting().get() ? -1 : pager.size(); }

  /**
   * @return true while the queue shows its first page and is being counted; the list grows to its full size when the
   *     count arrives (issue 15, point 8)
   */
  public ReadOnlyBooleanProperty counting() { return pager.counting(); }

  private void loadCountsAndChoices() {
    record Loaded(Map<ReviewStatus, Long> counts, ReviewUseCase.FilterChoices choices, Map<String, Long> awaiting) {}
    BackgroundTask.wrap(c -> new Loaded(review.counts(), review.filterChoices(), review.awaitingCurationBySet())).onSuccess(l -> {
      counts.show(l.counts(), listSize());
      filters.offer(l.choices());
      awaitingCuration.set(Map.copyOf(l.awaiting()));
    }).onFailure(messages::failed).executeWith(tasks);
  }

  /**
   * @return the sets holding imported pairs that have no judgments yet (GenMO's before {@code evenhand generate
   *     --from-set}), with how many each holds; read with the counts on every full refresh; empty when there are none
   */
  public ReadOnlyObjectProperty<Map<String, Long>> awaitingCuration() { return awaitingCuration.getReadOnlyProperty(); }

  /**
   * What the screen says when no pair is shown: that the filters hide every pair; or, with no filter, that there is
   * nothing to review yet and how to make some, naming the imported pairs still without judgments and the command that
   * has a model judge them (the Generate screen writes new pairs and does not judge imported ones).
   *
   * @return the text for an empty queue, in the bundle's words
   */
  public String emptyText() {
    // a blind second review shows only pairs someone else decided and this reviewer has not: say that, not "the filters"
    // (with every filter at its default, "set them back" sent a newcomer looking for a filter that was not set)
    if (filters.blind().get()) return messages.text("review.emptyBlind");
    if (filtered()) return messages.text("review.emptyFiltered");
    Map<String, Long> waiting = awaitingCuration.get();
    if (waiting.isEmpty()) return messages.text("review.empty");
    long n = waiting.values().stream().mapToLong(Long::longValue).sum();
    String set = waiting.size() == 1 ? waiting.keySet().iterator().next() : "SET";
    return String.format(messages.text("review.emptyImported"), n, String.join(", ", waiting.keySet()), set);
  }

  /**
   * @return the queue row at an index if fetched; otherwise its page is fetched and null comes back until
   *     it arrives ({@link #rowsVersion()} then changes)
   */
  public PairSummary row(int index) { return pager.row(index); }

  /** @return the pair id at a row, or -1 when that row is not fetched yet */
  public long idAt(int index) { return pager.idAt(index); }

  /** Shows the pair at a row of the queue (loaded off the UI thread); an index outside the queue shows none. */
  public void select(int index) {
    drafts.keep();
    if (index < 0 || index >= pager.size()) {
      selectedIndex.set(-1);
      selected.set(null);
      actingOn = -1;
      drafts.showNone();
      live.none();
      provenance.follow(null);
      shown();
      return;
    }
    selectedIndex.set(index);
    PairSummary r = pager.cached(index);
    if (r == null) {
      pager.whenFetched(index, () -> { if (selectedIndex.get() == index && pager.cached(index) != null) select(index); });
      return;
    }
    long id = r.id();
    long token = ++loadToken;
    record Loaded(long version, CuratedPair pair, Optional<Draft> draft) {}
    BackgroundTask.wrap(c -> new Loaded(live.versionOf(id), review.pair(id).orElseThrow(), review.draft(id, reviewer))).onSuccess(l -> {
      if (token != loadToken) return;
      show(l.pair(), l.draft());
      live.shown(id, l.version());
      messages.clear();
      shown();
    }).onFailure(e -> {
      messages.failed(e);
      shown();
    }).executeWith(tasks);
  }

  private void show(CuratedPair p, Optional<Draft> draft) {
    storyDiff.set(StoryDiff.of(p.pair().male().text(), p.pair().female().text(), p.pair().male().name(), p.pair().female().name()));
    explanationDiff.set(StoryDiff.of(p.maleJudgment().map(Judgment::explanation).orElse(""),
        p.femaleJudgment().map(Judgment::explanation).orElse(""), p.pair().male().name(), p.pair().female().name()));
    drafts.show(p, draft);
    actingOn = -1;
    selected.set(p);
    provenance.follow(p);
  }

  /** Moves to the next row. */
  public void next() { if (selectedIndex.get() + 1 < pager.size()) select(selectedIndex.get() + 1); }

  /** Moves to the previous row. */
  public void previous() { if (selectedIndex.get() > 0) select(selectedIndex.get() - 1); }

  /** @return true when the balanced judgments in the editors differ from the stored ones */
  public boolean edited() { return editor.edited(); }

  /** Accepts the shown pair; with edited text it is saved as "accept with edits"; blind, as a blind decision. */
  public void accept() {
    CuratedPair p = actionable();
    if (p == null) return;
    BalancedJudgment now = editor.current();
    if (now.male().isEmpty() || now.female().isEmpty()) {
      messages.say("review.emptyBalanced");
      return;
    }
    boolean edited = edited();
    if (filters.blind().get()) {
      act(p.id(), drafts.thenDrop(p.id(), () -> review.blind(p.id(), reviewer, true, edited ? Optional.of(now) : Optional.empty(), "")),
          "review.blindSaved", true, true);
      return;
    }
    var findings = GenderedConfirmation.findings(p, now);
    long v = live.version();
    if (!findings.isEmpty()) {
      gendered.ask(p.id(), findings, () -> act(p.id(), drafts.thenDrop(p.id(), () -> edited ? review.acceptEdited(p.id(), reviewer, now, true, v)
          : review.accept(p.id(), reviewer, true, v)), "review.acceptedOverride", true, true));
      return;
    }
    act(p.id(), drafts.thenDrop(p.id(), () -> edited ? review.acceptEdited(p.id(), reviewer, now, false, v) : review.accept(p.id(), reviewer, false, v)),
        edited ? "review.acceptedEdited" : "review.accepted", true, true);
  }

  /**
   * @return an accept waiting for the reviewer's confirmation because the lint flags its balanced judgment (issue 12's
   *     neutrality gate), null when none waits; the controller shows it as a dialog naming the words
   */
  public ReadOnlyObjectProperty<GenderedConfirmation.Request> genderedConfirmation() { return gendered.pending(); }

  /** Confirms the waiting accept: it is saved with the override and its findings in the review history. */
  public void confirmGendered() { gendered.confirm(); }

  /** Cancels the waiting accept: the pair stays as it was, the edits stay in the editors. */
  public void cancelGendered() { if (gendered.cancel()) messages.say("review.notAccepted"); }

  /** Rejects the shown pair, with an optional reason (null for none); blind, as a blind decision. */
  public void reject(String reason) {
    CuratedPair p = actionable();
    if (p == null) return;
    String why = reason == null ? "" : reason;
    if (filters.blind().get()) {
      act(p.id(), () -> review.blind(p.id(), reviewer, false, Optional.empty(), why), "review.blindSaved", true);
      return;
    }
    long v = live.version();
    act(p.id(), () -> review.reject(p.id(), reviewer, why, v), "review.rejected", true);
  }

  /** Skips the shown pair (a history row; the status stays) and moves on. */
  public void skip() {
    CuratedPair p = actionable();
    if (p != null) act(p.id(), () -> review.skip(p.id(), reviewer), "review.skipped", true);
  }

  /** Flags the shown pair for a second look (a history row; the status stays), with an optional reason. */
  public void flag(String reason) {
    CuratedPair p = actionable();
    if (p != null) act(p.id(), () -> review.flag(p.id(), reviewer, reason == null ? "" : reason), "review.flagged", false);
  }

  /** Undoes the last action of this session (Ctrl+Z): a new history row restores the state before it. */
  public void undo() { history.undo(); }

  /** Redoes the last undone action (Ctrl+Shift+Z): a new history row sets again the state it produced. */
  public void redo() { history.redo(); }

  /** What an action's background task brings back: the saved row, the pair's new queue row and the counts. */
  private record Acted(Review review, Optional<PairSummary> row, Map<ReviewStatus, Long> counts) {}

  private void act(long id, Callable<Review> action, String doneKey, boolean moveOn) { act(id, action, doneKey, moveOn, false); }

  /** @param dropsDraft true when the action was wrapped by {@link Drafts#thenDrop} (an acceptance) */
  private void act(long id, Callable<Review> action, String doneKey, boolean moveOn, boolean dropsDraft) {
    int at = selectedIndex.get();
    actingOn = id;
    BackgroundTask.wrap(c -> new Acted(action.call(), review.summary(id), review.counts())).onSuccess(r -> {
      if (dropsDraft) drafts.dropped(id);
      history.done(r.review());
      pager.update(at, id, r.row());
      counts.show(r.counts(), listSize());
      messages.say(doneKey, id);
      select(moveOn ? pager.nextPending(at) : at);
    }).onFailure(e -> {
      actingOn = -1;
      if (!live.refused(e)) messages.failed(e);
      else if (selectedIndex.get() == at) select(at); // the pair's state now, the edited text as the draft (kept first)
    }).executeWith(tasks);
  }

  /** @return the shown pair when an action may be taken on it: not while the last action on it is being saved */
  private CuratedPair actionable() {
    CuratedPair p = selected.get();
    return p == null || p.id() == actingOn ? null : p;
  }

  /** After an undo or redo: the pair's row and the counts are read again, and the pair shows if it is in the list. */
  private void reselect(long pairId) {
    int idx = pager.indexOf(pairId);
    if (idx >= 0) {
      BackgroundTask.wrap(c -> review.summary(pairId)).onSuccess(row -> pager.update(idx, pairId, row)).executeWith(tasks);
    }
    reloadCounts();
    if (idx >= 0) select(idx);
  }

  private void reloadCounts() { BackgroundTask.wrap(c -> review.counts()).onSuccess(m -> counts.show(m, listSize())).executeWith(tasks); }

  /** Shows the shown pair again as it is stored now (after a notice that someone else decided it); its draft stays. */
  public void reloadShown() {
    live.clearNotice();
    select(selectedIndex.get());
  }

  /** Loads the provenance of the shown pair: one entry per model call (see {@link ProvenanceText#format}). */
  public void loadProvenance() { provenance.load(); }

  /** @param shown true while the provenance pane is open: it then follows the shown pair */
  public void setProvenanceShown(boolean shown) { provenance.setShown(shown); }

  /**
   * Asks the model again for the shown pair's balanced judgments, streaming each version into its field
   * as it arrives; {@link #cancelRegenerate()} stops it and puts the texts back. Nothing is saved until
   * the pair is accepted.
   */
  public void regenerate() { regenerate.start(selected.get()); }

  /** Stops a running Regenerate; the fields get their texts back. */
  public void cancelRegenerate() { regenerate.cancel(); }

  /** @return true while Regenerate runs */
  public BooleanProperty regenerating() { return regenerate.running(); }

  /**
   * Shows only these pairs (the pairs behind an audit chart's bar or cell), at any stage.
   *
   * @param ids         the pairs
   * @param description what they are, shown above the queue
   */
  public void showPairs(List<Long> ids, String description) {
    filters.onlyPairs(ids, description);
    refresh(-1, true);
  }

  /** Shows the whole queue again after {@link #showPairs}. */
  public void clearPairs() {
    filters.onlyPairs(null, "");
    refresh(-1, true);
  }

  /**
   * Computes the agreement of this reviewer with every other reviewer, off the UI thread.
   *
   * @param done receives one line per other reviewer, or a line saying there is none (on the UI side)
   */
  public void agreement(Consumer<String> done) { ReviewerAgreementText.load(review, reviewer, tasks, messages, done); }

  /** @return the queue's row numbers (0 to size - 1); {@link #row(int)} gives a row's pair */
  public ObservableList<Integer> queue() { return pager.queue(); }
  /** @return bumped each time the queue is reloaded after a filter change */
  public IntegerProperty queueLoads() { return pager.queueLoads(); }
  /** @return bumped whenever fetched rows arrive or change (the list redraws) */
  public IntegerProperty rowsVersion() { return pager.rowsVersion(); }
  /** @return the selected row, -1 for none */
  public IntegerProperty selectedIndex() { return selectedIndex; }
  /** @return the pair shown */
  public ReadOnlyObjectProperty<CuratedPair> selected() { return selected.getReadOnlyProperty(); }
  /** @return the word diff of the shown pair's stories */
  public ReadOnlyObjectProperty<StoryDiff.Result> storyDiff() { return storyDiff.getReadOnlyProperty(); }
  /** @return the word diff of the shown pair's two explanations */
  public ReadOnlyObjectProperty<StoryDiff.Result> explanationDiff() { return explanationDiff.getReadOnlyProperty(); }
  /** @return the balanced judgment of the male story being edited */
  public StringProperty balancedMale() { return editor.male(); }
  /** @return the balanced judgment of the female story being edited */
  public StringProperty balancedFemale() { return editor.female(); }
  /** @return one text for both stories */
  public BooleanProperty sameForBoth() { return editor.sameForBoth(); }
  /** @return lint findings in the male balanced judgment */
  public ObjectProperty<BalancedLint.Lint> maleLint() { return editor.maleLint(); }
  /** @return lint findings in the female balanced judgment */
  public ObjectProperty<BalancedLint.Lint> femaleLint() { return editor.femaleLint(); }
  /** @return reviewed of total, by status */
  public StringProperty counts() { return counts.line(); }
  /** @return the share of pairs reviewed, 0 to 1 */
  public DoubleProperty progress() { return counts.progress(); }
  /** @return the last message (what was saved, or what failed) */
  public StringProperty message() { return messages.property(); }
  /** @return the provenance text of the shown pair (empty until loaded) */
  public StringProperty provenance() { return provenance.text(); }
  /** @return reviewers side by side: the notices, who has which pair open, the poll ({@link ReviewLive}) */
  public ReviewLive live() { return live; }
  /** @return the drafts: which pairs have one, the shown pair's mark, keep and discard */
  public Drafts drafts() { return drafts; }
  /** @param g a gender @return the balanced-judgment editor text of that story */
  public StringProperty balanced(Gender g) { return editor.text(g); }
}
