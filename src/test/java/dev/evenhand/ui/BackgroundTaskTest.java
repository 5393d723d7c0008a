package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The background-task helper, on executors the test drives by hand: no JavaFX. */
class BackgroundTaskTest {
  /** A UI side that runs what it was given only when the test says so, like a busy FX thread. */
  private static final class HeldUi implements Executor {
    final Queue<Runnable> queue = new ArrayDeque<>();

    @Override public void execute(Runnable r) { queue.add(r); }

    void drain() {
      while (!queue.isEmpty()) queue.poll().run();
    }
  }

  @Test
  void aTaskStartedWhileItsExecutorShutsDownIsDroppedNotThrown() {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    pool.shutdown();
    List<String> seen = new ArrayList<>();
    BackgroundTask<String> task = BackgroundTask.wrap(c -> "ran").onSuccess(seen::add).onFailure(e -> seen.add("failed"));
    task.executeWith(new TaskExecutor(pool, Runnable::run));
    assertThat(task.cancelled()).as("dropped as cancelled").isTrue();
    assertThat(seen).as("nothing ran and nothing was reported").isEmpty();
  }

  @Test
  void successRunsOnTheUiSideAfterTheWork() {
    HeldUi ui = new HeldUi();
    List<String> seen = new ArrayList<>();
    BackgroundTask.wrap(c -> "done").onSuccess(seen::add).onFinished(() -> seen.add("finished"))
        .executeWith(new TaskExecutor(Runnable::run, ui));
    assertEquals(List.of(), seen, "nothing reaches the screen before the UI side runs");
    ui.drain();
    assertEquals(List.of("done", "finished"), seen);
  }

  @Test
  void progressWaitingForTheUiSideIsCoalescedToTheNewest() {
    HeldUi ui = new HeldUi();
    List<Double> progress = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    BackgroundTask.wrap(c -> {
      for (int i = 1; i <= 100; i++) {
        c.progress(i / 100.0);
        String text = "token " + i;
        c.show(() -> shown.add(text));
      }
      return 1;
    }).onProgress(progress::add).executeWith(new TaskExecutor(Runnable::run, ui));
    ui.drain();
    assertEquals(List.of(1.0), progress, "100 updates before the UI ran: only the newest is delivered");
    assertEquals(List.of("token 100"), shown);
  }

  @Test
  void aFailureGoesToOnFailureAndACancelToOnCancelled() {
    List<String> seen = new ArrayList<>();
    BackgroundTask.wrap(c -> { throw new IllegalStateException("model gave nothing"); })
        .onSuccess(r -> seen.add("success")).onFailure(e -> seen.add(e.getMessage())).executeWith(TaskExecutor.direct());
    BackgroundTask.Handle[] handle = new BackgroundTask.Handle[1];
    HeldUi background = new HeldUi();
    handle[0] = BackgroundTask.wrap(c -> {
      if (c.cancelled()) throw new CancellationException();
      return "ran";
    }).onSuccess(seen::add).onCancelled(() -> seen.add("cancelled")).executeWith(new TaskExecutor(background, Runnable::run));
    handle[0].cancel();
    background.drain();
    assertTrue(handle[0].cancelled());
    assertEquals(List.of("model gave nothing", "cancelled"), seen);
  }
}
