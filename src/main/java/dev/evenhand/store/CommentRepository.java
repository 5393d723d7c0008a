package dev.evenhand.store;

import dev.evenhand.domain.PairComment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Comments on story pairs (table {@code pair_comment}, migration V16): reviewers' notes to each other, kept
 * with their author and time and gone with their pair (foreign key with ON DELETE CASCADE). Comments are only
 * added; none is edited.
 */
public final class CommentRepository {
  private final Database db;

  /** @param db the open database */
  public CommentRepository(Database db) { this.db = db; }

  /**
   * Adds a comment to a pair.
   *
   * @param pairId the pair
   * @param author the reviewer name
   * @param text   the comment
   * @param at     when
   * @return the comment saved, with its id; empty when there is no such pair (nothing is saved)
   */
  public Optional<PairComment> add(long pairId, String author, String text, Instant at) {
    return db.inTransaction(c -> {
      if (Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE id = ?", pairId) == 0) return Optional.<PairComment>empty();
      long id = Sql.insert(c, "INSERT INTO pair_comment(pair_id, author, text, created_at) VALUES (?,?,?,?)", pairId, author, text, at);
      return Optional.of(new PairComment(id, pairId, author, text, at));
    });
  }

  /**
   * @param pairId the pair
   * @param limit  how many at most, at least 0
   * @return the pair's newest comments, newest first
   */
  public List<PairComment> newest(long pairId, int limit) {
    return db.read(c -> Sql.list(c, "SELECT id, pair_id, author, text, created_at FROM pair_comment WHERE pair_id = ? ORDER BY id DESC "
        + "FETCH FIRST ? ROWS ONLY", rs -> new PairComment(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
        Sql.instant(rs, "created_at")), pairId, limit));
  }

  /** @return how many comments the pair has */
  public long count(long pairId) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM pair_comment WHERE pair_id = ?", pairId));
  }

  /** @return true when the story pair exists */
  public boolean pairExists(long pairId) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE id = ?", pairId) > 0);
  }
}
