package dev.evenhand.ui.review;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.RegenerateUseCase;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Regenerate on the Review screen: asks the model again for the shown pair's balanced judgments
 * ({@link RegenerateUseCase}) and streams each version into its editor as it arrives. The updates go
 * through {@link BackgroundTask.Context#show}, so a fast stream never floods the UI thread. Cancel stops
 * the call and puts the texts back; nothing is saved until the pair is accepted.
 */
final class RegenerateStream {
  private final RegenerateUseCase regenerate;
  private final TaskExecutor tasks;
  private final BalancedEditor editor;
  private final ReviewMessages messages;
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private BackgroundTask.Handle handle;

  /**
   * @param regenerate asks the model
   * @param tasks      runs the call
   * @param editor     receives the streamed texts
   * @param messages   where progress and the outcome are shown
   */
  RegenerateStream(RegenerateUseCase regenerate, TaskExecutor tasks, BalancedEditor editor, ReviewMessages messages) {
    this.regenerate = regenerate;
    this.tasks = tasks;
    this.editor = editor;
    this.messages = messages;
  }

  /** Starts for a pair (the one the editor shows); nothing when there is none or one is running. */
  void start(CuratedPair p) {
    if (p == null || running.get()) return;
    String beforeMale = editor.male().get();
    String beforeFemale = editor.female().get();
    running.set(true);
    editor.sameForBoth().set(false);
    editor.set("", "");
    messages.say("review.regenerating", p.id());
    StringBuilder raw = new StringBuilder();
    Runnable restore = () -> {
      running.set(false);
      if (editor.shows(p)) editor.set(beforeMale, beforeFemale);
    };
    handle = BackgroundTask.wrap(c -> regenerate.regenerate(p, token -> {
      String now;
      synchronized (raw) {
        raw.append(token);
        now = raw.toString();
      }
      String a = PartialJson.stringField(now, "version_a");
      String b = PartialJson.stringField(now, "version_b");
      c.show(() -> {
        if (!c.cancelled() && editor.shows(p)) editor.set(a, b);
      });
    }, c::cancelled)).onSuccess(b -> {
      running.set(false);
      if (!editor.shows(p)) return;
      editor.set(b.male(), b.female());
      messages.say("review.regenerated", p.id());
    }).onCancelled(() -> {
      restore.run();
      messages.say("review.regenerateCancelled");
    }).onFailure(e -> {
      restore.run();
      messages.failed(e);
    }).executeWith(tasks);
  }

  /** Stops a running Regenerate; the editors get their texts back. */
  void cancel() {
    BackgroundTask.Handle h = handle;
    if (h != null) h.cancel();
  }

  /** @return true while Regenerate runs */
  BooleanProperty running() { return running; }
}
