package dev.evenhand.store;

import dev.evenhand.domain.ReviewStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A filter and an order over stored pairs that are in the review queue (stage complete). Every field is
 * optional; an empty one does not filter.
 *
 * @param status          only this review status
 * @param divergent       true: only divergent pairs; false: only consistent pairs
 * @param setName         only this pair set
 * @param environment     only this environment
 * @param modelTag        only pairs judged by this model
 * @param fidelityFlagged only pairs with at least one non-gender difference between the stories
 * @param reviewer        only pairs this reviewer acted on
 * @param since           only pairs stored at or after this time
 * @param search          words that must all occur in the stories, judgments or balanced judgments (any case)
 * @param sort            the order
 * @param blindFor        a reviewer doing a blind second review: only pairs someone else decided and this reviewer has not
 * @param ids             only these pairs, at any stage (the pairs behind an audit chart's bar or cell)
 * @param assignedTo      a reviewer's own queue (issue 15, point 4): only pairs assigned to them that they have not decided
 * @param uncurated       also the pairs imported without judgments (stage imported, e.g. GenMO's), which are not in the
 *                        queue: the lossless {@code evenhand} export, a backup, keeps them
 */
public record PairQuery(Optional<ReviewStatus> status, Optional<Boolean> divergent, Optional<String> setName,
                        Optional<String> environment, Optional<String> modelTag, boolean fidelityFlagged,
                        Optional<String> reviewer, Optional<Instant> since, Optional<String> search, Sort sort,
                        Optional<String> blindFor, Optional<java.util.List<Long>> ids,
                        Optional<String> assignedTo, boolean uncurated) {
  /** Queue orders. */
  public enum Sort {
    /** Divergent pairs first, then consistent, then undecided, each by id (the default; an indexed key). */
    DIVERGENT_FIRST,
    /** Oldest first. */
    OLDEST,
    /** Newest first. */
    NEWEST,
    /** Most fidelity flags first. */
    MOST_FLAGS
  }

  /** The values of queue pairs that filter pickers list ({@link PairRepository#distinct(Facet)}). */
  public enum Facet {
    /** The environment label, e.g. {@code Work}. */
    ENVIRONMENT,
    /** The Ollama model tag that judged the pair. */
    MODEL_TAG
  }

  /** Every pair in the queue, divergent first. */
  public static final PairQuery ALL = new PairQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), Sort.DIVERGENT_FIRST, Optional.empty(), Optional.empty(),
      Optional.empty(), false);

  /** @return a copy limited to one status (null: any) */
  public PairQuery withStatus(ReviewStatus s) {
    return new PairQuery(Optional.ofNullable(s), divergent, setName, environment, modelTag, fidelityFlagged, reviewer, since, search, sort, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy limited (or not) to divergent pairs */
  public PairQuery withDivergentOnly(boolean d) { return withDivergent(d ? Boolean.TRUE : null); }

  /** @return a copy limited to divergent (true) or consistent (false) pairs, or neither (null) */
  public PairQuery withDivergent(Boolean d) {
    return new PairQuery(status, Optional.ofNullable(d), setName, environment, modelTag, fidelityFlagged, reviewer, since, search, sort, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy limited to one pair set (null: any) */
  public PairQuery withSet(String name) {
    return new PairQuery(status, divergent, Optional.ofNullable(name), environment, modelTag, fidelityFlagged, reviewer, since, search, sort, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy limited to one environment (null: any) */
  public PairQuery withEnvironment(String e) {
    return new PairQuery(status, divergent, setName, Optional.ofNullable(e), modelTag, fidelityFlagged, reviewer, since, search, sort, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy limited to one model tag (null: any) */
  public PairQuery withModel(String m) {
    return new PairQuery(status, divergent, setName, environment, Optional.ofNullable(m), fidelityFlagged, reviewer, since, search, sort, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy limited (or not) to pairs with fidelity flags */
  public PairQuery withFidelityFlagged(boolean f) {
    return new PairQuery(status, divergent, setName, environment, modelTag, f, reviewer, since, search, sort, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy limited to pairs one reviewer acted on (null: any) */
  public PairQuery withReviewer(String r) {
    return new PairQuery(status, divergent, setName, environment, modelTag, fidelityFlagged, Optional.ofNullable(r), since, search, sort, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy limited to pairs stored at or after a time (null: any) */
  public PairQuery withSince(Instant t) {
    return new PairQuery(status, divergent, setName, environment, modelTag, fidelityFlagged, reviewer, Optional.ofNullable(t), search, sort, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy limited to pairs whose texts hold every word of {@code text} (blank: no search) */
  public PairQuery withSearch(String text) {
    Optional<String> s = text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    return new PairQuery(status, divergent, setName, environment, modelTag, fidelityFlagged, reviewer, since, s, sort, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy for a blind second review by {@code reviewer} (null: not blind) */
  public PairQuery withBlindFor(String reviewer) {
    return new PairQuery(status, divergent, setName, environment, modelTag, fidelityFlagged, this.reviewer, since, search, sort,
        Optional.ofNullable(reviewer), ids, assignedTo, uncurated);
  }

  /** @return a copy limited to these pair ids, at any stage (null: no such limit) */
  public PairQuery withIds(java.util.List<Long> pairIds) {
    return new PairQuery(status, divergent, setName, environment, modelTag, fidelityFlagged, reviewer, since, search, sort, blindFor,
        Optional.ofNullable(pairIds == null ? null : java.util.List.copyOf(pairIds)), assignedTo, uncurated);
  }

  /** @return a copy with another order */
  public PairQuery withSort(Sort s) {
    return new PairQuery(status, divergent, setName, environment, modelTag, fidelityFlagged, reviewer, since, search, s, blindFor, ids, assignedTo, uncurated);
  }

  /** @return a copy limited to one reviewer's own queue: pairs assigned to them they have not decided (null: no such limit) */
  public PairQuery withAssignedTo(String reviewer) {
    return new PairQuery(status, divergent, setName, environment, modelTag, fidelityFlagged, this.reviewer, since, search, sort, blindFor, ids,
        Optional.ofNullable(reviewer), uncurated);
  }

  /** @return a copy that also takes (or not) the pairs imported without judgments, outside the queue */
  public PairQuery withUncurated(boolean u) {
    return new PairQuery(status, divergent, setName, environment, modelTag, fidelityFlagged, reviewer, since, search, sort, blindFor, ids, assignedTo, u);
  }
}
