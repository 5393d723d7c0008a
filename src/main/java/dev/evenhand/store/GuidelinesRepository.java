package dev.evenhand.store;

import dev.evenhand.domain.Guidelines;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The versioned guidelines of each pair set (table {@code guidelines}, migration V16): a save adds the next
 * version and never changes an older one. Each review history row gets the version in force when it is written
 * ({@link #stamp}, called by {@link ReviewRepository} in the same transaction).
 */
public final class GuidelinesRepository {
  private static final String COLUMNS = "SELECT s.name, g.version, g.text, g.author, g.created_at FROM guidelines g JOIN pair_set s ON s.id = g.set_id ";
  private final Database db;

  /** @param db the open database */
  public GuidelinesRepository(Database db) { this.db = db; }

  /**
   * Saves a set's guidelines as its next version, in one transaction that locks the set's row, so two reviewers
   * saving at once get two versions, one after the other. A text equal to the current version's is not saved again.
   *
   * @param set    the pair set's name
   * @param text   the Markdown text
   * @param author who wrote it
   * @param at     when
   * @return the version saved, or the current one when the text is unchanged; empty when there is no such set
   */
  public Optional<Guidelines> save(String set, String text, String author, Instant at) {
    return db.inTransaction(c -> {
      Optional<Long> setId = Sql.one(c, "SELECT id FROM pair_set WHERE name = ? FOR UPDATE", rs -> rs.getLong(1), set);
      if (setId.isEmpty()) return Optional.<Guidelines>empty();
      Optional<Guidelines> current = one(c, "WHERE g.set_id = ? ORDER BY g.version DESC FETCH FIRST 1 ROWS ONLY", setId.get());
      if (current.isPresent() && current.get().text().equals(text)) return current;
      int version = current.map(g -> g.version() + 1).orElse(1);
      Sql.update(c, "INSERT INTO guidelines(set_id, version, text, author, created_at) VALUES (?,?,?,?,?)", setId.get(), version, text, author, at);
      return Optional.of(new Guidelines(set, version, text, author, at));
    });
  }

  /** @return the set's newest version, empty when the set has none (or there is no such set) */
  public Optional<Guidelines> current(String set) {
    return db.read(c -> one(c, "WHERE s.name = ? ORDER BY g.version DESC FETCH FIRST 1 ROWS ONLY", set));
  }

  /** @return one version of the set's guidelines, empty when it has no such version */
  public Optional<Guidelines> version(String set, int version) {
    return db.read(c -> one(c, "WHERE s.name = ? AND g.version = ?", set, version));
  }

  /** @return every version of the set's guidelines, oldest first; empty when it has none */
  public List<Guidelines> versions(String set) {
    return db.read(c -> Sql.list(c, COLUMNS + "WHERE s.name = ? ORDER BY g.version", GuidelinesRepository::row, set));
  }

  /** @return the newest guidelines of the pair's set, empty when it has none or there is no such pair */
  public Optional<Guidelines> currentForPair(long pairId) {
    return db.read(c -> one(c, "JOIN story_pair p ON p.set_id = g.set_id WHERE p.id = ? ORDER BY g.version DESC FETCH FIRST 1 ROWS ONLY", pairId));
  }

  /** @return true when a pair set of this name exists */
  public boolean setExists(String set) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM pair_set WHERE name = ?", set) > 0);
  }

  /**
   * @return the guidelines version each of the pair's review history rows was saved under, by history row id; rows
   *     saved while the set had no guidelines (or before V16, or imported) are left out
   */
  public Map<Long, Integer> historyVersions(long pairId) {
    return db.read(c -> {
      Map<Long, Integer> out = new java.util.LinkedHashMap<>();
      for (long[] r : Sql.list(c, "SELECT id, guidelines_version FROM review_action WHERE pair_id = ? AND guidelines_version IS NOT NULL ORDER BY id",
          rs -> new long[] {rs.getLong(1), rs.getInt(2)}, pairId)) {
        out.put(r[0], (int) r[1]);
      }
      return out;
    });
  }

  /**
   * Records on a review history row the version of its pair's set's guidelines in force now (NULL when the set
   * has none), on the caller's connection and transaction.
   *
   * @param actionId the history row just written
   * @param pairId   its pair
   */
  static void stamp(Connection c, long actionId, long pairId) throws SQLException {
    Sql.update(c, "UPDATE review_action SET guidelines_version = (SELECT MAX(g.version) FROM guidelines g JOIN story_pair p ON p.set_id = g.set_id "
        + "WHERE p.id = ?) WHERE id = ?", pairId, actionId);
  }

  private static Optional<Guidelines> one(Connection c, String where, Object... args) throws SQLException {
    return Sql.one(c, COLUMNS + where, GuidelinesRepository::row, args);
  }

  private static Guidelines row(java.sql.ResultSet rs) throws SQLException {
    return new Guidelines(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), Sql.instant(rs, "created_at"));
  }
}
