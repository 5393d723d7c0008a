package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Story;
import java.io.IOException;

/**
 * {@code trl-dpo} (FORMATS.md): one line per story, exactly {@code {"prompt", "chosen", "rejected"}}; chosen
 * is the story's balanced explanation, rejected the model's original explanation (METHOD.md).
 */
public final class TrlDpoFormat implements ExportFormat {
  @Override
  public String id() { return "trl-dpo"; }

  @Override
  public int write(CuratedPair pair, TrainingPrompts prompts, JsonGenerator g) throws IOException {
    int n = 0;
    for (Gender gender : Gender.values()) {
      Story s = pair.pair().story(gender);
      g.writeStartObject();
      g.writeStringField("prompt", prompts.prompt(s));
      g.writeStringField("chosen", pair.balanced().orElseThrow().forGender(gender));
      g.writeStringField("rejected", pair.judgment(gender).orElseThrow().explanation());
      g.writeEndObject();
      n++;
    }
    return n;
  }
}
