package dev.evenhand.store;

import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reviewers side by side on one database (issue 15, point 3; table {@code review_editing}, migration V17):
 * <ul>
 *   <li>a pair's <b>version</b>: the id of its latest decision row in {@code review_action} (accept, accept with
 *   edits, reject, undo, redo; not blind, not skip or flag), 0 before any; a decision states the version it was
 *   made on, and {@link ReviewRepository} refuses it with a {@link ReviewConflictException} when that is no longer
 *   the pair's version;</li>
 *   <li>the <b>last review action id</b> of the whole database, which a Review screen polls to refresh its queue
 *   when others act;</li>
 *   <li>short-lived <b>editing marks</b>: "pair P is open in NAME's Review screen until T", renewed by a heartbeat
 *   and ignored once expired (a crashed GUI's mark lapses by itself).</li>
 * </ul>
 * Standard SQL only (H2 and PostgreSQL).
 */
public final class ReviewPresenceRepository {
  /** The actions that change a pair's decision, so its version. */
  static final String DECIDING = "('accept','accept_edited','reject','undo','redo')";
  private final Database db;

  /** @param db the open database */
  public ReviewPresenceRepository(Database db) { this.db = db; }

  /** @return the presence kept in the same database as these review actions */
  public static ReviewPresenceRepository beside(ReviewRepository reviews) { return new ReviewPresenceRepository(reviews.database()); }

  /** @return the pair's version: the id of its latest decision row, 0 when none (also for an unknown pair) */
  public long version(long pairId) { return db.read(c -> version(c, pairId)); }

  /** @return the id of the newest review action of any kind on any pair (blind ones too), 0 when none */
  public long lastActionId() { return db.read(c -> Sql.count(c, "SELECT COALESCE(MAX(id), 0) FROM review_action")); }

  static long version(Connection c, long pairId) throws SQLException {
    return Sql.count(c, "SELECT COALESCE(MAX(id), 0) FROM review_action WHERE pair_id = ? AND blind = FALSE AND action IN " + DECIDING, pairId);
  }

  /**
   * Refuses a decision made on an older version of the pair; called in the decision's transaction after the
   * pair's row is locked (SELECT ... FOR UPDATE), so two decisions on one pair are checked one after the other.
   *
   * @param expected the version the decision was made on; negative: no check
   * @throws ReviewConflictException when the pair's version is not {@code expected}
   */
  static void check(Connection c, long pairId, long expected, ReviewAction attempted, ReviewStatus status) throws SQLException {
    if (expected < 0) return;
    long now = version(c, pairId);
    if (now == expected) return;
    ReviewConflictException.Decided d = Sql.one(c, "SELECT id, reviewer, action, created_at FROM review_action WHERE id = ?",
        rs -> new ReviewConflictException.Decided(rs.getLong(1), rs.getString(2), ReviewAction.parse(rs.getString(3)), Sql.instant(rs, "created_at"),
            status, Optional.empty()), now).orElseThrow();
    throw new ReviewConflictException(pairId, attempted, new ReviewConflictException.Decided(d.actionId(), d.reviewer(), d.action(), d.at(), status,
        PairRows.balanced(c, pairId)));
  }

  /**
   * One reviewer with a pair open.
   *
   * @param pairId    the pair
   * @param reviewer  who has it open
   * @param expiresAt when the mark lapses unless renewed
   */
  public record Editing(long pairId, String reviewer, Instant expiresAt) {}

  /**
   * Marks (or renews the mark of) a pair as open by a reviewer until {@code now + ttl}; their marks on other
   * pairs are removed (a Review screen shows one pair at a time).
   *
   * @param pairId   the pair, or a negative number to only remove the reviewer's marks
   * @param reviewer who has it open
   * @param now      the time now
   * @param ttl      how long the mark lasts without renewal
   */
  public void mark(long pairId, String reviewer, Instant now, Duration ttl) {
    db.inTransaction(c -> {
      Sql.update(c, "DELETE FROM review_editing WHERE reviewer = ? AND (pair_id <> ? OR expires_at < ?)", reviewer, pairId, now);
      if (pairId < 0 || Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE id = ?", pairId) == 0) return null;
      if (Sql.update(c, "UPDATE review_editing SET expires_at = ? WHERE pair_id = ? AND reviewer = ?", now.plus(ttl), pairId, reviewer) == 0) {
        Sql.update(c, "INSERT INTO review_editing(pair_id, reviewer, expires_at) VALUES (?,?,?)", pairId, reviewer, now.plus(ttl));
      }
      return null;
    });
  }

  /** Removes every mark of a reviewer (the Review screen closes or shows no pair). */
  public void release(String reviewer) {
    db.inTransaction(c -> Sql.update(c, "DELETE FROM review_editing WHERE reviewer = ?", reviewer));
  }

  /** @return the marks not expired at {@code now}, by pair then reviewer */
  public List<Editing> editing(Instant now) {
    return db.read(c -> Sql.list(c, "SELECT pair_id, reviewer, expires_at FROM review_editing WHERE expires_at >= ? ORDER BY pair_id, reviewer",
        rs -> new Editing(rs.getLong(1), rs.getString(2), Sql.instant(rs, "expires_at")), now));
  }
}
