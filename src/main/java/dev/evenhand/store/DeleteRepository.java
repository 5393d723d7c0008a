package dev.evenhand.store;

import dev.evenhand.domain.DeleteTarget;
import java.time.Instant;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a generation run, an audit run or a pair set, each all or nothing although not in one transaction (H2 does
 * not keep a large one whole under SIGKILL: V15, LargeTransactionKillBench): the delete is recorded (V19), done in
 * small transactions, and finished by the next process to open the database if this one is killed. Pairs a reviewer
 * accepted are kept (with their reviews) unless the caller says otherwise; the model calls behind deleted pairs go
 * with them.
 */
public final class DeleteRepository {
  private static final Logger LOG = LoggerFactory.getLogger(DeleteRepository.class);
  private final Database db;

  /** @param db the open database */
  public DeleteRepository(Database db) { this.db = db; }

  /**
   * What a delete removed.
   *
   * @param pairsDeleted pairs removed (with their stories, judgments, balanced judgments and reviews)
   * @param pairsKept    accepted pairs kept
   */
  /**
   * @param pairsDeleted the pairs removed that the researcher saw (review queue, stats, exports)
   * @param pairsKept    accepted pairs kept
   * @param attemptsDeleted the attempts a run's rules had dropped, removed with them (never shown as pairs)
   */
  public record Deleted(long pairsDeleted, long pairsKept, long attemptsDeleted) {}

  /**
   * Refuses to delete what a live process is generating: a run whose owner sent its heartbeat (every 10 s,
   * GenerationService) within the last minute. Deleting under it would make that process fail half-way.
   *
   * @throws IllegalArgumentException naming the run and its owner ({@code host:pid})
   */
  private static void refuseWhileGenerating(Connection c, String where, long key, String what) throws SQLException {
    Optional<String> owner = Sql.one(c, "SELECT id || ' (' || owner || ')' FROM generation_run WHERE " + where
        + " AND owner IS NOT NULL AND owner_seen > ? ORDER BY id LIMIT 1", rs -> rs.getString(1), key, Instant.now().minusSeconds(60));
    if (owner.isPresent()) {
      throw new IllegalArgumentException("cannot delete " + what + ": run " + owner.get() + " is being generated; stop it (Ctrl+C) first, "
          + "or wait a minute if it was killed");
    }
  }

  /**
   * Deletes a generation run and its pairs, all or nothing: the delete is recorded first (V19), then done a few hundred
   * rows per transaction; a kill part-way is finished by the next process that opens the database ({@link #recover}).
   *
   * @param keepAccepted keep the pairs a reviewer accepted (they stay in the run's set, no longer tied to the run)
   * @throws IllegalArgumentException when there is no such run, or naming the process that generates it
   */
  public Deleted deleteRun(long runId, boolean keepAccepted) {
    long[] started = db.inTransaction(c -> {
      if (Sql.count(c, "SELECT COUNT(*) FROM generation_run WHERE id = ?", runId) == 0) throw new IllegalArgumentException("no generation run " + runId);
      refuseWhileGenerating(c, "id = ?", runId, "run " + runId);
      long kept = keepAccepted ? Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE run_id = ? AND status = 'accepted'", runId) : 0;
      long dropped = Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE run_id = ? AND stage = 'dropped'", runId);
      return new long[] {record(c, "run", runId, keepAccepted), kept, dropped};
    });
    long deleted = finish(started[0], "run", runId, keepAccepted);
    return new Deleted(Math.max(0, deleted - started[2]), started[1], Math.min(deleted, started[2]));
  }

  /**
   * Deletes an audit run and its answers, all or nothing (recorded first, as {@link #deleteRun}). Refuses one a live
   * process audits (its owner sent its heartbeat within the last minute, V12): deleting under it made that process fail,
   * and the delete itself ended in a raw SQL error.
   *
   * @throws IllegalArgumentException when there is no such run, or naming the process that audits it
   */
  public void deleteAudit(long auditRunId) {
    long pending = db.inTransaction(c -> {
      if (Sql.count(c, "SELECT COUNT(*) FROM audit_run WHERE id = ?", auditRunId) == 0) throw new IllegalArgumentException("no audit run " + auditRunId);
      Optional<String> owner = Sql.one(c, "SELECT owner FROM audit_run WHERE id = ? AND owner IS NOT NULL AND owner_seen > ?", rs -> rs.getString(1),
          auditRunId, Instant.now().minusSeconds(60));
      if (owner.isPresent()) {
        throw new IllegalArgumentException("cannot delete audit " + auditRunId + ": it is being audited by " + owner.get() + "; stop it (Ctrl+C) "
            + "first, or wait a minute if it was killed");
      }
      return record(c, "audit", auditRunId, false);
    });
    finish(pending, "audit", auditRunId, false);
  }

