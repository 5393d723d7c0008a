package dev.evenhand.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of a pair's review history: who did what, when, and the state before and after.
 *
 * @param id       store id
 * @param pairId   the story pair
 * @param reviewer reviewer name from the settings
 * @param action   what was done
 * @param before   status before the action
 * @param after    status after the action
 * @param balancedBefore balanced judgment before the action
 * @param balancedAfter  balanced judgment after the action
 * @param reason   optional reason (reject), empty when none
 * @param at       when the action was saved (UTC)
 */
public record Review(long id, long pairId, String reviewer, ReviewAction action, ReviewStatus before, ReviewStatus after,
                     BalancedJudgment balancedBefore, BalancedJudgment balancedAfter, String reason, Instant at) {
  public Review {
    Objects.requireNonNull(action, "action");
    reason = reason == null ? "" : reason;
  }
}
