package dev.evenhand.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads an import file on a thread of its own ("import-reader"), a few chunks of {@value #CHUNK} records ahead of the
 * thread that stores them: parsing and checking a record (CSV, JSON, GenMO) then overlaps with H2 writing the records
 * before it. The records reach the storing thread in the order read, through a queue of at most {@value #AHEAD} chunks.
 *
 * <p>Why: in a JFR profile of ExchangeBench's CSV import (issue 13, point 8), reading the file was about a sixth of
 * the importing thread's samples and H2 (inserts and commits) most of the rest; the machine has a second core.
 *
 * <p>Whatever the reading throws (a cancellation, a {@link dev.evenhand.store.StoreException} of a derived value, an
 * error) is thrown by {@link #run} on the storing thread, after the records read before it were stored. When storing
 * fails, the reader is stopped before {@link #run} returns, so nothing reads on after an import ended.
 */
final class ReadAhead {
  /** Records per chunk handed over: the import's batch. */
  static final int CHUNK = 250;
  /** Chunks the reader may be ahead. */
  static final int AHEAD = 4;
  /** How long {@link #run} waits for the reader to stop after the storing failed. */
  private static final long STOP_SECONDS = 60;

  /** Reads the file, handing each record to the sink; runs on the reader thread. */
  @FunctionalInterface
  interface Reading { void read(ImportEntry.Sink sink); }

  private static final Object END = new Object();

  private ReadAhead() {}

  /**
   * Runs {@code reading} on the reader thread and hands its records to {@code store} here, in order.
   *
   * @param reading reads the file (its own state, such as the problems it collects, is safe to read once this returns)
   * @param store   stores a record, on the calling thread
   * @throws CancellationException when the calling thread is interrupted while waiting for records (the reader is stopped)
   * @throws RuntimeException whatever {@code reading} or {@code store} throws
   */
  static void run(Reading reading, Consumer<ImportEntry> store) {
    BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(AHEAD);
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> hand(chunks, readAll(reading, chunks, stop), stop, true), "import-reader");
    reader.setDaemon(true);
    reader.start();
    boolean finished = false;
    try {
      while (true) {
        Object o;
        try {
          o = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("import interrupted");
        }
        if (o == END) break;
        if (o instanceof RuntimeException r) throw r;
        if (o instanceof Error err) throw err;
        if (o instanceof Throwable t) throw new IllegalStateException("reading the import file failed: " + t, t);
        @SuppressWarnings("unchecked")
        List<ImportEntry> records = (List<ImportEntry>) o;
        for (ImportEntry e : records) store.accept(e);
      }
      finished = true;
    } finally {
      stop.set(true);
      chunks.clear();
      if (!finished) awaitStop(reader);
    }
  }

  /**
   * Reads the whole file, handing a chunk over whenever it is full and the partial last one at the end, also after a
   * failure (the records read before it are stored before it is thrown, as when one thread reads and stores).
   *
   * @return {@link #END}, or what the reading threw
   */
  private static Object readAll(Reading reading, BlockingQueue<Object> chunks, AtomicBoolean stop) {
    List<ImportEntry> chunk = new ArrayList<>(CHUNK);
    try {
      try {
        reading.read(e -> {
          chunk.add(e);
          if (chunk.size() == CHUNK) {
            hand(chunks, new ArrayList<>(chunk), stop, false);
            chunk.clear();
          }
        });
      } finally {
        if (!chunk.isEmpty() && !stop.get()) hand(chunks, chunk, stop, false);
      }
      return END;
    } catch (Throwable t) {
      return t;
    }
  }

  /**
   * Puts {@code o} on the queue, or gives up once the storing thread has stopped: with a cancellation that ends the
   * reading, or quietly for the last thing handed over ({@code last}).
   */
  private static void hand(BlockingQueue<Object> chunks, Object o, AtomicBoolean stop, boolean last) {
    try {
      while (!stop.get()) {
        if (chunks.offer(o, 100, TimeUnit.MILLISECONDS)) return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!last) throw new CancellationException("the import stopped storing");
  }

  private static void awaitStop(Thread reader) {
    try {
      reader.join(TimeUnit.SECONDS.toMillis(STOP_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