  /**
   * Deletes a pair set's pairs, and the set itself when nothing is left in it and no run uses it; all or nothing
   * (recorded first, as {@link #deleteRun}).
   *
   * @param keepAccepted keep the pairs a reviewer accepted
   * @throws IllegalArgumentException when there is no such set, or naming the process that generates into it
   */
  public Deleted deleteSet(String name, boolean keepAccepted) {
    long[] started = db.inTransaction(c -> {
      Optional<Long> id = Sql.one(c, "SELECT id FROM pair_set WHERE name = ?", rs -> rs.getLong(1), name);
      if (id.isEmpty()) throw new IllegalArgumentException("no pair set named '" + name + "'");
      refuseWhileGenerating(c, "set_id = ?", id.get(), "set " + name);
      long kept = keepAccepted ? Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE set_id = ? AND status = 'accepted'", id.get()) : 0;
      long dropped = Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE set_id = ? AND stage = 'dropped'", id.get());
      return new long[] {record(c, "set", id.get(), keepAccepted), kept, id.get(), dropped};
    });
    long deleted = finish(started[0], "set", started[2], keepAccepted);
    return new Deleted(Math.max(0, deleted - started[3]), started[1], Math.min(deleted, started[3]));
  }

  /** Records a delete about to start (V19); returns its row's id. */
  private static long record(Connection c, String target, long id, boolean keepAccepted) throws SQLException {
    return Sql.insert(c, "INSERT INTO pending_delete(target, target_id, keep_accepted, owner, owner_started, started_at) VALUES (?,?,?,?,?,?)",
        target, id, keepAccepted, Owner.me(), Owner.myStart(), Instant.now());
  }

  /**
   * Does a recorded delete, a few hundred rows per transaction, and removes its record with the last one. Every step
   * is idempotent, so it may run again after a kill at any point.
   *
   * @return the pairs deleted by this call
   */
  private long finish(long pending, String target, long id, boolean keepAccepted) {
    long deleted = 0;
    switch (target) {
      case "run" -> {
        if (keepAccepted) {
          chunks("SELECT id FROM story_pair WHERE run_id = ? AND status = 'accepted'", id,
              (c, in, ids) -> Sql.update(c, "UPDATE story_pair SET run_id = NULL, attempt_no = NULL WHERE id IN (" + in + ")", ids));
        }
        deleted = chunks("SELECT id FROM story_pair WHERE run_id = ?", id, DeleteRepository::deletePairs);
        chunks("SELECT id FROM model_call WHERE run_id = ? AND (pair_id IS NULL OR pair_id NOT IN (SELECT id FROM story_pair))", id,
            (c, in, ids) -> Sql.update(c, "DELETE FROM model_call WHERE id IN (" + in + ")", ids));
        db.inTransaction(c -> {
          Sql.update(c, "DELETE FROM generation_run WHERE id = ?", id);
          return Sql.update(c, "DELETE FROM pending_delete WHERE id = ?", pending);
        });
      }
      case "audit" -> {
        // the answers first: they refer to their calls
        chunks("SELECT id FROM audit_judgment WHERE run_id = ?", id, (c, in, ids) -> Sql.update(c, "DELETE FROM audit_judgment WHERE id IN (" + in + ")", ids));
        db.inTransaction(c -> Sql.update(c, "DELETE FROM audit_run WHERE id = ?", id));
        chunks("SELECT id FROM model_call WHERE audit_run_id = ?", id, (c, in, ids) -> Sql.update(c, "DELETE FROM model_call WHERE id IN (" + in + ")", ids));
        db.inTransaction(c -> Sql.update(c, "DELETE FROM pending_delete WHERE id = ?", pending));
      }
      case "set" -> {
        deleted = chunks("SELECT id FROM story_pair WHERE set_id = ?" + (keepAccepted ? " AND status <> 'accepted'" : ""), id, DeleteRepository::deletePairs);
        db.inTransaction(c -> {
          Sql.update(c, "DELETE FROM audit_run WHERE set_id = ? AND NOT EXISTS (SELECT 1 FROM story_pair WHERE set_id = ?)", id, id);
          Sql.update(c, "DELETE FROM pair_set WHERE id = ? AND NOT EXISTS (SELECT 1 FROM story_pair WHERE set_id = ?) "
              + "AND NOT EXISTS (SELECT 1 FROM generation_run WHERE set_id = ?) AND NOT EXISTS (SELECT 1 FROM audit_run WHERE set_id = ?)", id, id, id, id);
          return Sql.update(c, "DELETE FROM pending_delete WHERE id = ?", pending);
        });
      }
      default -> throw new IllegalStateException("unknown delete target " + target);
    }
    return deleted;
  }

