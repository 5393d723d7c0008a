package dev.evenhand.app.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Progress of long work on stderr, as the audit shows it: a line such as {@code "  12000 of 54480 pairs written"} at
 * most every {@value #EVERY_SECONDS} seconds, and none in the first {@value #EVERY_SECONDS} seconds, so a quick command
 * prints none. Lines, not a redrawn bar: stderr is often a log file. Used by import and export (found by a newcomer
 * trial: 54,480 pairs imported in 20 s without a word). Thread-safe.
 */
final class ProgressLines implements LongConsumer {
  /** Seconds between two lines, and before the first. */
  static final int EVERY_SECONDS = 2;

  private final PrintWriter err;
  private final String what;
  private final long total;
  private final long everyNanos;
  private final LongSupplier clock;
  private long last;

  /**
   * @param err   where the lines go
   * @param what  what is counted, e.g. {@code "pairs written"}
   * @param total how many there will be, or a negative number when not known (the line then gives the count alone)
   */
  ProgressLines(PrintWriter err, String what, long total) {
    this(err, what, total, EVERY_SECONDS * 1_000_000_000L, System::nanoTime);
  }

  /** As {@link #ProgressLines(PrintWriter, String, long)}, with the interval in nanoseconds and the clock given (tests). */
  ProgressLines(PrintWriter err, String what, long total, long everyNanos, LongSupplier clock) {
    this.err = err;
    this.what = what;
    this.total = total;
    this.everyNanos = everyNanos;
    this.clock = clock;
    this.last = clock.getAsLong();
  }

  /** @param done how many are done so far */
  @Override
  public synchronized void accept(long done) {
    long now = clock.getAsLong();
    if (now - last < everyNanos) return;
    last = now;
    err.println("  " + done + (total >= 0 ? " of " + total : "") + " " + what);
    err.flush();
  }
}
