package dev.evenhand.exchange;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.store.PairArchive;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One readable record, checked against the store's types and limits.
 *
 * @param line           where the record is: its first line (JSONL, CSV), or its number in the array, from 1
 *                       (GenMO, whose file is often a single line)
 * @param pair           the two stories
 * @param model          the pair's model tag, may be empty
 * @param status         review status
 * @param flagged        flagged for a second look
 * @param sourceId       the pair id it had where it was exported (Evenhand's formats), or null
 * @param sourceSet      the set it had there, or null
 * @param rouge1         ROUGE-1 F1 as recorded, or null to compute it
 * @param fidelityGiven  true when the record states the fidelity flags ({@code fidelityFlags} may then be null)
 * @param fidelityFlags  the recorded fidelity flags
 * @param divergentGiven true when the record states whether the pair is divergent
 * @param divergent      the recorded divergence (null: undecided)
 * @param createdAt      when the pair was stored where it came from, or null for now
 * @param exportedAt     when it last went out as training data, or null
 * @param judgments      the judgments of both stories, oldest first
 * @param balanced       the balanced judgment's rows (none, or male and female)
 * @param history        the review history, oldest first
 * @param themeId        the seed theme it was written from (Evenhand's record), or null
 * @param calls          the model calls made for it (Evenhand's record), oldest first; judgments and balanced rows name them by index
 * @param sourceEnvironment the environment label exactly as the file wrote it (GenMO), or null when not kept
 * @param sourceKind     the kind of source the pair first came from, as the record names it ({@code set_kind} of Evenhand's
 *                       record), or null: the import's source is then the pair's (V27)
 */
record ImportEntry(long line, StoryPair pair, String model, ReviewStatus status, boolean flagged, Long sourceId, String sourceSet, Double rouge1,
                   boolean fidelityGiven, Integer fidelityFlags, boolean divergentGiven, Boolean divergent, Instant createdAt, Instant exportedAt,
                   List<PairArchive.JudgmentRow> judgments, List<PairArchive.BalancedRow> balanced, List<PairArchive.ReviewRow> history,
                   String themeId, List<PairArchive.CallRow> calls, String sourceEnvironment, String sourceKind) {

  /** A record that names no source kind. */
  ImportEntry(long line, StoryPair pair, String model, ReviewStatus status, boolean flagged, Long sourceId, String sourceSet, Double rouge1,
              boolean fidelityGiven, Integer fidelityFlags, boolean divergentGiven, Boolean divergent, Instant createdAt, Instant exportedAt,
              List<PairArchive.JudgmentRow> judgments, List<PairArchive.BalancedRow> balanced, List<PairArchive.ReviewRow> history,
              String themeId, List<PairArchive.CallRow> calls, String sourceEnvironment) {
    this(line, pair, model, status, flagged, sourceId, sourceSet, rouge1, fidelityGiven, fidelityFlags, divergentGiven, divergent, createdAt,
        exportedAt, judgments, balanced, history, themeId, calls, sourceEnvironment, null);
  }

  /** @return this record with {@code kind} as its source kind when it names none */
  ImportEntry orSourceKind(String kind) {
    return sourceKind != null ? this : new ImportEntry(line, pair, model, status, flagged, sourceId, sourceSet, rouge1, fidelityGiven, fidelityFlags,
        divergentGiven, divergent, createdAt, exportedAt, judgments, balanced, history, themeId, calls, sourceEnvironment, kind);
  }

  /** A record whose environment label as written is not kept. */
  ImportEntry(long line, StoryPair pair, String model, ReviewStatus status, boolean flagged, Long sourceId, String sourceSet, Double rouge1,
              boolean fidelityGiven, Integer fidelityFlags, boolean divergentGiven, Boolean divergent, Instant createdAt, Instant exportedAt,
              List<PairArchive.JudgmentRow> judgments, List<PairArchive.BalancedRow> balanced, List<PairArchive.ReviewRow> history,
              String themeId, List<PairArchive.CallRow> calls) {
    this(line, pair, model, status, flagged, sourceId, sourceSet, rouge1, fidelityGiven, fidelityFlags, divergentGiven, divergent, createdAt,
        exportedAt, judgments, balanced, history, themeId, calls, null, null);
  }

  /** A record without a seed theme or model calls (outside data). */
  ImportEntry(long line, StoryPair pair, String model, ReviewStatus status, boolean flagged, Long sourceId, String sourceSet, Double rouge1,
              boolean fidelityGiven, Integer fidelityFlags, boolean divergentGiven, Boolean divergent, Instant createdAt, Instant exportedAt,
              List<PairArchive.JudgmentRow> judgments, List<PairArchive.BalancedRow> balanced, List<PairArchive.ReviewRow> history) {
    this(line, pair, model, status, flagged, sourceId, sourceSet, rouge1, fidelityGiven, fidelityFlags, divergentGiven, divergent, createdAt,
        exportedAt, judgments, balanced, history, null, List.of());
  }

  /** @return the latest judgment of a story, if any */
  Optional<PairArchive.JudgmentRow> latest(Gender g) {
    PairArchive.JudgmentRow last = null;
    for (PairArchive.JudgmentRow j : judgments) if (j.gender() == g) last = j;
    return Optional.ofNullable(last);
  }

  /** @return true when both stories are judged */
  boolean judged() { return latest(Gender.MALE).isPresent() && latest(Gender.FEMALE).isPresent(); }

  /** Receives each readable record. */
  interface Sink {
    /** @throws dev.evenhand.store.StoreException when storing it fails */
    void entry(ImportEntry e);
  }

  /**
   * The sink of the check before an import: it takes nothing, so values derived only for storing (GenMO's
   * protagonists' names, the costliest step of reading GenMO) are not computed; a derived value the store
   * would refuse still stops the import, inside its transaction.
   */
  static final Sink CHECK_ONLY = e -> { };

  /** @return a pair read without judgments, review or provenance (GenMO), pending */
  static ImportEntry plain(long line, StoryPair pair) {
    return new ImportEntry(line, pair, "", ReviewStatus.PENDING, false, null, null, null, false, null, false, null, null, null, List.of(),
        List.of(), List.of());
  }

  /** @return as {@link #plain(long, StoryPair)}, keeping the environment label as the file wrote it (may be null) */
  static ImportEntry plain(long line, StoryPair pair, String sourceEnvironment) {
    return new ImportEntry(line, pair, "", ReviewStatus.PENDING, false, null, null, null, false, null, false, null, null, null, List.of(),
        List.of(), List.of(), null, List.of(), sourceEnvironment);
  }
}
