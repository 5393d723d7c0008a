package dev.evenhand.usecase;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Draft;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.method.Agreement;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.PairSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reviewing story pairs, as the Review screen and the {@code review} command do it: reading the review
 * queue a page at a time, one pair in full, its provenance (the model calls behind it), the counts by
 * status and the filter choices; and the review actions, each saved at once as a row of history through
 * {@link ReviewService}. Every method blocks on the database; none needs Ollama (Regenerate is
 * {@link RegenerateUseCase}).
 */
public final class ReviewUseCase {
  private final ReviewService actions;
  private final PairRepository pairs;
  private final CallRepository calls;

  /**
   * @param actions the review actions and their rules
   * @param pairs   stored pairs
   * @param calls   stored model calls
   */
  public ReviewUseCase(ReviewService actions, PairRepository pairs, CallRepository calls) {
    this.actions = Objects.requireNonNull(actions, "actions");
    this.pairs = Objects.requireNonNull(pairs, "pairs");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  /** @return how many pairs of the queue match (one COUNT; a search reads every pair's text) */
  public long count(PairQuery q) { return pairs.count(q); }

  /**
   * @param offset rows to skip, at least 0
   * @param limit  rows at most, at least 0
   * @return one page of the queue in the query's order
   */
  public List<PairSummary> page(PairQuery q, int offset, int limit) { return pairs.page(q, offset, limit); }

  /**
   * @param setName a pair set, or null for every set
   * @return how many imported pairs have no judgments yet (GenMO's before {@code generate --from-set}): they are in no
   *     review queue, so an empty list says so
   */
  public long awaitingCuration(String setName) { return setName == null ? pairs.importedLeft() : pairs.importedLeft(setName); }

  /**
   * @return the sets holding imported pairs without judgments, with how many each holds, by name; empty when none: what an
   *     empty Review screen names, with the command that has a model judge them
   */
  public Map<String, Long> awaitingCurationBySet() { return pairs.importedLeftBySet(); }

  /**
   * @param set the set asked about, or null for all
   * @return the command that has a model judge a set's imported pairs, in Markdown backticks ({@link #judgeCommand(String,
   *     java.util.Collection)}), naming the sets that hold such pairs now
   */
  public String judgeCommand(String set) { return judgeCommand(set, set == null ? pairs.importedLeftBySet().keySet() : List.of()); }

  /**
   * The command every "these pairs have no judgments yet" hint gives (review list, assign, export), in one place.
   *
   * @param set     the set asked about, or null for all
   * @param waiting the sets holding imported pairs without judgments (read only when {@code set} is null)
   * @return {@code `evenhand generate --from-set SET --model TAG`} naming the set asked about, else the one set that waits,
   *     else SET followed by the sets that do; a name a shell would split or read is in single quotes
   */
  public static String judgeCommand(String set, java.util.Collection<String> waiting) {
    if (set != null) return "`evenhand generate --from-set " + shellWord(set) + " --model TAG`";
    if (waiting.size() == 1) return "`evenhand generate --from-set " + shellWord(waiting.iterator().next()) + " --model TAG`";
    return "`evenhand generate --from-set SET --model TAG`" + (waiting.isEmpty() ? "" : " (SET: " + String.join(", ",
        waiting.stream().map(ReviewUseCase::shellWord).toList()) + ")");
  }

  /** @return the name as it is when a POSIX shell reads it as one plain word, else in single quotes (a quote inside escaped) */
  private static String shellWord(String name) {
    return name.matches("[A-Za-z0-9._:@%+=/-]+") ? name : "'" + name.replace("'", "'\\''") + "'";
  }

  /** @return the ids of every matching pair in the query's order (8 bytes a pair) */
  public List<Long> ids(PairQuery q) { return pairs.ids(q); }

  /** @return the queue rows of these pairs in the order given; ids of pairs that are gone are left out */
  public List<PairSummary> summaries(List<Long> ids) {
    if (ids.isEmpty()) return List.of();
    Map<Long, PairSummary> byId = pairs.summaries(ids);
    return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
  }

  /** @return the queue row of one pair, empty when it is gone */
  public Optional<PairSummary> summary(long pairId) { return Optional.ofNullable(pairs.summaries(List.of(pairId)).get(pairId)); }

  /** @return the pair in full (stories, judgments, balanced judgment, status), empty when there is none */
  public Optional<CuratedPair> pair(long pairId) { return pairs.find(pairId); }

  /** @return the number of queue pairs in each review status; every status is present (0 when none) */
  public Map<ReviewStatus, Long> counts() {
    Map<ReviewStatus, Long> byStatus = new EnumMap<>(ReviewStatus.class);
    for (ReviewStatus s : ReviewStatus.values()) byStatus.put(s, 0L);
    byStatus.putAll(pairs.countByStatus());
    return Collections.unmodifiableMap(byStatus);
  }

  /**
   * What the queue's filters can pick from.
   *
   * @param environments environment labels of queue pairs, sorted
   * @param modelTags    Ollama model tags that judged queue pairs, sorted
   * @param reviewers    reviewers who acted on any pair, sorted
   */
  public record FilterChoices(List<String> environments, List<String> modelTags, List<String> reviewers) {
    /** Copies the lists. */
    public FilterChoices {
      environments = List.copyOf(environments);
      modelTags = List.copyOf(modelTags);
      reviewers = List.copyOf(reviewers);
    }
  }

  /** @return the values the queue's filters offer */
  public FilterChoices filterChoices() {
    return new FilterChoices(pairs.distinct(PairQuery.Facet.ENVIRONMENT), pairs.distinct(PairQuery.Facet.MODEL_TAG), actions.reviewers());
  }

  /** @return every model call stored for the pair, oldest first (its provenance) */
  public List<CallRepository.CallInfo> calls(long pairId) { return calls.forPair(pairId); }

  /**
   * How one other reviewer agrees with a reviewer.
   *
   * @param other  the other reviewer
   * @param result Cohen's kappa and identical edits on the pairs both decided
   */
  public record ReviewerAgreement(String other, Agreement.Result result) {}

  /** @return the agreement of {@code reviewer} with every other reviewer who decided a pair they also decided, by name */
  public List<ReviewerAgreement> agreementWith(String reviewer) {
    List<ReviewerAgreement> out = new ArrayList<>();
    for (String other : actions.reviewers()) {
      if (other.equals(reviewer)) continue;
      Agreement.Result r = actions.agreement(reviewer, other);
      if (r.pairs() > 0) out.add(new ReviewerAgreement(other, r));
    }
    return out;
  }

  /** @return the agreement of all reviewers at once: Krippendorff's alpha and Fleiss' kappa ({@link ReviewService#groupAgreement}) */
  public ReviewService.GroupAgreement groupAgreement() { return actions.groupAgreement(); }

  /** @return the pair's review history, oldest first */
  public List<Review> history(long pairId) { return actions.history(pairId); }

  /** As {@link ReviewService#requireInQueue}: checks every pair of a multi-pair action before any is changed. */
  public void requireInQueue(List<Long> pairIds) { actions.requireInQueue(pairIds); }

  /** As {@link ReviewService#accept(long, String)}: a balanced judgment the lint flags is refused. */
  public Review accept(long pairId, String reviewer) { return actions.accept(pairId, reviewer); }

  /** As {@link ReviewService#accept(long, String, boolean)}: {@code allowGendered} is the recorded override of the neutrality gate. */
  public Review accept(long pairId, String reviewer, boolean allowGendered) { return actions.accept(pairId, reviewer, allowGendered); }

  /** As {@link ReviewService#acceptEdited(long, String, BalancedJudgment)}: a flagged text is refused. */
  public Review acceptEdited(long pairId, String reviewer, BalancedJudgment edited) { return actions.acceptEdited(pairId, reviewer, edited); }

  /** As {@link ReviewService#acceptEdited(long, String, BalancedJudgment, boolean)}. */
  public Review acceptEdited(long pairId, String reviewer, BalancedJudgment edited, boolean allowGendered) {
    return actions.acceptEdited(pairId, reviewer, edited, allowGendered);
  }

  /** As {@link ReviewService#requireNeutral}: the gate of a multi-pair accept, before any pair is changed. */
  public void requireNeutral(List<Long> pairIds) { actions.requireNeutral(pairIds); }

  /** As {@link ReviewService#reject}. */
  public Review reject(long pairId, String reviewer, String reason) { return actions.reject(pairId, reviewer, reason); }

  /** As {@link ReviewService#reject(long, String, String, long)}: refused when the pair's version is no longer {@code onVersion}. */
  public Review reject(long pairId, String reviewer, String reason, long onVersion) { return actions.reject(pairId, reviewer, reason, onVersion); }

  /** As {@link ReviewService#accept(long, String, boolean, long)}: refused when the pair's version is no longer {@code onVersion}. */
  public Review accept(long pairId, String reviewer, boolean allowGendered, long onVersion) {
    return actions.accept(pairId, reviewer, allowGendered, onVersion);
  }

  /** As {@link ReviewService#acceptEdited(long, String, BalancedJudgment, boolean, long)}. */
  public Review acceptEdited(long pairId, String reviewer, BalancedJudgment edited, boolean allowGendered, long onVersion) {
    return actions.acceptEdited(pairId, reviewer, edited, allowGendered, onVersion);
  }

  /** @return the assignments of sets to reviewers and their progress ({@link AssignmentUseCase}) */
  public AssignmentUseCase assignments() { return actions.assignments(); }

  /** @return pair versions, the last review action id and who has which pair open ({@link ReviewPresence}) */
  public ReviewPresence presence() { return actions.presence(); }

  /** As {@link ReviewService#skip}. */
  public Review skip(long pairId, String reviewer) { return actions.skip(pairId, reviewer); }

  /** As {@link ReviewService#flag}. */
  public Review flag(long pairId, String reviewer, String reason) { return actions.flag(pairId, reviewer, reason); }

  /** As {@link ReviewService#blind}. */
  public Review blind(long pairId, String reviewer, boolean accepted, Optional<BalancedJudgment> edited, String reason) {
    return actions.blind(pairId, reviewer, accepted, edited, reason);
  }

  /** As {@link ReviewService#undo}. */
  public Review undo(Review done, String reviewer) { return actions.undo(done, reviewer); }

  /** As {@link ReviewService#redo}. */
  public Review redo(Review done, String reviewer) { return actions.redo(done, reviewer); }

  /** As {@link ReviewService#saveDraft}. */
  public Optional<Draft> saveDraft(long pairId, String reviewer, BalancedJudgment text) { return actions.saveDraft(pairId, reviewer, text); }

  /** As {@link ReviewService#draft}. */
  public Optional<Draft> draft(long pairId, String reviewer) { return actions.draft(pairId, reviewer); }

  /** As {@link ReviewService#discardDraft}. */
  public boolean discardDraft(long pairId, String reviewer) { return actions.discardDraft(pairId, reviewer); }

  /** As {@link ReviewService#draftPairs}. */
  public List<Long> draftPairs(String reviewer) { return actions.draftPairs(reviewer); }
}
