package dev.evenhand.ui.review;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Draft;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ReviewUseCase;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * Drafts of the balanced judgments (issue 12, point 2): an edit in progress is kept in the store, per pair,
 * once the reviewer has paused typing for {@code idle} and at once when they move away (another pair, a
 * filter, another screen, closing the window), so neither a crash nor a kill loses more than the last
 * pause; coming back to the pair puts the draft back. Accepting saves the text as the accepted one and
 * drops the draft; discarding drops it and shows the stored text again. A text equal to the stored one is
 * no draft.
 *
 * <p>Writes may finish out of order on a thread pool, so each carries a sequence number and a write older
 * than one already done for the same pair is skipped; until a write is confirmed, its text is what the
 * pair shows when it comes back (the store may not have it yet).
 */
public final class Drafts {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /** A write not confirmed yet: its number and text (null: the pair has no draft any more). */
  private record Unsaved(long seq, BalancedJudgment text) {}

  private final ReviewUseCase review;
  private final String reviewer;
  private final TaskExecutor tasks;
  private final ReviewMessages messages;
  private final BalancedEditor editor;
  private final long idleNanos;
  private final ObservableSet<Long> pairs = FXCollections.observableSet(new HashSet<>());
  private final ReadOnlyBooleanWrapper shownHasDraft = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
  /** UI side only. */
  private final Map<Long, Unsaved> unsaved = new HashMap<>();
  /** Background side: the newest write done per pair; guarded by itself. */
  private final Map<Long, Long> written = new HashMap<>();
  private CuratedPair pair;
  private BalancedJudgment kept;
  private Draft saved;
  private long seq;
  private boolean restoring;
  private boolean waiting;
  private volatile long editedAt;

  /**
   * @param review   keeps and reads the drafts
   * @param reviewer recorded with each draft
   * @param tasks    runs the waits and the writes
   * @param messages where failures show
   * @param editor   the editors whose texts are kept
   * @param idle     how long typing must pause before the texts are kept (0 keeps every change at once)
   */
  Drafts(ReviewUseCase review, String reviewer, TaskExecutor tasks, ReviewMessages messages, BalancedEditor editor, Duration idle) {
    this.review = review;
    this.reviewer = reviewer;
    this.tasks = tasks;
    this.messages = messages;
    this.editor = editor;
    this.idleNanos = idle.toNanos();
    editor.male().addListener((o, a, b) -> changed());
    editor.female().addListener((o, a, b) -> changed());
  }

  /** Reads which pairs have a draft (for the queue's marks). */
  void load() {
    BackgroundTask.wrap(c -> review.draftPairs(reviewer)).onSuccess(this::offer).onFailure(messages::failed).executeWith(tasks);
  }

  private void offer(List<Long> stored) {
    pairs.retainAll(unsaved.keySet());
    pairs.addAll(stored);
    unsaved.forEach((id, u) -> { if (u.text() == null) pairs.remove(id); });
  }

  /**
   * Shows a pair: keeps the texts of the pair shown before, then puts this pair's stored balanced judgment
   * into the editors, or its draft when it has one.
   *
   * @param p     the pair, as just read
   * @param draft its draft in the store, as read with it
   */
  void show(CuratedPair p, Optional<Draft> draft) {
    keep();
    Unsaved u = unsaved.get(p.id());
    BalancedJudgment text = u != null ? u.text() : draft.map(Draft::text).orElse(null);
    saved = u != null ? null : draft.orElse(null);
    restoring = true;
    try {
      pair = p;
      editor.show(p);
      if (text != null) editor.restore(text);
      kept = editor.raw();
    } finally {
      restoring = false;
    }
    if (u == null) {
      if (draft.isPresent()) pairs.add(p.id());
      else pairs.remove(p.id());
    }
    mark();
  }

  /** Keeps the shown texts and empties the editors: no pair is shown. */
  void showNone() {
    keep();
    restoring = true;
    try {
      pair = null;
      editor.clear();
    } finally {
      restoring = false;
    }
    mark();
  }

  private void changed() {
    if (restoring || pair == null) return;
    mark();
    editedAt = System.nanoTime();
    if (waiting) return;
    waiting = true;
    BackgroundTask.wrap(c -> {
      for (long wait = editedAt + idleNanos - System.nanoTime(); wait > 0; wait = editedAt + idleNanos - System.nanoTime()) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      return null;
    }).onSuccess(v -> {
      waiting = false;
      keep();
    }).onFailure(e -> waiting = false).onCancelled(() -> waiting = false).executeWith(tasks);
  }

  /**
   * Keeps the shown pair's texts as its draft now, when they changed since they were last kept (the write
   * runs on the background side): on leaving the editor or the screen.
   */
  public void keep() { keep(false); }

