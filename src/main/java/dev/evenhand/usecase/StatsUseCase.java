package dev.evenhand.usecase;

import dev.evenhand.store.PairRepository;
import dev.evenhand.domain.ReviewStatus;
import java.util.Map;

/**
 * How many pairs the store holds: in the review queue by status and by environment, and every pair set
 * with all its pairs (imported pairs enter the review queue only once curated). {@code evenhand stats}.
 */
public final class StatsUseCase {
  private final PairRepository pairs;

  /** @param pairs the story pairs */
  public StatsUseCase(PairRepository pairs) { this.pairs = pairs; }

  /**
   * The counts.
   *
   * @param pairs         pairs in the review queue
   * @param byStatus      queue pairs by review status
   * @param byEnvironment queue pairs by environment
   * @param sets          every pair set with all its pairs, reviewed or not
   */
  public record Stats(long pairs, Map<ReviewStatus, Long> byStatus, Map<String, Long> byEnvironment, Map<String, Long> sets) {}

  /** @return the counts now */
  public Stats stats() {
    Map<ReviewStatus, Long> byStatus = pairs.countByStatus();
    return new Stats(byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus, pairs.countByEnvironment(), pairs.countBySet());
  }
}
