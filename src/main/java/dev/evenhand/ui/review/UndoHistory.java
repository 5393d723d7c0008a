package dev.evenhand.ui.review;

import dev.evenhand.domain.Review;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ReviewUseCase;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;

/**
 * Undo and redo of this session's review actions (Ctrl+Z, Ctrl+Shift+Z). Each undo or redo is saved as a
 * new history row of its own; a new action empties the redo stack.
 */
final class UndoHistory {
  private final ReviewUseCase review;
  private final String reviewer;
  private final TaskExecutor tasks;
  private final ReviewMessages messages;
  private final LongConsumer changed;
  private final Deque<Review> undoable = new ArrayDeque<>();
  private final Deque<Review> redoable = new ArrayDeque<>();

  /**
   * @param review   saves the undo and redo rows
   * @param reviewer who undoes
   * @param tasks    runs the saves
   * @param messages where the outcome is shown
   * @param changed  receives the id of a pair an undo or redo changed (on the UI side)
   */
  UndoHistory(ReviewUseCase review, String reviewer, TaskExecutor tasks, ReviewMessages messages, LongConsumer changed) {
    this.review = review;
    this.reviewer = reviewer;
    this.tasks = tasks;
    this.messages = messages;
    this.changed = changed;
  }

  /** Records a saved action: it can be undone now, and nothing can be redone. */
  void done(Review action) {
    undoable.push(action);
    redoable.clear();
  }

  /** Undoes the newest action: a new history row restores the state before it. */
  void undo() { replay(undoable, redoable, review::undo, "review.nothingToUndo", "review.undone"); }

  /** Redoes the newest undone action: a new history row sets again the state it produced. */
  void redo() { replay(redoable, undoable, review::redo, "review.nothingToRedo", "review.redone"); }

  /** Takes the newest action off {@code from}, saves its undo or redo, and puts it on {@code to}; on failure it goes back. */
  private void replay(Deque<Review> from, Deque<Review> to, BiFunction<Review, String, Review> op, String emptyKey, String doneKey) {
    Review r = from.peekFirst();
    if (r == null) {
      messages.say(emptyKey);
      return;
    }
    from.removeFirst();
    BackgroundTask.wrap(c -> op.apply(r, reviewer)).onSuccess(saved -> {
      to.push(r);
      messages.say(doneKey, r.action().label(), r.pairId());
      changed.accept(r.pairId());
    }).onFailure(e -> {
      from.push(r);
      messages.failed(e);
    }).executeWith(tasks);
  }
}
