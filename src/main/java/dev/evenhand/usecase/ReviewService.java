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
import dev.evenhand.domain.GenderedWord;
import dev.evenhand.method.BalancedLint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The researcher's review actions on a pair. Each is saved at once as a row of review history (who,
 * when, before, after); there is no separate save step. Undo and redo are themselves history rows. Every accept
 * goes through the neutrality gate (issue 12): a balanced judgment the lint flags is accepted only with an explicit
 * override, saved with the findings. A blind second review changes no pair and is not gated. The
 * Review screen and the {@code review} command reach these rules through {@link ReviewUseCase}.
 */
public final class ReviewService {
  private final ReviewRepository reviews;
  private final DraftRepository drafts;
  private final ReviewPresence presence;
  private final AssignmentUseCase assignments;

  /** @param reviews where actions are saved; drafts are kept in the same database */
  public ReviewService(ReviewRepository reviews) { this(reviews, DraftRepository.beside(reviews)); }

  /**
   * @param reviews where actions are saved
   * @param drafts  where balanced judgments being edited are kept until accepted or discarded
   */
  public ReviewService(ReviewRepository reviews, DraftRepository drafts) {
    this.reviews = reviews;
    this.drafts = drafts;
    this.presence = new ReviewPresence(dev.evenhand.store.ReviewPresenceRepository.beside(reviews));
    this.assignments = new AssignmentUseCase(dev.evenhand.store.AssignmentRepository.beside(reviews));
  }

  /** @return the assignments of sets to reviewers and their progress (issue 15, point 4) */
  public AssignmentUseCase assignments() { return assignments; }

  /** @return who has which pair open, pair versions and the last review action id (issue 15, point 3) */
  public ReviewPresence presence() { return presence; }

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

  /** As {@link #accept(long, String, boolean)} without an override: a flagged balanced judgment is refused. */
  public Review accept(long pairId, String reviewer) { return accept(pairId, reviewer, false); }

  /**
   * Accepts the pair with its current balanced judgment, through the neutrality gate (issue 12): when the lint
   * ({@link BalancedLint#check(BalancedJudgment, String, String)}) flags it, the accept needs {@code allowGendered},
   * and the findings are saved with the history row as its override.
   *
   * @param allowGendered true to accept a flagged text anyway (the reviewer's explicit, recorded override)
   * @throws IllegalArgumentException for an unknown pair
   * @throws GenderedJudgmentRefused  when the text is flagged and {@code allowGendered} is false (nothing is saved)
   * @throws IllegalStateException    when the balanced judgment changed between the lint and the save (nothing is saved)
   */
  public Review accept(long pairId, String reviewer, boolean allowGendered) { return accept(pairId, reviewer, allowGendered, -1); }

  /**
   * As {@link #accept(long, String, boolean)}, made on a known version of the pair (issue 15, point 3).
   *
   * @param onVersion the pair's version the reviewer saw ({@link ReviewPresence#version}); negative: no check
   * @throws dev.evenhand.store.ReviewConflictException when another decision replaced that version (the pair is not changed)
   */
  public Review accept(long pairId, String reviewer, boolean allowGendered, long onVersion) {
    check(reviewer, "");
    ReviewRepository.Texts t = texts(pairId);
    BalancedJudgment now = t.balanced().orElse(null);
    List<GenderedWord> found = now == null ? List.of() : BalancedLint.check(now, t.maleName(), t.femaleName());
    if (!found.isEmpty() && !allowGendered) throw new GenderedJudgmentRefused(Map.of(pairId, found));
    return reviews.apply(pairId, reviewer, ReviewAction.ACCEPT, ReviewStatus.ACCEPTED, Optional.empty(), "", now, found, onVersion);
  }

  /** As {@link #acceptEdited(long, String, BalancedJudgment, boolean)} without an override. */
  public Review acceptEdited(long pairId, String reviewer, BalancedJudgment edited) { return acceptEdited(pairId, reviewer, edited, false); }

  /**
   * Sets the balanced judgments and accepts the pair, through the neutrality gate as {@link #accept(long, String, boolean)}.
   *
   * @param allowGendered true to accept a flagged text anyway (recorded as an override)
   * @throws IllegalArgumentException for an unknown pair or a blank text
   * @throws GenderedJudgmentRefused  when the edited text is flagged and {@code allowGendered} is false (nothing is saved)
   */
  public Review acceptEdited(long pairId, String reviewer, BalancedJudgment edited, boolean allowGendered) {
    return acceptEdited(pairId, reviewer, edited, allowGendered, -1);
  }

