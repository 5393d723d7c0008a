package dev.evenhand.llm;

import java.time.Duration;

/**
 * Evenhand's one retry policy (OLLAMA.md): transient faults (5xx, 503, timeouts, dropped connections)
 * get bounded retries with doubling backoff; 404 and 400 none; a truncated reply one retry with
 * {@code truncationFactor} times the token budget.
 *
 * @param maxTries          calls at most per step for a transient fault (first call included), at least 1
 * @param backoff           pause before the first retry; doubles for each further retry
 * @param truncationFactor  num_predict multiplier for the one retry after a truncation
 */
public record RetryPolicy(int maxTries, Duration backoff, int truncationFactor) {
  /** Three tries, 2 s then 4 s apart; twice the budget after a truncation. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2), 2);

  public RetryPolicy {
    if (maxTries < 1) throw new IllegalArgumentException("maxTries must be at least 1");
    if (backoff.isNegative()) throw new IllegalArgumentException("backoff must not be negative");
  }

  /** @return the pause before retry number {@code retry} (1-based) */
  public Duration pauseBefore(int retry) { return backoff.multipliedBy(1L << Math.min(retry - 1, 10)); }
}
