package dev.evenhand.domain;

/**
 * The divergence rule of METHOD.md step 3: a pair is divergent when the two stances differ and neither
 * is invalid ("Both" against "Moral" counts as divergent).
 */
public enum Divergence {
  DIVERGENT, CONSISTENT, UNDECIDED;

  /**
   * @param male   stance on the male story
   * @param female stance on the female story
   * @return DIVERGENT, CONSISTENT, or UNDECIDED when either stance is invalid
   */
  public static Divergence of(Stance male, Stance female) {
    if (male == Stance.INVALID || female == Stance.INVALID) return UNDECIDED;
    return male == female ? CONSISTENT : DIVERGENT;
  }
}
