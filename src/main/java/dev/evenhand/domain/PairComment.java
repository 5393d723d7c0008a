package dev.evenhand.domain;

import java.time.Instant;

/**
 * A comment a reviewer left on a story pair for the other reviewers (issue 15, point 5).
 *
 * @param id     store id (ascending in the order comments were saved)
 * @param pairId the story pair
 * @param author the reviewer name, as the settings give it
 * @param text   the comment, at most {@link #MAX_TEXT} characters
 * @param at     when it was saved
 */
public record PairComment(long id, long pairId, String author, String text, Instant at) {
  /** Longest comment stored, in characters ({@code pair_comment.text}, V16). */
  public static final int MAX_TEXT = 4000;

  /** @throws NullPointerException for a null author, text or time */
  public PairComment {
    if (author == null || text == null || at == null) throw new NullPointerException("a comment needs its author, text and time");
  }
}
