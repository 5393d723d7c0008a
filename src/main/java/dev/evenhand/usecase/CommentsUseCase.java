package dev.evenhand.usecase;

import dev.evenhand.domain.PairComment;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.CommentRepository;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Comments on a story pair (issue 15, point 5): reviewers leave them for each other, on the Review screen or with
 * the {@code comment} command; everyone sharing the database sees them with author and time. Every method blocks on
 * the database.
 */
public final class CommentsUseCase {
  private final CommentRepository comments;
  private final Clock clock;

  /**
   * @param comments where comments are kept
   * @param clock    the time recorded with a comment
   */
  public CommentsUseCase(CommentRepository comments, Clock clock) {
    this.comments = Objects.requireNonNull(comments, "comments");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Adds a comment.
   *
   * @param pairId the pair
   * @param author the reviewer name from the settings
   * @param text   the comment; line ends are made LF and surrounding white space removed
   * @return the comment saved
   * @throws InvalidInputException for an unknown pair, a blank or too long author, an empty text or one over
   *     {@link PairComment#MAX_TEXT} characters or holding a NUL or lone surrogate (nothing is saved)
   */
  public PairComment add(long pairId, String author, String text) {
    NoteChecks.author(author);
    String t = NoteChecks.text("the comment", text, PairComment.MAX_TEXT);
    return comments.add(pairId, author, t, now()).orElseThrow(() -> noPair(pairId));
  }

  /**
   * @param limit how many at most; negative is refused
   * @return the pair's newest comments, newest first
   * @throws InvalidInputException for an unknown pair or a negative limit
   */
  public List<PairComment> newest(long pairId, int limit) {
    if (limit < 0) throw new InvalidInputException("--limit must not be negative");
    if (!comments.pairExists(pairId)) throw noPair(pairId);
    return comments.newest(pairId, limit);
  }

  /** @return how many comments the pair has (0 for an unknown pair) */
  public long count(long pairId) { return comments.count(pairId); }

  /** @return the clock's time to the microsecond, as the database keeps it (so what is returned equals what is read back) */
  private java.time.Instant now() { return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); }

  private static InvalidInputException noPair(long pairId) { return new InvalidInputException("no pair " + pairId); }
}
