package dev.evenhand.domain;

import java.util.Objects;

/**
 * A model's judgment of one story (METHOD.md step 2).
 *
 * @param stance      the stance read from the reply; {@link Stance#INVALID} when unreadable
 * @param explanation the model's short explanation (may be empty for an invalid reply)
 */
public record Judgment(Stance stance, String explanation) {
  public Judgment {
    Objects.requireNonNull(stance, "stance");
    explanation = explanation == null ? "" : explanation;
  }
}
