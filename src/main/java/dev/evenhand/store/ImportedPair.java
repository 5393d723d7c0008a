package dev.evenhand.store;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.StoryPair;
import java.util.Objects;

/**
 * A whole pair as an import stores it ({@link PairImports.Batch#addPair}): its stories, every judgment,
 * the balanced judgment and the review history. Values are stored as they are: the importer has checked
 * them against the column sizes ({@link dev.evenhand.domain.FieldLimits}) and the enums.
 *
 * @param pair      the two stories
 * @param rouge1    ROUGE-1 F1 between the stories (0 to 1)
 * @param modelTag  the pair's model tag, may be empty
 * @param stage     {@link PairStage#COMPLETE} when both stories are judged, else {@link PairStage#IMPORTED}
 * @param status    the review status
 * @param flagged   flagged for a second look
 * @param sourceId  the pair id it had where it was exported, or null
 * @param sourceSet the set name it had there, or null
 * @param sourceKind the kind of source the pair first came from ({@code genmo}, {@code paper}, {@code csv}, {@code jsonl}, or a
 *                  set kind an Evenhand backup names, at most 40 characters), or null for the set's kind (V27)
 * @param archive   everything else; {@code archive.createdAt()} null means now
 */
public record ImportedPair(StoryPair pair, double rouge1, String modelTag, PairStage stage, ReviewStatus status, boolean flagged,
                           Long sourceId, String sourceSet, String sourceKind, PairArchive archive) {
  public ImportedPair {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(archive, "archive");
  }

  /** A pair whose source kind is its set's. */
  public ImportedPair(StoryPair pair, double rouge1, String modelTag, PairStage stage, ReviewStatus status, boolean flagged,
                      Long sourceId, String sourceSet, PairArchive archive) {
    this(pair, rouge1, modelTag, stage, status, flagged, sourceId, sourceSet, null, archive);
  }
}
