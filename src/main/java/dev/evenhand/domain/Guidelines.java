package dev.evenhand.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of the annotation guidelines of a pair set (issue 15, point 5): Markdown that the Review screen
 * renders beside every pair of the set. Editing the guidelines makes a new version; old versions are kept, and
 * each review history row records the version in force when it was saved.
 *
 * @param set     the pair set's name
 * @param version 1 for the first text of the set, then 2, 3, ... (one more with each edit)
 * @param text    the guidelines as Markdown (CommonMark), at most {@link #MAX_TEXT} characters
 * @param author  the reviewer who wrote this version
 * @param at      when this version was saved
 */
public record Guidelines(String set, int version, String text, String author, Instant at) {
  /** Longest guidelines text stored, in characters ({@code guidelines.text}, V16). */
  public static final int MAX_TEXT = 1_000_000;

  /** @throws NullPointerException for a null field @throws IllegalArgumentException for a version below 1 */
  public Guidelines {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(at, "at");
    if (version < 1) throw new IllegalArgumentException("a guidelines version starts at 1, not " + version);
  }
}