  /**
   * As {@link #acceptEdited(long, String, BalancedJudgment, boolean)}, made on a known version of the pair.
   *
   * @param onVersion the pair's version the reviewer saw; negative: no check
   * @throws dev.evenhand.store.ReviewConflictException when another decision replaced that version (the pair is not changed)
   */
  public Review acceptEdited(long pairId, String reviewer, BalancedJudgment edited, boolean allowGendered, long onVersion) {
    check(reviewer, "");
    if (edited.male().isBlank() || edited.female().isBlank())
      throw new IllegalArgumentException("a balanced judgment cannot be empty");
    ReviewRepository.Texts t = texts(pairId);
    List<GenderedWord> found = BalancedLint.check(edited, t.maleName(), t.femaleName());
    if (!found.isEmpty() && !allowGendered) throw new GenderedJudgmentRefused(Map.of(pairId, found));
    return reviews.apply(pairId, reviewer, ReviewAction.ACCEPT_EDITED, ReviewStatus.ACCEPTED, Optional.of(edited), "", null, found, onVersion);
  }

  /**
   * The neutrality gate for a multi-pair accept, checked before any pair is changed so the accept is all or nothing.
   *
   * @param pairIds the pairs to accept with their current balanced judgments
   * @throws GenderedJudgmentRefused naming every pair whose balanced judgment the lint flags, with its words
   */
  public void requireNeutral(List<Long> pairIds) {
    Map<Long, List<GenderedWord>> refused = new LinkedHashMap<>();
    for (long id : pairIds) {
      List<GenderedWord> found = findings(id);
      if (!found.isEmpty()) refused.put(id, found);
    }
    if (!refused.isEmpty()) throw new GenderedJudgmentRefused(refused);
  }

  /**
   * @param pairId a pair
   * @return the lint's findings on its stored balanced judgment (male text first); empty when it is neutral or has none
   * @throws IllegalArgumentException for an unknown pair
   */
  public List<GenderedWord> findings(long pairId) {
    ReviewRepository.Texts t = texts(pairId);
    return t.balanced().map(b -> BalancedLint.check(b, t.maleName(), t.femaleName())).orElse(List.of());
  }

  private ReviewRepository.Texts texts(long pairId) {
    return reviews.texts(pairId).orElseThrow(() -> new IllegalArgumentException("no pair " + pairId + " in the review queue"));
  }

  /** Rejects the pair, with an optional reason. @throws IllegalArgumentException for an unknown pair */
  public Review reject(long pairId, String reviewer, String reason) { return reject(pairId, reviewer, reason, -1); }

