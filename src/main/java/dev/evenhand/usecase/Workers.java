package dev.evenhand.usecase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The worker threads of a batch (generation, audit): a number of copies of one work loop on daemon
 * threads, waited for to the end. A worker is never interrupted: an interrupt during an H2 write closes
 * the database file (NIO), so workers stop on their batch's cancel flag, after the calls in flight.
 */
final class Workers {
  private Workers() {}

  /**
   * Runs {@code count} copies of {@code work} and waits until every copy has returned or failed.
   *
   * @param threadName the workers' thread name, e.g. {@code evenhand-generate}
   * @param count      how many copies; 0 runs none
   * @param work       the work loop
   * @return what the failed copies threw (the cause, unwrapped), in the order they were started; empty when none failed
   * @throws InterruptedException when the calling thread is interrupted while it waits
   */
  static List<Throwable> run(String threadName, int count, Callable<Void> work) throws InterruptedException {
    List<Throwable> failures = new ArrayList<>();
    if (count <= 0) return failures;
    ExecutorService pool = Executors.newFixedThreadPool(count, daemon(threadName));
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) futures.add(pool.submit(work));
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.HOURS);
    }
    return failures;
  }

  /** @return a factory of daemon threads with the given name (they never keep the JVM alive) */
  static ThreadFactory daemon(String threadName) {
    return r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * @param t what a worker threw
   * @return it as an unchecked exception: itself when it is one, else wrapped in an {@link IllegalStateException}
   */
  static RuntimeException unchecked(Throwable t) {
    return t instanceof RuntimeException re ? re : new IllegalStateException(t);
  }
}
