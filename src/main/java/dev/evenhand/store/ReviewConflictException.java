package dev.evenhand.store;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A review decision refused by optimistic concurrency (issue 15, point 3): it was made on a version of the pair
 * (the id of its latest decision row, see {@link ReviewPresenceRepository#version}) that another decision has
 * replaced meanwhile. Nothing of the refused decision was saved; the message names who decided what and when,
 * and the pair's state now, so the reviewer can look again and decide on the current state.
 */
public final class ReviewConflictException extends IllegalStateException {
  private static final long serialVersionUID = 1L;
  private final transient Decided latest;
  private final long pairId;
  private final ReviewAction refused;
  private final long keptAs;

  /**
   * The decision that replaced the version the refused one was made on.
   *
   * @param actionId the history row's id (the pair's version now)
   * @param reviewer who decided
   * @param action   what they did
   * @param at       when it was saved (UTC)
   * @param status   the pair's review status now
   * @param balanced the pair's balanced judgment now, empty when it has none
   */
  public record Decided(long actionId, String reviewer, ReviewAction action, Instant at, ReviewStatus status,
                        Optional<BalancedJudgment> balanced) {}

  /**
   * @param pairId  the pair
   * @param refused the decision that was not saved
   * @param latest  the decision that is the pair's state now
   */
  public ReviewConflictException(long pairId, ReviewAction refused, Decided latest) { this(pairId, refused, latest, 0); }

  private ReviewConflictException(long pairId, ReviewAction refused, Decided latest, long keptAs) {
    super("pair " + pairId + " was decided meanwhile: " + latest.reviewer() + " " + verb(latest.action()) + " at "
        + latest.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        + " (now " + latest.status().label() + "); your " + refused.label().replace('_', ' ') + " did not change the pair"
        + (keptAs > 0 ? " (kept in its history as your own decision, #" + keptAs + ")" : "") + ": look at it again and decide");
    this.pairId = pairId;
    this.refused = refused;
    this.latest = latest;
    this.keptAs = keptAs;
  }

  /** @return the same refusal, saying the refused decision was kept as history row {@code actionId} */
  public ReviewConflictException keptAs(long actionId) { return new ReviewConflictException(pairId, refused, latest, actionId); }

  /** @return the id of the blind history row the refused decision was kept as; 0 when it was not kept (undo, redo) */
  public long keptAs() { return keptAs; }

  /** @return the pair */
  public long pairId() { return pairId; }

  /** @return the decision that was not saved */
  public ReviewAction refused() { return refused; }

  /** @return the decision that is the pair's state now */
  public Decided latest() { return latest; }

  /** @return what a review action did to a pair, in the past tense, as the message says it ("accepted it with edits") */
  public static String verb(ReviewAction a) {
    return switch (a) {
      case ACCEPT -> "accepted it";
      case ACCEPT_EDITED -> "accepted it with edits";
      case REJECT -> "rejected it";
      case UNDO -> "undid a decision on it";
      case REDO -> "redid a decision on it";
      case SKIP -> "skipped it";
      case FLAG -> "flagged it";
    };
  }
}
