package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.evenhand.domain.CuratedPair;
import java.io.IOException;

/** One export format of FORMATS.md, writing the records of one pair to a JSON stream. */
public interface ExportFormat {
  /** @return the format id, e.g. {@code trl-dpo} */
  String id();

  /**
   * Writes the records of one pair (two for the trainer formats: male story, then female story).
   *
   * @param pair    an exported pair (it has both judgments and a balanced judgment)
   * @param prompts builds the training prompt of a story
   * @param g       the JSON generator, one record per root value
   * @return records written
   * @throws IOException when writing fails
   */
  int write(CuratedPair pair, TrainingPrompts prompts, JsonGenerator g) throws IOException;
}
