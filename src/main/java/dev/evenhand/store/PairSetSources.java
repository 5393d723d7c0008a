package dev.evenhand.store;

import java.util.List;

/**
 * Where each pair set came from: its kind ({@code genmo}, {@code paper}, {@code jsonl}, {@code csv} for an
 * import; {@code generated} and others for sets Evenhand fills itself) and what the import recorded in
 * {@code pair_set.imported_from} (V5): the file's path, or for a downloaded GenMO the URL and the SHA-256
 * the bytes were checked against.
 */
public final class PairSetSources {
  /**
   * One pair set.
   *
   * @param name         the set's name
   * @param kind         what filled it
   * @param importedFrom the import's record of its origin; empty for a set no import filled
   * @param pairs        its pairs, reviewed or not
   */
  public record SetSource(String name, String kind, String importedFrom, long pairs) {}

  private final Database db;

  /** @param db the open database */
  public PairSetSources(Database db) { this.db = db; }

  /**
   * @return every pair set, by name
   * @throws StoreException on an SQL failure
   */
  public List<SetSource> list() {
    return db.read(c -> Sql.list(c, "SELECT s.name, s.kind, s.imported_from, (SELECT COUNT(*) FROM story_pair p WHERE p.set_id = s.id AND p.stage <> '" + ImportJournal.STAGE + "') "
        + "FROM pair_set s ORDER BY s.name", rs -> new SetSource(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2),
        rs.getString(3) == null ? "" : rs.getString(3), rs.getLong(4))));
  }

  /**
   * @param kind a kind, e.g. {@code genmo}
   * @return true when a set of that kind holds at least one pair
   * @throws StoreException on an SQL failure
   */
  public boolean anyPairsOfKind(String kind) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.kind = ? AND p.stage <> '" + ImportJournal.STAGE + "'", kind)) > 0;
  }
}
