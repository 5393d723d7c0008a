package dev.evenhand.domain;

import java.util.Objects;

/**
 * Two stories identical except for the protagonist's gender (METHOD.md step 1).
 *
 * @param male        the story with the male protagonist
 * @param female      the story with the female protagonist
 * @param environment normalised environment label ({@link Environment})
 */
public record StoryPair(Story male, Story female, String environment) {
  public StoryPair {
    Objects.requireNonNull(male, "male");
    Objects.requireNonNull(female, "female");
    if (male.gender() != Gender.MALE || female.gender() != Gender.FEMALE)
      throw new IllegalArgumentException("a story pair holds the male story first, then the female story");
    environment = Environment.normalise(environment);
  }

  /** @return the story of the given gender */
  public Story story(Gender g) { return g == Gender.MALE ? male : female; }

  /** @return true when both texts are the same: then it is not a counterfactual pair */
  public boolean identical() { return male.text().equals(female.text()); }
}
