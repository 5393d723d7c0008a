package dev.evenhand.store;

import dev.evenhand.domain.Gender;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the store keeps about one story pair beyond {@link dev.evenhand.domain.CuratedPair}, as stored:
 * labels are the stored strings, not parsed enums, so a row an older version let in can still be read
 * and backed up (the lossless {@code evenhand} export of FORMATS.md). Its generation provenance is the seed
 * theme and every model call made for the pair (the story pair, judgments, balanced judgment; not audits), each
 * judgment and balanced judgment pointing at the call that produced it; the run and its attempt numbers are not
 * part of it.
 *
 * @param createdAt     when the pair was stored ({@code story_pair.created_at})
 * @param fidelityFlags non-gender differences between the stories, or null when never computed (pairs from before V3)
 * @param divergent     whether the judgments diverge; null when undecided
 * @param exportedAt    when the pair last went out as training data, or null
 * @param judgments     every judgment of both stories, oldest first (the latest of each story is the current one)
 * @param balanced      the balanced judgment's rows, male then female; empty when there is none
 * @param history       every review history row, oldest first
 * @param themeId       the seed theme the stories were written from ({@code story_pair.theme_id}), or null
 * @param calls         every model call made for the pair, oldest first, audits left out
 */
public record PairArchive(Instant createdAt, Integer fidelityFlags, Boolean divergent, Instant exportedAt, List<JudgmentRow> judgments,
                          List<BalancedRow> balanced, List<ReviewRow> history, String themeId, List<CallRow> calls) {
  public PairArchive {
    judgments = List.copyOf(judgments);
    balanced = List.copyOf(balanced);
    history = List.copyOf(history);
    calls = List.copyOf(calls);
  }

  /** An archive without a seed theme or model calls (an import of outside data). */
  public PairArchive(Instant createdAt, Integer fidelityFlags, Boolean divergent, Instant exportedAt, List<JudgmentRow> judgments,
                     List<BalancedRow> balanced, List<ReviewRow> history) {
    this(createdAt, fidelityFlags, divergent, exportedAt, judgments, balanced, history, null, List.of());
  }

  /**
   * One stored model call ({@code model_call}, V1), as stored.
   *
   * @param step                 the step's id, e.g. {@code judgment}
   * @param modelTag             Ollama model tag
   * @param modelDigest          the model's digest
   * @param ollamaVersion        the server's version
   * @param hostUrl              the Ollama host
   * @param templateId           prompt template id
   * @param templateVersion      prompt template version
   * @param options              the options sent, as JSON text
   * @param requestText          the request body
   * @param rawReply             the raw reply, or null
   * @param outcome              the outcome label, e.g. {@code ok}
   * @param faultKind            the fault kind label, or null
   * @param errorMessage         the error, or null
   * @param doneReason           Ollama's done_reason, or null
   * @param totalDurationNs      total_duration in ns, or null
   * @param loadDurationNs       load_duration in ns, or null
   * @param promptEvalCount      prompt tokens, or null
   * @param promptEvalDurationNs prompt_eval_duration in ns, or null
   * @param evalCount            tokens generated, or null
   * @param evalDurationNs       eval_duration in ns, or null
   * @param wallMs               wall time in ms
   * @param startedAt            when the call started
   */
  public record CallRow(String step, String modelTag, String modelDigest, String ollamaVersion, String hostUrl, String templateId,
                        int templateVersion, String options, String requestText, String rawReply, String outcome, String faultKind,
                        String errorMessage, String doneReason, Long totalDurationNs, Long loadDurationNs, Integer promptEvalCount,
                        Long promptEvalDurationNs, Integer evalCount, Long evalDurationNs, long wallMs, Instant startedAt) {}

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
   * @param call            the index in {@link #calls()} of the call that produced it, or null (imported, or its call is not the pair's)
   */
  public record JudgmentRow(Gender gender, String modelTag, String templateId, int templateVersion, String stance, String explanation,
                            Instant at, Integer call) {
    public JudgmentRow {
      Objects.requireNonNull(gender, "gender");
    }

    /** A judgment without a call. */
    public JudgmentRow(Gender gender, String modelTag, String templateId, int templateVersion, String stance, String explanation, Instant at) {
      this(gender, modelTag, templateId, templateVersion, stance, explanation, at, null);
    }
  }

  /**
   * One story's balanced judgment.
   *
   * @param gender    the story
   * @param proposed  what the model proposed (empty when a reviewer wrote it with nothing proposed)
   * @param text      the current text (a reviewer's edit, or the proposal)
   * @param updatedAt when the text last changed
   * @param call      the index in {@link #calls()} of the call that proposed it, or null
   */
  public record BalancedRow(Gender gender, String proposed, String text, Instant updatedAt, Integer call) {
    /** A balanced judgment without a call. */
    public BalancedRow(Gender gender, String proposed, String text, Instant updatedAt) { this(gender, proposed, text, updatedAt, null); }
  }

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
