package dev.evenhand.exchange;

import dev.evenhand.domain.CuratedPair;
import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalInt;

/**
 * One export format of FORMATS.md. A format opens a {@link PairWriter} on the data file's stream and
 * writes the records of one pair at a time, so memory does not grow with the number of pairs.
 */
public interface ExportFormat {
  /** @return the format id, e.g. {@code trl-dpo} */
  String id();

  /** @return the data file's extension without the dot, e.g. {@code jsonl} */
  default String extension() { return "jsonl"; }

  /** @return a one-line example of a record, shown where a format is picked */
  String example();

  /** @return true when the format carries preference pairs (chosen / rejected); the CDA recipe then does not apply */
  default boolean preference() { return true; }

  /**
   * What a format's file is for. It decides which pairs an export reads, whether the export marks them exported, and
   * whether the neutrality gate applies (issue 13): a trainer's file is training data, read from the review queue,
   * marked and gated; the paper's file feeds the authors' scripts and a spreadsheet is read by people (both gated, not
   * marked); a backup keeps every pair as stored, those imported without judgments included, and is neither marked
   * nor gated (its history keeps each override with its findings).
   */
  enum Purpose {
    /** Training data for a trainer (TRL, LLaMA-Factory, Axolotl, OpenAI). */
    TRAINER,
    /** The layout of the paper's own scripts (WeiKangda/LLMs-Exploratory-Bias-Mitigation). */
    PAPER_SCRIPTS,
    /** A table for people to read. */
    SPREADSHEET,
    /** Evenhand's lossless backup, read back by {@code evenhand import jsonl}. */
    BACKUP
  }

  /** @return what the format's file is for ({@link Purpose}); a trainer's training data unless a format says otherwise */
  default Purpose purpose() { return Purpose.TRAINER; }

  /**
   * The smallest file the format's consumer accepts, for a warning below it.
   *
   * @return the minimum number of records (training examples) in one file, when the consumer states one: OpenAI's
   *     fine-tuning takes at least 10 ({@code openai-dpo}); empty otherwise
   */
  default OptionalInt minimumExamples() { return OptionalInt.empty(); }

  /**
   * Opens a writer.
   *
   * @param out     the data file's stream (not closed by the writer)
   * @param context the recipe and the training prompt
   * @throws IOException when writing fails
   */
  PairWriter open(OutputStream out, ExportContext context) throws IOException;

  /**
   * The data recipes this format applies ({@code --recipe}): a preference format takes only the paper's (chosen /
   * rejected), an SFT or pair format also the CDA baseline; a format that writes every stored text as it is (a backup,
   * a spreadsheet) applies none, and its manifest records no recipe. {@link ExportContext.Recipe#PAPER} is the
   * default and is accepted by every format; any other recipe is refused where it is not listed here.
   *
   * @return the recipes applied, empty for none
   */
  default java.util.Set<ExportContext.Recipe> recipes() {
    return preference() ? java.util.EnumSet.of(ExportContext.Recipe.PAPER) : java.util.EnumSet.allOf(ExportContext.Recipe.class);
  }

  /** Writes the records of pairs, in order. */
  interface PairWriter {
    /**
     * @param pair an exported pair (both judgments and a balanced judgment are present)
     * @return records written for it
     * @throws IOException when writing fails
     */
    int write(CuratedPair pair) throws IOException;

    /** Ends the file (closing brackets, final newline) and flushes. @throws IOException when writing fails */
    void finish() throws IOException;
  }
}
