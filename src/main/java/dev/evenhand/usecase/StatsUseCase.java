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
  private final dev.evenhand.store.PairSetSources sources;

  /**
   * @param pairs   the story pairs
   * @param sources where each pair set came from
   */
  public StatsUseCase(PairRepository pairs, dev.evenhand.store.PairSetSources sources) {
    this.pairs = pairs;
    this.sources = sources;
  }

  /**
   * Where each imported pair set came from: the file's path, or for a downloaded GenMO the URL (with its
   * commit) and the SHA-256 the bytes were checked against ({@link GenmoDownloadUseCase}).
   *
   * @return set name to origin, by name; sets no import filled are left out
   */
  public Map<String, String> origins() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (var s : sources.list()) if (!s.importedFrom().isEmpty()) m.put(s.name(), s.importedFrom());
    return m;
  }

  /**
   * The counts.
   *
   * @param pairs         pairs in the review queue
   * @param byStatus      queue pairs by review status
   * @param byEnvironment queue pairs by environment
   * @param sets          every pair set with its pairs, reviewed or not (not the attempts a generation run dropped)
   * @param awaitingJudgments pairs imported without judgments (GenMO's before {@code generate --from-set}): in a set,
   *                      in no review queue
   */
  public record Stats(long pairs, Map<ReviewStatus, Long> byStatus, Map<String, Long> byEnvironment, Map<String, Long> sets,
                      long awaitingJudgments) {}

  /** @return the counts now */
  public Stats stats() {
    Map<ReviewStatus, Long> byStatus = pairs.countByStatus();
    return new Stats(byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus, pairs.countByEnvironment(), pairs.countBySet(),
        pairs.importedLeft());
  }
}
