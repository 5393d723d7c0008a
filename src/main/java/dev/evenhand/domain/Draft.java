package dev.evenhand.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A balanced judgment being edited and not yet accepted (a draft), kept per pair so that moving away, a
 * restart or a crash does not lose it. It is not the pair's balanced judgment: that changes only when the
 * pair is accepted.
 *
 * @param pairId   the story pair
 * @param text     the edited balanced judgments, exactly as typed (not stripped)
 * @param reviewer who wrote it last
 * @param savedAt  when it was last saved
 */
public record Draft(long pairId, BalancedJudgment text, String reviewer, Instant savedAt) {
  /** @throws NullPointerException when text, reviewer or savedAt is null */
  public Draft {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(savedAt, "savedAt");
  }
}