  /**
   * As {@link #reject(long, String, String)}, made on a known version of the pair.
   *
   * @param onVersion the pair's version the reviewer saw; negative: no check
   * @throws dev.evenhand.store.ReviewConflictException when another decision replaced that version (the pair is not changed)
   */
  public Review reject(long pairId, String reviewer, String reason, long onVersion) {
    check(reviewer, reason);
    return reviews.apply(pairId, reviewer, ReviewAction.REJECT, ReviewStatus.REJECTED, Optional.empty(), reason, null, List.of(), onVersion);
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

  /**
   * Agreement of all reviewers at once on accept / reject (issue 15, point 6), over the pairs two or more of them
   * decided: Krippendorff's alpha (any number of reviewers a pair, missing ones allowed) and Fleiss' kappa (only when
   * every such pair has the same number of decisions; NaN otherwise).
   *
   * @param reviewers reviewers who decided any pair
   * @param pairs     pairs decided by two or more of them
   * @param alpha     Krippendorff's alpha (nominal); NaN when undefined
   * @param fleiss    Fleiss' kappa; NaN when the pairs have different numbers of decisions or it is undefined
   */
  public record GroupAgreement(int reviewers, int pairs, double alpha, double fleiss) {}

  /** @return the agreement of all reviewers at once ({@link GroupAgreement}) */
  public GroupAgreement groupAgreement() {
    java.util.Map<Long, java.util.List<String>> byPair = new java.util.LinkedHashMap<>();
    java.util.Set<String> who = new java.util.TreeSet<>();
    for (var d : reviews.latestDecisions()) {
      byPair.computeIfAbsent(d.pairId(), k -> new java.util.ArrayList<>()).add(d.accepted() ? "accept" : "reject");
      who.add(d.reviewer());
    }
    java.util.List<java.util.List<String>> units = byPair.values().stream().filter(v -> v.size() >= 2).toList();
    double fleiss = Double.NaN;
    if (!units.isEmpty() && units.stream().mapToInt(java.util.List::size).distinct().count() == 1) {
      int[][] counts = new int[units.size()][2];
      for (int i = 0; i < units.size(); i++) for (String v : units.get(i)) counts[i][v.equals("accept") ? 0 : 1]++;
      fleiss = dev.evenhand.method.ManyRaterAgreement.fleissKappa(counts);
    }
    return new GroupAgreement(who.size(), units.size(), dev.evenhand.method.ManyRaterAgreement.krippendorffAlpha(units), fleiss);
  }

  /** @return the reviewers who decided any pair */
  public java.util.List<String> reviewers() { return reviews.reviewers(); }

  /** @return the pair's review history, oldest first */
  public java.util.List<Review> history(long pairId) { return reviews.history(pairId); }

  /**
   * Undoes an action: restores the status and balanced judgment it found, as a new history row.
   *
   * @throws dev.evenhand.store.ReviewConflictException when another reviewer decided the pair since (nothing is changed)
   *
   * @param done the action to undo (as returned when it was applied)
   */
  public Review undo(Review done, String reviewer) {
    // another reviewer's decision since this action is never undone silently (issue 15, point 3): the undo is then made on
    // this action's id, which is no longer the pair's version, and refused naming their decision
    long v = presence.version(done.pairId());
    boolean othersSince = v > done.id() && history(done.pairId()).stream().anyMatch(r -> r.id() == v && !r.reviewer().equals(reviewer));
    return reviews.apply(done.pairId(), reviewer, ReviewAction.UNDO, done.before(), Optional.ofNullable(done.balancedBefore()),
        "undo of #" + done.id(), null, List.of(), othersSince ? done.id() : v);
  }

  /**
   * Redoes an undone action: sets again the status and balanced judgment it produced, as a new history row. The redo
   * of an accept with an override carries the same override (the reviewer gave it for that text), so the pair is
   * again counted as accepted with an override; undo restores an earlier state and needs none (an export still
   * lints what is accepted).
   *
   * @param done the original action that was undone
   */
  public Review redo(Review done, String reviewer) {
    return reviews.apply(done.pairId(), reviewer, ReviewAction.REDO, done.after(), Optional.ofNullable(done.balancedAfter()),
        "redo of #" + done.id(), null, done.override());
  }

  /**
   * Keeps a balanced judgment being edited as the reviewer's draft of the pair (one per pair and reviewer, so a
   * blind second review never shows one reviewer's text to another; the time is recorded). A text equal to the
   * stored balanced judgment (both stripped) is no draft: the reviewer's draft, if any, is deleted instead.
   *
   * @param text the edited texts exactly as typed
   * @return the saved draft; empty when the text equals the stored one or the pair does not exist
   * @throws IllegalArgumentException for a blank or too long reviewer name
   */
  public Optional<Draft> saveDraft(long pairId, String reviewer, BalancedJudgment text) {
    check(reviewer, "");
    if (drafts.stored(pairId).map(s -> same(s, text)).orElse(false)) {
      drafts.delete(pairId, reviewer);
      return Optional.empty();
    }
    return drafts.save(pairId, text, reviewer, java.time.Instant.now());
  }

  /**
   * @return the reviewer's draft of the pair; empty when they have none, or when the draft equals the stored balanced
   *     judgment (left by a crash between an accept and the deletion of its draft)
   */
  public Optional<Draft> draft(long pairId, String reviewer) {
    Optional<BalancedJudgment> stored = drafts.stored(pairId);
    return drafts.find(pairId, reviewer).filter(d -> stored.map(s -> !same(s, d.text())).orElse(true));
  }

  /** Drops the reviewer's draft of the pair (accepted, or discarded). @return true when they had one */
  public boolean discardDraft(long pairId, String reviewer) { return drafts.delete(pairId, reviewer); }

  /** @return the ids of the pairs the reviewer has a draft of, ascending */
  public List<Long> draftPairs(String reviewer) { return drafts.pairIds(reviewer); }

  /** The editor's own rule ({@code BalancedEditor#edited}): texts are compared stripped. */
  private static boolean same(BalancedJudgment a, BalancedJudgment b) {
    return a.male().strip().equals(b.male().strip()) && a.female().strip().equals(b.female().strip());
  }
}
