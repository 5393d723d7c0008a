package dev.evenhand.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded wait for the database: pauses with a growing, jittered back-off (25 ms doubling up to 400 ms),
 * tells the user once, after {@link #NOTICE_AFTER}, "waiting for the database ... (held by ...)", and when
 * the deadline passes throws one clear line naming the other process.
 */
final class Waiter {
  /** How long a wait stays silent: H2 hands a database between processes in about 0.1 to 2 s. */
  static final Duration NOTICE_AFTER = Duration.ofSeconds(2);

  private final String database;
  private final long start = System.nanoTime();
  private final long deadline;
  private final Duration limit;
  private final Consumer<String> notices;
  private final Supplier<String> holder;
  private long pause = 25;
  private boolean noticed;

  /**
   * @param database the database file, for messages
   * @param limit    how long to wait in all
   * @param notices  receives the one "waiting for the database" line
   * @param holder   names the process holding the database ("process 1234 (evenhand export)")
   */
  Waiter(String database, Duration limit, Consumer<String> notices, Supplier<String> holder) {
    this.database = database;
    this.limit = limit;
    this.deadline = start + limit.toNanos();
    this.notices = notices;
    this.holder = holder;
  }

  /** @return true when this wait told the user it is waiting */
  boolean noticed() { return noticed; }

  /**
   * Waits a little before the next try.
   *
   * @param cause what the database said this time (kept as the cause when the wait runs out), may be null
   * @throws StoreException when the deadline has passed: "the database ... stayed busy for 60 s (held by ...)"
   */
  void pause(Throwable cause) {
    long now = System.nanoTime();
    if (now - deadline >= 0) {
      throw new StoreException("the database " + database + " stayed busy for " + limit.toSeconds() + " s (held by "
          + holder.get() + "); try again when it has finished" + (cause == null ? "" : " (H2: " + Database.rootMessage(cause) + ")"), cause);
    }
    if (!noticed && now - start >= NOTICE_AFTER.toNanos()) {
      noticed = true;
      notices.accept("waiting for the database " + database + " (held by " + holder.get() + ")");
    }
    long ms = Math.min(pause, Math.max(1, (deadline - now) / 1_000_000));
    try {
      Thread.sleep(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the database " + database, e);
    }
    pause = Math.min(400, pause * 2);
  }
}
