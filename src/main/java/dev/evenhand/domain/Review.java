package dev.evenhand.domain;

import java.time.Instant;
import java.util.List;
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
 * @param override the lint findings a reviewer accepted anyway (issue 12's neutrality gate); empty when the
 *                 action needed no override
 */
public record Review(long id, long pairId, String reviewer, ReviewAction action, ReviewStatus before, ReviewStatus after,
                     BalancedJudgment balancedBefore, BalancedJudgment balancedAfter, String reason, Instant at,
                     List<GenderedWord> override) {
  public Review {
    Objects.requireNonNull(action, "action");
    reason = reason == null ? "" : reason;
    override = override == null ? List.of() : List.copyOf(override);
  }

  /** A row without an override. */
  public Review(long id, long pairId, String reviewer, ReviewAction action, ReviewStatus before, ReviewStatus after,
                BalancedJudgment balancedBefore, BalancedJudgment balancedAfter, String reason, Instant at) {
    this(id, pairId, reviewer, action, before, after, balancedBefore, balancedAfter, reason, at, List.of());
  }

  /** @return true when the reviewer accepted a text the lint flagged (the findings are in {@link #override()}) */
  public boolean overridden() { return !override.isEmpty(); }
}
