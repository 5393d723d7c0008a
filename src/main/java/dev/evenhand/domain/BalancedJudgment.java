package dev.evenhand.domain;

import java.util.Objects;

/**
 * The gender-neutral explanations for a pair (METHOD.md step 4), one per story; they become
 * {@code chosen} in DPO records and the target in SFT records.
 *
 * @param male   the balanced explanation for the male story
 * @param female the balanced explanation for the female story
 */
public record BalancedJudgment(String male, String female) {
  public BalancedJudgment {
    Objects.requireNonNull(male, "male");
    Objects.requireNonNull(female, "female");
  }

  /** @return the explanation for the story of the given gender */
  public String forGender(Gender g) { return g == Gender.MALE ? male : female; }
}
