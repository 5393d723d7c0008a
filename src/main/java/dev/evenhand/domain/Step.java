package dev.evenhand.domain;

import java.util.Locale;

/** The steps that call the model (METHOD.md); each has its options and prompt template in a profile. */
public enum Step {
  /** Step 1: write a story pair. */
  STORY_PAIR,
  /** Step 2: judge one story (Moral / Immoral / Both). */
  JUDGMENT,
  /** Step 4: rewrite both judgments as balanced, gender-neutral ones. */
  BALANCED,
  /** The GenMO audit question (four choices). */
  AUDIT;

  /** @return the id used in profile files and stored calls, e.g. {@code story_pair} */
  public String id() { return name().toLowerCase(Locale.ROOT); }

  /** @return the step of a stored id such as {@code story_pair}, any case @throws IllegalArgumentException for any other text */
  public static Step parse(String id) { return Labels.parse(values(), id, Step::id, "step"); }
}
