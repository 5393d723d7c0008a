package dev.evenhand.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking work off the FX thread and hands the result or the failure back on the FX thread
 * (STYLE.md: one small wrapper for background work; nothing slow runs on the FX thread).
 */
public final class Background {
  private static final Logger LOG = LoggerFactory.getLogger(Background.class);

  private Background() {}

  /**
   * @param executor  where the work runs
   * @param work      the blocking work
   * @param onSuccess receives the result on the FX thread
   * @param onFailure receives the failure on the FX thread (also logged)
   */
  public static <T> void run(Executor executor, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
    executor.execute(() -> {
      try {
        T result = work.call();
        Platform.runLater(() -> onSuccess.accept(result));
      } catch (Throwable t) {
        LOG.warn("background work failed", t);
        Platform.runLater(() -> onFailure.accept(t));
      }
    });
  }
}
