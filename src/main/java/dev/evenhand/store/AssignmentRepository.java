package dev.evenhand.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assignment of a set's pairs to named reviewers (issue 15, point 4; table {@code review_assignment}, migration
 * V17): which reviewer has which pair in their queue, and each reviewer's progress. A reviewer has "decided" a pair
 * when their latest accept, accept with edits or reject on it (blind or not) was not undone after. Standard SQL only.
 */
public final class AssignmentRepository {
  private final Database db;

  /** @param db the open database */
  public AssignmentRepository(Database db) { this.db = db; }

  /**
   * The SQL condition "the reviewer bound to the next parameter has decided the pair {@code pairColumn}".
   *
   * @param pairColumn the column holding the pair id in the enclosing query, e.g. {@code p.id}
   */
  static String decidedBy(String pairColumn) {
    return "EXISTS (SELECT 1 FROM review_action dx WHERE dx.pair_id = " + pairColumn + " AND dx.reviewer = ? "
        + "AND dx.action IN ('accept','accept_edited','reject') AND NOT EXISTS (SELECT 1 FROM review_action du "
        + "WHERE du.pair_id = dx.pair_id AND du.reviewer = dx.reviewer AND du.action = 'undo' AND du.id > dx.id))";
  }

  /** @return the assignments kept in the same database as these review actions */
  public static AssignmentRepository beside(ReviewRepository reviews) { return new AssignmentRepository(reviews.database()); }

  /** @return the names of the sets that have an assignment, sorted */
  public List<String> assignedSets() {
    return db.read(c -> Sql.list(c, "SELECT s.name FROM pair_set s WHERE EXISTS (SELECT 1 FROM review_assignment a WHERE a.set_id = s.id) ORDER BY s.name",
        rs -> rs.getString(1)));
  }

  /** @return the id of the pair set of that name, empty when there is none */
  public Optional<Long> setId(String setName) {
    return db.read(c -> Sql.one(c, "SELECT id FROM pair_set WHERE name = ?", rs -> rs.getLong(1), setName));
  }

  /** @return the ids of the set's pairs in the review queue (stage complete), ascending */
  public List<Long> queuePairs(long setId) {
    return db.read(c -> Sql.list(c, "SELECT id FROM story_pair WHERE set_id = ? AND stage = 'complete' ORDER BY id", rs -> rs.getLong(1), setId));
  }

  /**
   * Replaces the set's assignment in one transaction (rows written in batches of 1,000).
   *
   * @param setId   the set
   * @param byPair  each pair's reviewers
   * @param at      when it was assigned
   * @return the number of rows written (pairs times overlap)
   */
  public int replace(long setId, Map<Long, List<String>> byPair, Instant at) {
    return db.inTransaction(c -> {
      Sql.update(c, "DELETE FROM review_assignment WHERE set_id = ?", setId);
      int rows = 0;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO review_assignment(set_id, pair_id, reviewer, assigned_at) VALUES (?,?,?,?)")) {
        for (var e : byPair.entrySet()) {
          for (String r : e.getValue()) {
            Sql.bind(ps, setId, e.getKey(), r, at).addBatch();
            if (++rows % 1000 == 0) ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      return rows;
    });
  }

  /**
   * One reviewer's progress on a set's assignment.
   *
   * @param reviewer who
   * @param assigned pairs assigned to them
   * @param decided  of those, pairs they decided (not undone)
   */
  public record Progress(String reviewer, long assigned, long decided) {
    /** @return pairs assigned and not decided yet */
    public long left() { return assigned - decided; }
  }

  /** @return each assigned reviewer's progress on the set, by name; empty when the set was never assigned */
  public List<Progress> progress(long setId) {
    return db.read(c -> Sql.list(c, "SELECT a.reviewer, COUNT(*), SUM(CASE WHEN " + decidedBy("a.pair_id").replace("dx.reviewer = ?", "dx.reviewer = a.reviewer")
        + " THEN 1 ELSE 0 END) FROM review_assignment a WHERE a.set_id = ? GROUP BY a.reviewer ORDER BY a.reviewer",
        rs -> new Progress(rs.getString(1), rs.getLong(2), rs.getLong(3)), setId));
  }

  /** @return one reviewer's progress over every set assigned to them (reviewer, assigned, decided) */
  public Progress progressOf(String reviewer) {
    return db.read(c -> Sql.one(c, "SELECT COUNT(*), SUM(CASE WHEN " + decidedBy("a.pair_id") + " THEN 1 ELSE 0 END) "
        + "FROM review_assignment a WHERE a.reviewer = ?", rs -> new Progress(reviewer, rs.getLong(1), rs.getLong(2)), reviewer, reviewer)
        .orElse(new Progress(reviewer, 0, 0)));
  }

  /** @return the reviewers of each pair of the set, by pair id then name */
  public Map<Long, List<String>> reviewersByPair(long setId) {
    Map<Long, List<String>> out = new java.util.TreeMap<>();
    db.read(c -> Sql.list(c, "SELECT pair_id, reviewer FROM review_assignment WHERE set_id = ? ORDER BY pair_id, reviewer",
        rs -> Map.entry(rs.getLong(1), rs.getString(2)), setId)).forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
    return out;
  }
}
