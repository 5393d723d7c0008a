package dev.evenhand.usecase;

import dev.evenhand.method.InvalidInputException;
import dev.evenhand.method.Agreement;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Draft;
import dev.evenhand.store.DraftRepository;
import dev.evenhand.store.ReviewRepository;
import java.util.List;
import java.util.Optional;

/**
 * The researcher's review actions on a pair. Each is saved at once as a row of review history (who,
 * when, before, after); there is no separate save step. Undo and redo are themselves history rows. The
 * Review screen and the {@code review} command reach these rules through {@link ReviewUseCase}.
 */
public final class ReviewService {
  private final ReviewRepository reviews;
  private final DraftRepository drafts;

  /** @param reviews where actions are saved; drafts are kept in the same database */
  public ReviewService(ReviewRepository reviews) { this(reviews, DraftRepository.beside(reviews)); }

  /**
   * @param reviews where actions are saved
   * @param drafts  where balanced judgments being edited are kept until accepted or discarded
   */
  public ReviewService(ReviewRepository reviews, DraftRepository drafts) {
    this.reviews = reviews;
    this.drafts = drafts;
  }

  /**
   * Checks, before any of them is changed, that every pair of a multi-pair action can take it, so the action
   * is all or nothing.
   *
   * @throws InvalidInputException naming the first pair that is not in the review queue
   */
  public void requireInQueue(List<Long> pairIds) {
    for (long id : pairIds) {
      if (!reviews.inQueue(id)) throw new InvalidInputException("no pair " + id + " in the review queue (nothing was changed)");
    }
  }

  /** Longest reviewer name and reason stored (V1 schema). */
  static final int MAX_REVIEWER = 200, MAX_REASON = 4000;

  private static String check(String reviewer, String reason) {
    if (reviewer == null || reviewer.isBlank()) throw new IllegalArgumentException("the reviewer name is empty (set `reviewer` in the settings)");
    if (reviewer.length() > MAX_REVIEWER) throw new IllegalArgumentException("the reviewer name is longer than " + MAX_REVIEWER + " characters");
    if (reason != null && reason.length() > MAX_REASON) throw new IllegalArgumentException("--reason: at most " + MAX_REASON + " characters");
    return reviewer;
  }

  /** Accepts the pair with its current balanced judgment. @throws IllegalArgumentException for an unknown pair */
  public Review accept(long pairId, String reviewer) {
    check(reviewer, "");
    return reviews.apply(pairId, reviewer, ReviewAction.ACCEPT, ReviewStatus.ACCEPTED, Optional.empty(), "");
  }

  /**
   * Sets the balanced judgments and accepts the pair.
   *
   * @throws IllegalArgumentException for an unknown pair or a blank text
   */
  public Review acceptEdited(long pairId, String reviewer, BalancedJudgment edited) {
    check(reviewer, "");
    if (edited.male().isBlank() || edited.female().isBlank())
      throw new IllegalArgumentException("a balanced judgment cannot be empty");
    return reviews.apply(pairId, reviewer, ReviewAction.ACCEPT_EDITED, ReviewStatus.ACCEPTED, Optional.of(edited), "");
  }

  /** Rejects the pair, with an optional reason. @throws IllegalArgumentException for an unknown pair */
  public Review reject(long pairId, String reviewer, String reason) {
    check(reviewer, reason);
    return reviews.apply(pairId, reviewer, ReviewAction.REJECT, ReviewStatus.REJECTED, Optional.empty(), reason);
  }

  /** Skips the pair: a history row, the status stays. */
  public Review skip(long pairId, String reviewer) {
    check(reviewer, "");
    return reviews.apply(pairId, reviewer, ReviewAction.SKIP, null, Optional.empty(), "");
  }

  /** Flags the pair for a second look: a history row, the status stays. */
  public Review flag(long pairId, String reviewer, String reason) {
    check(reviewer, reason);
    return reviews.apply(pairId, reviewer, ReviewAction.FLAG, null, Optional.empty(), reason);
  }

  /**
   * A blind second review: the decision is saved as a history row marked blind and changes neither the
   * pair's status nor its balanced judgment (the first review stands).
   *
   * @param accepted true to accept, false to reject
   * @param edited   the reviewer's edited balanced judgment, if they edited it
   */
  public Review blind(long pairId, String reviewer, boolean accepted, Optional<BalancedJudgment> edited, String reason) {
    check(reviewer, reason);
    return reviews.applyBlind(pairId, reviewer, accepted, edited, reason);
  }

  /** @return Cohen's kappa and identical edits between two reviewers on the pairs both decided */
  public Agreement.Result agreement(String a, String b) {
    return Agreement.of(reviews.decisions(a, b).stream()
        .map(r -> new Agreement.Decision(r.acceptedByA(), r.acceptedByB(), r.editedByA(), r.editedByB())).toList());
  }

  /** @return the reviewers who decided any pair */
  public java.util.List<String> reviewers() { return reviews.reviewers(); }

  /** @return the pair's review history, oldest first */
  public java.util.List<Review> history(long pairId) { return reviews.history(pairId); }

  /**
   * Undoes an action: restores the status and balanced judgment it found, as a new history row.
   *
   * @param done the action to undo (as returned when it was applied)
   */
  public Review undo(Review done, String reviewer) {
    return reviews.apply(done.pairId(), reviewer, ReviewAction.UNDO, done.before(), Optional.ofNullable(done.balancedBefore()),
        "undo of #" + done.id());
  }

  /**
   * Redoes an undone action: sets again the status and balanced judgment it produced, as a new history row.
   *
   * @param done the original action that was undone
   */
  public Review redo(Review done, String reviewer) {
    return reviews.apply(done.pairId(), reviewer, ReviewAction.REDO, done.after(), Optional.ofNullable(done.balancedAfter()),
        "redo of #" + done.id());
  }

  /**
   * Keeps a balanced judgment being edited as the pair's draft (one per pair; the reviewer and the time are
   * recorded). A text equal to the stored balanced judgment (both stripped) is no draft: the pair's draft,
   * if any, is deleted instead.
   *
   * @param text the edited texts exactly as typed
   * @return the saved draft; empty when the text equals the stored one or the pair does not exist
   * @throws IllegalArgumentException for a blank or too long reviewer name
   */
  public Optional<Draft> saveDraft(long pairId, String reviewer, BalancedJudgment text) {
    check(reviewer, "");
    if (drafts.stored(pairId).map(s -> same(s, text)).orElse(false)) {
      drafts.delete(pairId);
      return Optional.empty();
    }
    return drafts.save(pairId, text, reviewer, java.time.Instant.now());
  }

  /**
   * @return the pair's draft; empty when it has none, or when the draft equals the stored balanced judgment
   *     (left by a crash between an accept and the deletion of its draft)
   */
  public Optional<Draft> draft(long pairId) {
    Optional<BalancedJudgment> stored = drafts.stored(pairId);
    return drafts.find(pairId).filter(d -> stored.map(s -> !same(s, d.text())).orElse(true));
  }

  /** Drops the pair's draft (accepted, or discarded by the reviewer). @return true when it had one */
  public boolean discardDraft(long pairId) { return drafts.delete(pairId); }

  /** @return the ids of the pairs that have a draft, ascending */
  public List<Long> draftPairs() { return drafts.pairIds(); }

  /** The editor's own rule ({@code BalancedEditor#edited}): texts are compared stripped. */
  private static boolean same(BalancedJudgment a, BalancedJudgment b) {
    return a.male().strip().equals(b.male().strip()) && a.female().strip().equals(b.female().strip());
  }
}
