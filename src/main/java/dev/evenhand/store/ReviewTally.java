package dev.evenhand.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the pairs of a query were reviewed, for a dataset card: pairs by review status, and how many of the accepted
 * ones were accepted after the reviewer edited the balanced judgment.
 */
public final class ReviewTally {
  private final Database db;

  /** @param db the open database */
  public ReviewTally(Database db) { this.db = db; }

  /**
   * @param byStatus pairs by review status label ({@code pending}, {@code accepted}, {@code rejected}; absent ones 0)
   * @param edited   accepted pairs whose history holds an accept with edits ({@code accept_edited}, not a blind second review)
   */
  public record Counts(Map<String, Long> byStatus, long edited) {
    public Counts {
      byStatus = Map.copyOf(byStatus);
    }

    /** @return pairs with a status label, 0 when none */
    public long status(String label) { return byStatus.getOrDefault(label, 0L); }
  }

  /**
   * @param q which pairs (its status filter applies too: pass a query without one to count every status)
   * @return the counts
   */
  public Counts counts(PairQuery q) {
    PairSql f = PairSql.of(q, db);
    Map<String, Long> by = new LinkedHashMap<>(Map.of("pending", 0L, "accepted", 0L, "rejected", 0L));
    long[] edited = {0};
    db.read(c -> {
      for (Object[] row : Sql.list(c, "SELECT p.status, COUNT(*), SUM(CASE WHEN p.status = 'accepted' AND EXISTS (SELECT 1 FROM review_action ra "
          + "WHERE ra.pair_id = p.id AND ra.action = 'accept_edited' AND ra.blind = FALSE) THEN 1 ELSE 0 END) FROM story_pair p " + f.where()
          + " GROUP BY p.status", rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3)}, f.argsAnd())) {
        by.put((String) row[0], (Long) row[1]);
        edited[0] += (Long) row[2];
      }
      return null;
    });
    return new Counts(by, edited[0]);
  }
}
