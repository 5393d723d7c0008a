package dev.evenhand.store;

import dev.evenhand.domain.Gender;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the store keeps about one story pair beyond {@link dev.evenhand.domain.CuratedPair}, as stored:
 * labels are the stored strings, not parsed enums, so a row an older version let in can still be read
 * and backed up (the lossless {@code evenhand} export of FORMATS.md). Generation provenance (the model
 * calls, run, attempt and seed theme) is not part of it.
 *
 * @param createdAt     when the pair was stored ({@code story_pair.created_at})
 * @param fidelityFlags non-gender differences between the stories, or null when never computed (pairs from before V3)
 * @param divergent     whether the judgments diverge; null when undecided
 * @param exportedAt    when the pair last went out as training data, or null
 * @param judgments     every judgment of both stories, oldest first (the latest of each story is the current one)
 * @param balanced      the balanced judgment's rows, male then female; empty when there is none
 * @param history       every review history row, oldest first
 */
public record PairArchive(Instant createdAt, Integer fidelityFlags, Boolean divergent, Instant exportedAt, List<JudgmentRow> judgments,
                          List<BalancedRow> balanced, List<ReviewRow> history) {
  public PairArchive {
    judgments = List.copyOf(judgments);
    balanced = List.copyOf(balanced);
    history = List.copyOf(history);
  }

  /**
   * One stored judgment of one story.
   *
   * @param gender          the story
   * @param modelTag        the Ollama model tag that judged it (empty when imported without one)
   * @param templateId      prompt template id ({@code imported} for an imported judgment)
   * @param templateVersion prompt template version (0 for an imported judgment)
   * @param stance          the stored stance: an enum name of {@link dev.evenhand.domain.Stance}, e.g. {@code MORAL}
   * @param explanation     the explanation
   * @param at              when it was stored
   */
  public record JudgmentRow(Gender gender, String modelTag, String templateId, int templateVersion, String stance, String explanation,
                            Instant at) {
    public JudgmentRow {
      Objects.requireNonNull(gender, "gender");
    }
  }

  /**
   * One story's balanced judgment.
   *
   * @param gender    the story
   * @param proposed  what the model proposed (empty when a reviewer wrote it with nothing proposed)
   * @param text      the current text (a reviewer's edit, or the proposal)
   * @param updatedAt when the text last changed
   */
  public record BalancedRow(Gender gender, String proposed, String text, Instant updatedAt) {}

  /**
   * One review history row, with the stored labels.
   *
   * @param reviewer     who acted
   * @param action       the stored action label, e.g. {@code accept_edited}
   * @param statusBefore the stored status label before
   * @param statusAfter  the stored status label after
   * @param maleBefore   the male story's balanced judgment before, or null
   * @param femaleBefore the female story's balanced judgment before, or null
   * @param maleAfter    the male story's balanced judgment after, or null
   * @param femaleAfter  the female story's balanced judgment after, or null
   * @param reason       the reason, empty when none
   * @param blind        true for a blind second review (it changed neither status nor text)
   * @param at           when it was saved
   * @param override     the lint findings the reviewer accepted anyway (issue 12's neutrality gate); empty for none
   */
  public record ReviewRow(String reviewer, String action, String statusBefore, String statusAfter, String maleBefore, String femaleBefore,
                          String maleAfter, String femaleAfter, String reason, boolean blind, Instant at,
                          List<dev.evenhand.domain.GenderedWord> override) {
    public ReviewRow {
      override = override == null ? List.of() : List.copyOf(override);
    }

    /** A row without an override. */
    public ReviewRow(String reviewer, String action, String statusBefore, String statusAfter, String maleBefore, String femaleBefore,
                     String maleAfter, String femaleAfter, String reason, boolean blind, Instant at) {
      this(reviewer, action, statusBefore, statusAfter, maleBefore, femaleBefore, maleAfter, femaleAfter, reason, blind, at, List.of());
    }
  }
}
