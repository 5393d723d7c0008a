package dev.evenhand.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs the neutrality gate's lint on a second thread, a chunk ahead of the export that writes the pairs: the export's
 * thread reads chunk <i>k</i>+1 from the database while the lint thread checks chunk <i>k</i>, then writes chunk
 * <i>k</i>. The pairs reach {@code write} in the order they were read, each with its lint verdict, on the thread that
 * called {@link #accept}; the lint only computes, so the export's counts, files and manifest are what a single thread
 * makes.
 *
 * <p>Why: the lint was 64 of the 112 main-thread samples of a trl-dpo export in a JFR profile of ExchangeBench (issue
 * 13, point 8), and Evenhand's machines have more than one core.
 *
 * <p>{@code T} is the pair type ({@code CuratedPair} in an export). Holds at most three chunks of {@value #CHUNK}
 * pairs (the one being read, the one being linted, the one being written). Not thread-safe: one export, one instance,
 * used from one thread; {@link #close} stops the lint thread.
 */
final class LintAhead<T> implements AutoCloseable {
  /** Pairs per chunk: large enough that handing over a chunk costs nothing next to linting it. */
  static final int CHUNK = 256;

  /** What the export does with a pair, given whether the lint flags it. */
  @FunctionalInterface
  interface Write<T> { void accept(T pair, boolean flagged); }

  private final Predicate<T> lint;
  private final Write<T> write;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "export-lint");
    t.setDaemon(true);
    return t;
  });
  private List<T> reading = new ArrayList<>(CHUNK);
  private List<T> linting = List.of();
  private Future<boolean[]> verdicts;

  /**
   * @param lint  whether a pair's balanced judgment is flagged (run on the lint thread: must be thread-safe)
   * @param write what the export does with each pair, in order, on the caller's thread
   */
  LintAhead(Predicate<T> lint, Write<T> write) {
    this.lint = lint;
    this.write = write;
  }

  /** Takes the next pair read; writes the chunk before it when a chunk is full. */
  void accept(T pair) {
    reading.add(pair);
    if (reading.size() == CHUNK) handOver();
  }

  /** Writes every pair taken so far. Call once, after the last {@link #accept}. */
  void finish() {
    handOver();
    drain();
  }

  private void handOver() {
    drain();
    List<T> chunk = reading;
    reading = new ArrayList<>(CHUNK);
    linting = chunk;
    verdicts = thread.submit(() -> {
      boolean[] flagged = new boolean[chunk.size()];
      for (int i = 0; i < flagged.length; i++) flagged[i] = lint.test(chunk.get(i));
      return flagged;
    });
  }

  /** Writes the chunk on the lint thread once it is linted; rethrows what the lint threw. */
  private void drain() {
    if (verdicts == null) return;
    boolean[] flagged;
    try {
      flagged = verdicts.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the neutrality lint");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
    verdicts = null;
    List<T> chunk = linting;
    linting = List.of();
    for (int i = 0; i < flagged.length; i++) write.accept(chunk.get(i), flagged[i]);
  }

  /** Stops the lint thread; pairs not yet written are dropped (the export failed or was cancelled). */
  @Override
  public void close() {
    thread.shutdownNow();
  }
}
