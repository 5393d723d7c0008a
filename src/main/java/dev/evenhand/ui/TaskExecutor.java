package dev.evenhand.ui;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Where a {@link BackgroundTask} runs its work and where it hands back results (JabRef's
 * {@code TaskExecutor}, STYLE.md). The app passes a thread pool and {@code Platform::runLater}; view-model
 * tests pass {@link #direct()}, so work and results run on the calling thread and tests need no JavaFX.
 *
 * @param background runs the blocking work
 * @param ui         runs results, failures and progress (the FX thread in the app)
 */
public record TaskExecutor(Executor background, Executor ui) {
  /** @throws NullPointerException when an executor is null */
  public TaskExecutor {
    Objects.requireNonNull(background, "background");
    Objects.requireNonNull(ui, "ui");
  }

  /** @return an executor that runs work and results on the calling thread (for view-model tests) */
  public static TaskExecutor direct() {
    return new TaskExecutor(Runnable::run, Runnable::run);
  }

  /**
   * @param task the task
   * @return the handle of the started task, to cancel it
   */
  public <T> BackgroundTask.Handle execute(BackgroundTask<T> task) {
    return task.executeWith(this);
  }
}
