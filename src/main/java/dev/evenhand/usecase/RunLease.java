package dev.evenhand.usecase;

import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.RunRepository;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's hold on a generation run while it generates it: taken in the store (so a second process,
 * or {@code delete run}, sees who generates it), kept alive by a heartbeat every 10 s, and released on
 * close. A hold whose heartbeat is older than 60 s, or whose owner is a process of this host that no
 * longer runs (pid and start instant), is stale and may be taken over.
 */
final class RunLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
  /** A hold not renewed for this long is stale. */
  private static final Duration STALE_AFTER = Duration.ofSeconds(60);
  /** How often the hold is renewed, in seconds. */
  private static final long HEARTBEAT_SECONDS = 10;

  private final dev.evenhand.store.RunHolds runs;
  private final long runId;
  private final String owner = dev.evenhand.store.Owner.holder();
  private final ScheduledExecutorService beat;

  /**
   * Takes the run.
   *
   * @throws InvalidInputException naming the holder when another live process generates the run
   */
  RunLease(RunRepository runs, long runId) { this(runs.holds(), runId, "run " + runId + " is being generated"); }

  /**
   * Takes a run of any kind.
   *
   * @param holds   the holds of the run's kind
   * @param refusal the start of the refusal, e.g. {@code "audit run 3 is being audited"}
   * @throws InvalidInputException naming the holder when another live process works on the run
   */
  RunLease(dev.evenhand.store.RunHolds holds, long runId, String refusal) {
    this.runs = holds;
    this.runId = runId;
    Optional<String> holder = runs.acquire(runId, owner, STALE_AFTER, dev.evenhand.store.Owner::holderAlive);
    if (holder.isPresent()) {
      throw new InvalidInputException(refusal + " by another process (" + holder.get() + "); wait for it to finish or stop it, then resume");
    }
    beat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "evenhand-run-heartbeat");
      t.setDaemon(true);
      return t;
    });
    beat.scheduleAtFixedRate(this::renew, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  private void renew() {
    try {
      runs.heartbeat(runId, owner);
    } catch (RuntimeException e) {
      LOG.warn("heartbeat of run {} failed", runId, e);
    }
  }

  @Override
  public void close() {
    beat.shutdownNow();
    runs.release(runId, owner);
  }
}
