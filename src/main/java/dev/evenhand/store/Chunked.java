package dev.evenhand.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Large changes as many small transactions (H2 2.5.252 does not keep a large transaction whole under SIGKILL: V15,
 * LargeTransactionKillBench): the rows to change are found by one query, then changed {@code step} ids per transaction
 * by primary key. Finding the next chunk with {@code ORDER BY id LIMIT n} each time, as the import journal and the
 * delete journal first did, reads every remaining row per chunk: an import of 40,000 pairs spent more time finding its
 * chunks than changing them (JFR profile of ExchangeBench, issue 13). Used by {@link ImportJournal} and
 * {@link DeleteRepository}, whose steps are idempotent, so a kill between two chunks is finished by running again.
 */
final class Chunked {
  private Chunked() {}

  /** What one transaction does to a chunk of ids: {@code in} holds their placeholders, {@code ids} their values. */
  @FunctionalInterface
  interface Step { int apply(Connection c, String in, Object[] ids) throws SQLException; }

  /**
   * Runs {@code step} on the ids {@code select} finds, {@code size} ids per transaction, then asks again and repeats
   * while the query finds other ids than the pass before (rows added while it ran); the step must take the rows it
   * changes out of what {@code select} finds.
   *
   * @param select a query of one column, ids, without ORDER BY; its parameters are {@code args}
   * @param size   ids per transaction, at least 1
   * @return the sum of what the steps returned (rows changed)
   * @throws StoreException on an SQL failure (the chunks before it stay done)
   */
  static long run(Database db, String select, int size, Step step, Object... args) {
    long changed = 0;
    long[] before = new long[0];
    while (true) {
      long[] ids = db.read(c -> ids(c, select, args));
      if (ids.length == 0 || Arrays.equals(ids, before)) return changed;
      for (int from = 0; from < ids.length; from += size) {
        Object[] chunk = new Object[Math.min(size, ids.length - from)];
        for (int i = 0; i < chunk.length; i++) chunk[i] = ids[from + i];
        changed += db.inTransaction(c -> step.apply(c, PairSql.placeholders(chunk.length), chunk));
      }
      before = ids;
    }
  }

  /**
   * @return the ids the query finds, sorted, as plain longs: 8 bytes an id (a million pairs' ids as boxed Longs in a
   *     list took about 24 MB of the import's 256 MB heap in ExchangeBench). Sorted here, not by the query: H2 sorts a
   *     result of more than MAX_MEMORY_ROWS in a temporary file.
   */
  private static long[] ids(Connection c, String select, Object... args) throws SQLException {
    long[] out = new long[1024];
    int n = 0;
    try (PreparedStatement ps = Sql.bind(c.prepareStatement(select), args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
        out[n++] = rs.getLong(1);
      }
    }
    long[] ids = Arrays.copyOf(out, n);
    Arrays.sort(ids);
    return ids;
  }
}
