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
   * @return true when a pair came from a source of that kind: a set of that kind holds one, or an import recorded it as
   *     its first source (V27: GenMO's pairs restored from a backup into a set of kind jsonl)
   * @throws StoreException on an SQL failure
   */
  public boolean anyPairsOfKind(String kind) {
    return db.read(c -> Sql.one(c, "SELECT 1 FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE (s.kind = ? OR p.source_kind = ?) AND p.stage <> '"
        + ImportJournal.STAGE + "' LIMIT 1", rs -> 1, kind, kind)).isPresent();
  }

  /**
   * The other sources a set's pairs first came from (V27): a set {@code import jsonl} made from a backup of GenMO's set has
   * kind jsonl and holds pairs whose source was GenMO, whose licences then still apply.
   *
   * @param setName the set's name
   * @return the source kinds of its pairs other than the set's own kind, sorted; empty for none (or no such set)
   * @throws StoreException on an SQL failure
   */
  public List<String> otherSourceKinds(String setName) {
    return db.read(c -> Sql.list(c, "SELECT DISTINCT p.source_kind FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.name = ? "
        + "AND p.source_kind IS NOT NULL AND p.source_kind <> s.kind AND p.stage <> '" + ImportJournal.STAGE + "' ORDER BY 1", rs -> rs.getString(1), setName));
  }
}
