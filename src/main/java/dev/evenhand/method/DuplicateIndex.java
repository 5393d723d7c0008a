package dev.evenhand.method;

import java.util.ArrayList;
import java.util.List;

/**
 * The near-duplicate check of a run: a new story whose ROUGE-1 F1 against any stored story of the run is
 * at or above the threshold (default 0.9) is skipped. Token bags are computed once per stored story.
 */
public final class DuplicateIndex {
  private final double threshold;
  private final List<Rouge1.Bag> bags = new ArrayList<>();

  /** @param threshold ROUGE-1 F1 at or above which two stories count as near-duplicates */
  public DuplicateIndex(double threshold) { this.threshold = threshold; }

  /** Adds a stored story. */
  public synchronized void add(String story) { bags.add(Rouge1.bag(story)); }

  /**
   * Checks a new pair and, when it is not a near-duplicate, adds its stories, as one step: two workers
   * checking two copies of the same story at once cannot both find the other missing (the check and the
   * add of separate calls let both copies through).
   *
   * @param story  the story that is compared (the male version, as {@link #isDuplicate})
   * @param others further stories of the same pair, added with it (the female version)
   * @return true when {@code story} is a near-duplicate of a story added before (nothing is added then)
   */
  public synchronized boolean addUnlessDuplicate(String story, String... others) {
    if (isDuplicate(story)) return true;
    add(story);
    for (String o : others) add(o);
    return false;
  }

  /** @return true when {@code story} is a near-duplicate of a story added before */
  public synchronized boolean isDuplicate(String story) {
    Rouge1.Bag b = Rouge1.bag(story);
    for (Rouge1.Bag other : bags) if (Rouge1.f1(b, other) >= threshold) return true;
    return false;
  }
}