  /** Rows per transaction in a delete. */
  static final int STEP = 250;

  /**
   * Runs {@code step} on the ids {@code select} finds, {@value #STEP} per transaction ({@link Chunked}); the step must
   * take them out of what {@code select} finds.
   *
   * @return the sum of what the steps returned
   */
  private long chunks(String select, long arg, Chunked.Step step) { return Chunked.run(db, select, STEP, step, arg); }

  /**
   * Finishes the deletes whose owner process is gone (V19). A failure is logged and left for the next open: opening
   * the database must not fail because of it.
   *
   * @return how many deletes were finished
   */
  int recover() {
    record Open(long id, String target, long targetId, boolean keep, String owner, String started) {}
    try {
      List<Open> open = db.read(c -> Sql.list(c, "SELECT id, target, target_id, keep_accepted, owner, owner_started FROM pending_delete ORDER BY id",
          rs -> new Open(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getString(5), rs.getString(6))));
      int n = 0;
      for (Open o : open) {
        if (Owner.alive(o.owner, o.started)) continue;
        LOG.warn("the delete of {} {} by {} was interrupted: finishing it", o.target, o.targetId, o.owner);
        finish(o.id, o.target, o.targetId, o.keep);
        n++;
      }
      return n;
    } catch (RuntimeException e) {
      LOG.warn("could not finish interrupted deletes; the next open tries again", e);
      return 0;
    }
  }

  /**
   * Says whether there is something to delete, so a caller can refuse before asking for confirmation.
   *
   * @param target what to delete
   * @param which  the run or audit id ({@link DeleteTarget#byId()}: a {@code Long}), or the set name (a {@code String})
   * @return null when it exists, else the message the delete would give ("no generation run 9")
   */
  public String missing(DeleteTarget target, Object which) {
    return db.read(c -> switch (target) {
      case RUN -> Sql.count(c, "SELECT COUNT(*) FROM generation_run WHERE id = ?", which) == 0 ? "no generation run " + which : null;
      case AUDIT -> Sql.count(c, "SELECT COUNT(*) FROM audit_run WHERE id = ?", which) == 0 ? "no audit run " + which : null;
      case SET -> Sql.count(c, "SELECT COUNT(*) FROM pair_set WHERE name = ?", which) == 0 ? "no pair set named '" + which + "'" : null;
    });
  }

  /**
   * @param target what to delete
   * @param which  the run or audit id ({@link DeleteTarget#byId()}: a {@code Long}), or the set name (a {@code String})
   * @return the pairs a delete of it could take (those a reviewer accepted included): a run's or a set's pairs; for an
   *     audit, which holds no pair, its answers
   */
  public long size(DeleteTarget target, Object which) {
    return db.read(c -> switch (target) {
      // the pairs the researcher sees (review queue, stats): a run's dropped attempts go too, but were never shown as pairs
      // (a newcomer was asked to delete "run 1 and its 15 pairs" where Review and stats showed 10)
      case RUN -> Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE run_id = ? AND stage NOT IN ('dropped', '" + ImportJournal.STAGE + "')", which);
      case AUDIT -> Sql.count(c, "SELECT COUNT(*) FROM audit_judgment WHERE run_id = ?", which);
      case SET -> Sql.count(c, "SELECT COUNT(*) FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.name = ? AND p.stage NOT IN ('dropped', '"
          + ImportJournal.STAGE + "')", which);
    });
  }

  /**
   * Deletes pairs by id (a {@link Chunked.Step}, also the import journal's roll-back); their stories, judgments, balanced
   * judgments and reviews go with them (ON DELETE CASCADE), then the model calls behind them, and the pairs are taken
   * out of the export marks ({@link ExportRun#forget}; V24, V25: no foreign key, to keep marking cheap).
   *
   * @return the pairs deleted
   */
  static int deletePairs(Connection c, String in, Object[] ids) throws SQLException {
    // the pairs first: their judgments and balanced judgments, which point at their calls, go with them
    int pairs = Sql.update(c, "DELETE FROM story_pair WHERE id IN (" + in + ")", ids);
    Sql.update(c, "DELETE FROM model_call WHERE pair_id IN (" + in + ")", ids);
    long[] deleted = new long[ids.length];
    for (int i = 0; i < ids.length; i++) deleted[i] = ((Number) ids[i]).longValue();
    ExportRun.forget(c, deleted);
    return pairs;
  }
}
