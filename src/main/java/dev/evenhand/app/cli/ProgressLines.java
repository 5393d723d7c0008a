package dev.evenhand.app.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Progress of long work on stderr: a line such as {@code "  12000 of 54480 pairs written"} at most every
 * {@value #EVERY_SECONDS} seconds. Import and export print none in the first {@value #EVERY_SECONDS} seconds, so a
 * quick command prints none (a newcomer trial found 54,480 pairs imported in 20 s without a word); the audit, whose
 * answers come slowly from a model, prints its first and its last count too ({@link #withEnds}). Lines, not a redrawn
 * bar: stderr is often a log file. Thread-safe.
 */
final class ProgressLines implements LongConsumer {
  /** Seconds between two lines, and before the first. */
  static final int EVERY_SECONDS = 2;

  private final PrintWriter err;
  private final String what;
  private final long total;
  private final long everyNanos;
  private final LongSupplier clock;
  private final boolean ends;
  private long last;
  private boolean any;

  /**
   * @param err   where the lines go
   * @param what  what is counted, e.g. {@code "pairs written"}
   * @param total how many there will be, or a negative number when not known (the line then gives the count alone)
   */
  ProgressLines(PrintWriter err, String what, long total) {
    this(err, what, total, EVERY_SECONDS * 1_000_000_000L, System::nanoTime, false);
  }

  /**
   * As {@link #ProgressLines(PrintWriter, String, long)}, with the interval in nanoseconds and the clock given (tests).
   *
   * @param ends also print the first count at once and the last ({@code done == total}) whenever it comes
   */
  ProgressLines(PrintWriter err, String what, long total, long everyNanos, LongSupplier clock, boolean ends) {
    this.err = err;
    this.what = what;
    this.total = total;
    this.everyNanos = everyNanos;
    this.clock = clock;
    this.ends = ends;
    this.last = clock.getAsLong();
  }

  /**
   * Lines that also give the first count at once and the last one, the audit's way.
   *
   * @param what what is counted, e.g. {@code "answers"}
   * @return lines whose total comes with each count ({@link #accept(long, long)})
   */
  static ProgressLines withEnds(PrintWriter err, String what) {
    return new ProgressLines(err, what, -1, EVERY_SECONDS * 1_000_000_000L, System::nanoTime, true);
  }

  /** @param done how many are done so far (of the total given when made) */
  @Override
  public void accept(long done) { accept(done, total); }

  /**
   * @param done  how many are done so far
   * @param total how many there will be, or a negative number when not known
   */
  synchronized void accept(long done, long total) {
    long now = clock.getAsLong();
    boolean end = ends && (!any || done == total);
    if (!end && now - last < everyNanos) return;
    last = now;
    any = true;
    err.println("  " + done + (total >= 0 ? " of " + total : "") + " " + what);
    err.flush();
  }
}
