package dev.evenhand.store;

import dev.evenhand.domain.ReviewStatus;
import java.util.Optional;

/**
 * A filter over stored pairs that are in the review queue (stage complete).
 *
 * @param status        only this review status, or any
 * @param divergentOnly only divergent pairs
 * @param setName       only this pair set, or any
 * @param environment   only this environment, or any
 * @param modelTag      only pairs judged by this model, or any
 */
public record PairQuery(Optional<ReviewStatus> status, boolean divergentOnly, Optional<String> setName,
                        Optional<String> environment, Optional<String> modelTag) {
  /** Every pair in the queue. */
  public static final PairQuery ALL = new PairQuery(Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());

  /** @return a copy limited to one status */
  public PairQuery withStatus(ReviewStatus s) { return new PairQuery(Optional.ofNullable(s), divergentOnly, setName, environment, modelTag); }

  /** @return a copy limited (or not) to divergent pairs */
  public PairQuery withDivergentOnly(boolean d) { return new PairQuery(status, d, setName, environment, modelTag); }
}