  /**
   * As {@link #keep()}, with the writes on the calling thread, and every write handed to the background
   * side that is not confirmed yet done again here: the window is closing and the background executor
   * stops right after, which could lose a write handed to it.
   */
  public void keepNow() {
    keep(true);
    for (Map.Entry<Long, Unsaved> e : List.copyOf(unsaved.entrySet())) write(e.getKey(), e.getValue().text(), true);
  }

  private void keep(boolean now) {
    BalancedJudgment text = changedText();
    if (text == null) return;
    if (editor.edited()) write(pair.id(), text, now);
    else if (pairs.contains(pair.id())) write(pair.id(), null, now); // typed back to the stored text: no draft
  }

  /** @return the shown texts when they changed since last kept (they count as kept from now), else null */
  private BalancedJudgment changedText() {
    if (pair == null) return null;
    BalancedJudgment now = editor.raw();
    if (now.equals(kept)) return null;
    kept = now;
    return now;
  }

  /**
   * Drops the shown pair's draft (Esc outside the editor, or Discard draft) and puts its stored balanced
   * judgment back into the editors; the message line says so. Nothing happens without a draft.
   */
  public void discard() {
    if (pair == null) return;
    boolean had = pairs.contains(pair.id()) || editor.edited();
    restoring = true;
    try {
      editor.show(pair);
      kept = editor.raw();
    } finally {
      restoring = false;
    }
    if (had) {
      write(pair.id(), null, false);
      messages.say("review.draft.discarded", pair.id());
    }
    mark();
  }

  /**
   * @param pairId a pair about to be accepted
   * @param accept saves the acceptance
   * @return the acceptance, then the deletion of the pair's draft, as one piece of background work; a
   *     failed acceptance keeps the draft
   */
  Callable<dev.evenhand.domain.Review> thenDrop(long pairId, Callable<dev.evenhand.domain.Review> accept) {
    long s = ++seq;
    return () -> {
      dev.evenhand.domain.Review r = accept.call();
      store(pairId, s, null);
      return r;
    };
  }

  /** After an acceptance saved through {@link #thenDrop}: the pair has no draft, and its texts are not kept again. */
  void dropped(long pairId) {
    unsaved.remove(pairId);
    pairs.remove(pairId);
    if (pair != null && pair.id() == pairId) {
      pair = null;
      saved = null;
      mark();
    }
  }

  private void write(long pairId, BalancedJudgment text, boolean now) {
    long s = ++seq;
    unsaved.put(pairId, new Unsaved(s, text));
    if (text != null) pairs.add(pairId);
    else pairs.remove(pairId);
    BackgroundTask<Optional<Optional<Draft>>> task = BackgroundTask.wrap(c -> store(pairId, s, text));
    task.onSuccess(done -> {
      Unsaved u = unsaved.get(pairId);
      boolean newest = u != null && u.seq() == s;
      if (newest) unsaved.remove(pairId);
      if (newest && done.isPresent()) {
        if (done.get().isEmpty()) pairs.remove(pairId);
        if (pair != null && pair.id() == pairId) {
          saved = done.get().orElse(null);
          mark();
        }
      }
    }).onFailure(messages::failed);
    task.executeWith(now ? TaskExecutor.direct() : tasks);
  }

  /** @return empty when a newer write for the pair was done first (this one is skipped), else what the store kept */
  private Optional<Optional<Draft>> store(long pairId, long s, BalancedJudgment text) {
    synchronized (written) {
      if (written.getOrDefault(pairId, 0L) > s) return Optional.empty();
      written.put(pairId, s);
      if (text == null) {
        review.discardDraft(pairId, reviewer);
        return Optional.of(Optional.empty());
      }
      return Optional.of(review.saveDraft(pairId, reviewer, text));
    }
  }

  private void mark() {
    boolean has = pair != null && editor.edited();
    shownHasDraft.set(has);
    if (!has) note.set("");
    else if (saved == null) note.set(messages.text("review.draft.unsaved"));
    else note.set(String.format(messages.text("review.draft.saved"), saved.reviewer(), TIME.format(saved.savedAt())));
  }

  /** @return the pairs that have a draft (stored, or being written) */
  public ObservableSet<Long> pairs() { return pairs; }

  /** @return true while the shown pair's texts differ from its stored balanced judgment (a draft) */
  public ReadOnlyBooleanProperty shownHasDraft() { return shownHasDraft.getReadOnlyProperty(); }

  /** @return one line on the shown draft: who kept it and when, empty without a draft */
  public ReadOnlyStringProperty note() { return note.getReadOnlyProperty(); }
}
