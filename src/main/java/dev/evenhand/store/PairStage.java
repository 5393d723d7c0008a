package dev.evenhand.store;

import java.util.Locale;

/**
 * How far a generated story pair got through the steps (DESIGN.md: every arrow writes to the store
 * before the next step starts, so a run resumes from the stage each pair reached).
 *
 * <p>(While an import is being written its pairs carry the stage {@code importing}, which no query of a screen, export or
 * audit selects; they get one of these when the import publishes them: {@link ImportJournal}, V15.)
 */
public enum PairStage {
  /** Stories stored; judgments still to do. */
  JUDGING,
  /** Both judgments stored and the pair is divergent (or kept); the balanced judgment is still to do. */
  BALANCING,
  /** Everything stored; the pair is in the review queue. */
  COMPLETE,
  /** Not kept (consistent, invalid judgment, a failed step); the stories stay for de-duplication. */
  DROPPED,
  /** Imported stories without judgments (GenMO): material for audits and for curation with {@code generate --from-set}. */
  IMPORTED;

  /** @return the stored label */
  public String label() { return name().toLowerCase(Locale.ROOT); }

  /** @return the stage for a stored label */
  public static PairStage of(String label) { return valueOf(label.toUpperCase(Locale.ROOT)); }
}
