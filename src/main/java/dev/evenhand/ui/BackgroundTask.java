package dev.evenhand.ui;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One piece of blocking work for a screen, in the manner of JabRef's {@code BackgroundTask} (STYLE.md):
 * {@code BackgroundTask.wrap(work).onSuccess(...).onFailure(...).executeWith(executor)}. The work runs on
 * the executor's background side; success, failure, cancel, progress, message and updates are handed to
 * its UI side. View models never call {@code Platform.runLater} themselves.
 *
 * <p>Progress, message and {@link Context#show(Runnable) shown updates} are coalesced: when several arrive
 * before the UI side runs, only the newest is delivered, so a fast stream of updates never floods the FX
 * thread (no hand-made throttles in view models).
 *
 * <p>A task runs once. It can be cancelled like its {@link Handle}: a view model may keep the task before it starts and
 * cancel it from anywhere, also while {@link TaskExecutor#direct()} runs it on the calling thread.
 *
 * @param <T> the result type
 */
public final class BackgroundTask<T> {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundTask.class);

  /** The work: blocking, may report progress and check for cancel through its context. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * @param context progress, message, updates and cancel
     * @return the result
     * @throws Exception any failure, handed to {@link #onFailure}; a {@link CancellationException} or an
     *                   {@link InterruptedException} after cancel goes to {@link #onCancelled} instead
     */
    T run(Context context) throws Exception;
  }

  /** What the work sees of its task. Safe to call from the background thread. */
  public interface Context {
    /** @param fraction done, 0 to 1; a negative value means "unknown" */
    void progress(double fraction);

    /** @param message one line for the status bar */
    void message(String message);

    /**
     * Runs an update of the screen on the UI side; when several are waiting, only the newest runs.
     *
     * @param update reads what it shows from its own captured values
     */
    void show(Runnable update);

    /** @return true once the task was cancelled */
    boolean cancelled();

    /**
     * @return the task's own cancel flag, which {@link Handle#cancel()} sets: hand it to a use case that
     *         polls an {@link AtomicBoolean} (generation, audit); setting it is the same as cancelling
     */
    AtomicBoolean cancelFlag();
  }

  /** A started task. */
  public interface Handle {
    /** Asks the work to stop; it stops at its next check of {@link Context#cancelled()}. */
    void cancel();

    /** @return true once {@link #cancel()} was called */
    boolean cancelled();
  }

  private final Work<T> work;
  private final AtomicBoolean cancel = new AtomicBoolean();
  private Consumer<T> onSuccess = r -> { };
  private Consumer<Throwable> onFailure = e -> { };
  private Runnable onCancelled = () -> { };
  private Runnable onFinished = () -> { };
  private DoubleConsumer onProgress = p -> { };
  private Consumer<String> onMessage = m -> { };

  private BackgroundTask(Work<T> work) {
    this.work = Objects.requireNonNull(work, "work");
  }

  /**
   * @param work the blocking work
   * @return a task that is not started yet
   */
  public static <T> BackgroundTask<T> wrap(Work<T> work) {
    return new BackgroundTask<>(work);
  }

  /**
   * @param work blocking work without a result or progress
   * @return a task that is not started yet; its result is null
   */
  public static BackgroundTask<Void> run(ThrowingRunnable work) {
    return new BackgroundTask<>(c -> {
      work.run();
      return null;
    });
  }

  /** Work without a result. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    /** @throws Exception any failure */
    void run() throws Exception;
  }

  /** @param f receives the result on the UI side @return this */
  public BackgroundTask<T> onSuccess(Consumer<T> f) { this.onSuccess = Objects.requireNonNull(f); return this; }

  /** @param f receives the failure on the UI side (also logged) @return this */
  public BackgroundTask<T> onFailure(Consumer<Throwable> f) { this.onFailure = Objects.requireNonNull(f); return this; }

  /** @param f runs on the UI side when the work stopped because it was cancelled @return this */
  public BackgroundTask<T> onCancelled(Runnable f) { this.onCancelled = Objects.requireNonNull(f); return this; }

  /** @param f runs on the UI side after success, failure or cancel @return this */
  public BackgroundTask<T> onFinished(Runnable f) { this.onFinished = Objects.requireNonNull(f); return this; }

  /** @param f receives progress (0 to 1, negative while unknown) on the UI side @return this */
  public BackgroundTask<T> onProgress(DoubleConsumer f) { this.onProgress = Objects.requireNonNull(f); return this; }

  /** @param f receives status messages on the UI side @return this */
  public BackgroundTask<T> onMessage(Consumer<String> f) { this.onMessage = Objects.requireNonNull(f); return this; }

  /** Asks the work to stop; it stops at its next check of {@link Context#cancelled()}. Works before and during the run. */
  public void cancel() { cancel.set(true); }

  /** @return true once {@link #cancel()} was called */
  public boolean cancelled() { return cancel.get(); }

  /**
   * Starts the work. When the executor refuses it because it is shutting down (the window is closing while a result
   * that starts more work arrives), the task is dropped as cancelled: nothing runs and nothing is reported.
   *
   * @param executor where the work runs and where results go
   * @return the handle, to cancel
   */
  public Handle executeWith(TaskExecutor executor) {
    Running running = new Running(executor);
    try {
      executor.background().execute(running::work);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      cancel.set(true);
      LOG.debug("a task started while its executor shuts down was dropped", e);
    }
    return running;
  }

  private final class Running implements Handle, Context {
    private final TaskExecutor executor;
    private final Latest<Double> progress;
    private final Latest<String> message;
    private final Latest<Runnable> update;

    Running(TaskExecutor executor) {
      this.executor = executor;
      this.progress = new Latest<>(executor, onProgress::accept);
      this.message = new Latest<>(executor, onMessage);
      this.update = new Latest<>(executor, Runnable::run);
    }

    void work() {
      T result;
      try {
        result = work.run(this);
      } catch (CancellationException e) {
        finish(onCancelled);
        return;
      } catch (InterruptedException e) {
        if (!cancel.get()) Thread.currentThread().interrupt();
        finish(cancel.get() ? onCancelled : () -> onFailure.accept(e));
        return;
      } catch (Throwable t) {
        LOG.warn("background work failed", t);
        finish(() -> onFailure.accept(t));
        return;
      }
      finish(() -> onSuccess.accept(result));
    }

    private void finish(Runnable outcome) {
      executor.ui().execute(() -> {
        try {
          outcome.run();
        } finally {
          onFinished.run();
        }
      });
    }

    @Override public void progress(double fraction) { progress.offer(fraction); }

    @Override public void message(String text) { message.offer(text); }

    @Override public void show(Runnable u) { update.offer(u); }

    @Override public boolean cancelled() { return cancel.get(); }

    @Override public AtomicBoolean cancelFlag() { return cancel; }

    @Override public void cancel() { BackgroundTask.this.cancel(); }
  }

  /** Hands the newest of a stream of values to the UI side, dropping those it overtook. */
  private static final class Latest<V> {
    private final TaskExecutor executor;
    private final Consumer<V> sink;
    private final AtomicReference<V> pending = new AtomicReference<>();

    Latest(TaskExecutor executor, Consumer<V> sink) {
      this.executor = executor;
      this.sink = sink;
    }

    void offer(V value) {
      Objects.requireNonNull(value);
      if (pending.getAndSet(value) == null) {
        executor.ui().execute(() -> {
          V v = pending.getAndSet(null);
          if (v != null) sink.accept(v);
        });
      }
    }
  }
}
