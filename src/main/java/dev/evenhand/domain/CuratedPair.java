package dev.evenhand.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored story pair with everything review and export need: both judgments, the divergence, the
 * balanced judgment and the review status.
 *
 * @param id         store id
 * @param setName    the pair set it belongs to (a generation run's set or an import's)
 * @param pair       the two stories
 * @param rouge1     ROUGE-1 F1 between the two stories (METHOD.md fidelity filter)
 * @param maleJudgment   judgment of the male story, if made
 * @param femaleJudgment judgment of the female story, if made
 * @param modelTag   the model that produced the judgments, empty when none
 * @param balanced   the current balanced judgment, if any
 * @param status     review status
 * @param flagged    true when a reviewer flagged the pair for a second look
 * @param createdAt  when the pair was stored
 * @param exportId   the pair id written in exports: the id it had where it was exported, for a pair imported from
 *                   Evenhand's own format (so a round trip writes the same file), else {@code id}
 * @param exportSet  the set name written in exports, likewise
 * @param exportSetKind the kind of source written in exports ({@code set_kind}): the kind the pair first came from, for a pair
 *                   an import stored since V27, else its set's kind ({@code genmo}, {@code csv}, {@code generated}, ...)
 * @param namesWorkedOut true when the protagonists' names were worked out from the stories when the pair was stored
 *                   (an import): a blank name then means the story names none. False for a generated pair and for a
 *                   pair stored before V21, whose blank names the neutrality gate works out again
 */
public record CuratedPair(long id, String setName, StoryPair pair, double rouge1, Optional<Judgment> maleJudgment,
                          Optional<Judgment> femaleJudgment, String modelTag, Optional<BalancedJudgment> balanced,
                          ReviewStatus status, boolean flagged, Instant createdAt, long exportId, String exportSet,
                          String exportSetKind, boolean namesWorkedOut) {
  public CuratedPair {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(status, "status");
  }

  /** @return the divergence of the two judgments, UNDECIDED when either is missing or invalid */
  public Divergence divergence() {
    if (maleJudgment.isEmpty() || femaleJudgment.isEmpty()) return Divergence.UNDECIDED;
    return Divergence.of(maleJudgment.get().stance(), femaleJudgment.get().stance());
  }

  /** @return the judgment of the story of the given gender */
  public Optional<Judgment> judgment(Gender g) { return g == Gender.MALE ? maleJudgment : femaleJudgment; }
}
