package dev.evenhand.store;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Draft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Drafts of balanced judgments (table {@code balanced_draft}, migration V8): at most one per pair and
 * reviewer (a blind second review must not show one reviewer's text to another), written over on every save, gone with its pair (foreign key with ON DELETE CASCADE).
 */
public final class DraftRepository {
  private final Database db;

  /** @param db the open database */
  public DraftRepository(Database db) { this.db = db; }

  /** @return the drafts kept in the same database as these review actions */
  public static DraftRepository beside(ReviewRepository reviews) { return new DraftRepository(reviews.database()); }

  /**
   * Saves a pair's draft in one transaction, replacing the one it had.
   *
   * @param pairId   the pair
   * @param text     the edited texts, as typed
   * @param reviewer who edits
   * @param at       when
   * @return the saved draft, or empty when the pair does not exist (any more): nothing is saved then
   */
  public Optional<Draft> save(long pairId, BalancedJudgment text, String reviewer, Instant at) {
    return db.inTransaction(c -> {
      if (Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE id = ?", pairId) == 0) return Optional.<Draft>empty();
      Sql.update(c, Dialect.of(c).merge("balanced_draft", "pair_id, male_text, female_text, reviewer, updated_at", "pair_id, reviewer", "VALUES (?,?,?,?,?)"),
          pairId, text.male(), text.female(), reviewer, at);
      return Optional.of(new Draft(pairId, text, reviewer, at));
    });
  }

  /** @return the reviewer's draft of the pair, empty when they have none */
  public Optional<Draft> find(long pairId, String reviewer) {
    return db.read(c -> Sql.one(c, "SELECT male_text, female_text, reviewer, updated_at FROM balanced_draft WHERE pair_id = ? AND reviewer = ?",
        rs -> new Draft(pairId, new BalancedJudgment(rs.getString(1), rs.getString(2)), rs.getString(3), Sql.instant(rs, "updated_at")),
        pairId, reviewer));
  }

  /** Deletes the reviewer's draft of the pair. @return true when they had one */
  public boolean delete(long pairId, String reviewer) {
    return db.inTransaction(c -> Sql.update(c, "DELETE FROM balanced_draft WHERE pair_id = ? AND reviewer = ?", pairId, reviewer) > 0);
  }

  /** @return the pair's stored balanced judgment (what a draft is compared with), empty when it has none */
  public Optional<BalancedJudgment> stored(long pairId) { return db.read(c -> PairRows.balanced(c, pairId)); }

  /** @return the ids of every pair the reviewer has a draft of, ascending */
  public List<Long> pairIds(String reviewer) {
    return db.read(c -> Sql.list(c, "SELECT pair_id FROM balanced_draft WHERE reviewer = ? ORDER BY pair_id", rs -> rs.getLong(1), reviewer));
  }
}
