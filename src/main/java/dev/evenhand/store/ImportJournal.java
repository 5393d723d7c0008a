package dev.evenhand.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an import all or nothing without one large transaction (V15). H2 2.5.252 does not keep a large transaction
 * atomic under SIGKILL (V15's header gives the measurements), so an import writes its pairs in small transactions with
 * the stage {@value #STAGE} (hidden from every screen, export and audit), then commits by turning its journal row to
 * {@code publishing} in one tiny transaction, then gives the pairs their real stage in small transactions.
 *
 * <p>States of a {@code pair_import} row: {@code writing} → {@code publishing} → {@code done}; or {@code writing} →
 * {@code rolled_back} when the import failed, was cancelled, or its process died before the commit point. An import
 * whose owner process is gone is finished by the next process that opens the database ({@link #recover}): rolled back
 * when it was writing, rolled forward when it was publishing. Every step is idempotent, so a kill during recovery is
 * recovered the same way.
 */
final class ImportJournal {
  private static final Logger LOG = LoggerFactory.getLogger(ImportJournal.class);
  /** The stage of a pair whose import has not reached its commit point. */
  static final String STAGE = "importing";
  /** Pairs per transaction when publishing or rolling back. */
  static final int STEP = 250;
  /** The pairs an import has written and not yet published. */
  private static final String HIDDEN = "SELECT id FROM story_pair WHERE import_id = ? AND stage = '" + STAGE + "'";

  private final Database db;

  ImportJournal(Database db) { this.db = db; }

  /**
   * Starts an import: a {@code writing} row owned by this process.
   *
   * @return the import's id, written into each of its pairs' {@code import_id}
   * @throws StoreException on an SQL failure
   */
  long begin() {
    return db.inTransaction(c -> Sql.insert(c, "INSERT INTO pair_import(owner, owner_started, state, started_at) VALUES (?,?,'writing',?)",
        Owner.me(), Owner.myStart(), Instant.now()));
  }

  /** Records the set the import writes into, inside the import's current transaction. */
  static void set(Connection c, long importId, long setId, boolean created) throws SQLException {
    Sql.update(c, "UPDATE pair_import SET set_id = ?, created_set = (created_set OR ?) WHERE id = ?", setId, created, importId);
  }

  /**
   * The commit point, then the pairs' real stages. After the first transaction the import is kept whatever happens: a
   * kill in the rest is finished by {@link #recover}.
   *
   * @throws StoreException on an SQL failure (after the commit point, the import is finished by the next process)
   */
  void publish(long importId) {
    db.inTransaction(c -> Sql.update(c, "UPDATE pair_import SET state = 'publishing' WHERE id = ? AND state = 'writing'", importId));
    rollForward(importId);
  }

  /**
   * Deletes what an import wrote, in small transactions, and the set it created when that is left empty and unused.
   *
   * @throws StoreException on an SQL failure (the next process that finds the owner gone finishes it)
   */
  void rollBack(long importId) {
    Chunked.run(db, HIDDEN, STEP, DeleteRepository::deletePairs, importId);
    db.inTransaction(c -> {
      removeCreatedSetIfEmpty(c, importId);
      return Sql.update(c, "UPDATE pair_import SET state = 'rolled_back', ended_at = ? WHERE id = ? AND state = 'writing'", Instant.now(), importId);
    });
  }

  /** Deletes the set the import created when it holds no pair and no run or audit uses it. */
  private static void removeCreatedSetIfEmpty(java.sql.Connection c, long importId) throws java.sql.SQLException {
    Optional<long[]> set = Sql.one(c, "SELECT set_id, CASE WHEN created_set THEN 1 ELSE 0 END FROM pair_import WHERE id = ? AND set_id IS NOT NULL",
        rs -> new long[] {rs.getLong(1), rs.getLong(2)}, importId);
    if (set.isPresent() && set.get()[1] == 1) {
      long id = set.get()[0];
      Sql.update(c, "DELETE FROM pair_set WHERE id = ? AND NOT EXISTS (SELECT 1 FROM story_pair WHERE set_id = ?) "
          + "AND NOT EXISTS (SELECT 1 FROM generation_run WHERE set_id = ?) AND NOT EXISTS (SELECT 1 FROM audit_run WHERE set_id = ?)", id, id, id, id);
    }
  }

  private void rollForward(long importId) {
    // the queue key is set here, not when the pair is written: the row is rewritten here anyway (issue 13, point 8)
    Chunked.run(db, HIDDEN, STEP, (c, in, ids) -> Sql.update(c, "UPDATE story_pair SET stage = import_stage, import_stage = NULL, "
        + PairRows.QUEUE_KEY + " WHERE id IN (" + in + ") AND stage = '" + STAGE + "'", ids), importId);
    db.inTransaction(c -> Sql.update(c, "UPDATE pair_import SET state = 'done', ended_at = ? WHERE id = ? AND state = 'publishing'", Instant.now(),
        importId));
  }

  /**
   * Finishes the imports whose owner process is gone: rolls back those still writing, rolls forward those publishing.
   * An owner on another host is never judged gone (its process cannot be seen from here). A failure is logged and left
   * for the next open: opening the database must not fail because of it.
   *
   * @return how many imports were finished
   */
  int recover() {
    record Open(long id, String owner, String started, String state) {}
    try {
      List<Open> open = db.read(c -> Sql.list(c, "SELECT id, owner, owner_started, state FROM pair_import WHERE state IN ('writing', 'publishing') ORDER BY id",
          rs -> new Open(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))));
      int n = 0;
      for (Open o : open) {
        if (Owner.alive(o.owner, o.started)) continue;
        if (o.state.equals("writing")) {
          LOG.warn("import {} by {} was interrupted before it finished: removing the pairs it had written", o.id, o.owner);
          rollBack(o.id);
        } else {
          LOG.warn("import {} by {} was interrupted after its commit point: finishing it", o.id, o.owner);
          rollForward(o.id);
        }
        n++;
      }
      return n;
    } catch (RuntimeException e) {
      LOG.warn("could not finish interrupted imports; the next open tries again", e);
      return 0;
    }
  }
}
