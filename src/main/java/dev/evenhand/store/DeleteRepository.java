package dev.evenhand.store;

import dev.evenhand.domain.DeleteTarget;
import java.time.Instant;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Deletes a generation run, an audit run or a pair set, each in one transaction. Pairs a reviewer
 * accepted are kept (with their reviews) unless the caller says otherwise; the model calls behind
 * deleted pairs go with them.
 */
public final class DeleteRepository {
  private final Database db;

  /** @param db the open database */
  public DeleteRepository(Database db) { this.db = db; }

  /**
   * What a delete removed.
   *
   * @param pairsDeleted pairs removed (with their stories, judgments, balanced judgments and reviews)
   * @param pairsKept    accepted pairs kept
   */
  public record Deleted(long pairsDeleted, long pairsKept) {}

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
   * Deletes a generation run and its pairs.
   *
   * @param keepAccepted keep the pairs a reviewer accepted (they stay in the run's set, no longer tied to the run)
   * @throws IllegalArgumentException when there is no such run
   */
  public Deleted deleteRun(long runId, boolean keepAccepted) {
    return db.inTransaction(c -> {
      if (Sql.count(c, "SELECT COUNT(*) FROM generation_run WHERE id = ?", runId) == 0) throw new IllegalArgumentException("no generation run " + runId);
      refuseWhileGenerating(c, "id = ?", runId, "run " + runId);
      long kept = keepAccepted ? Sql.update(c, "UPDATE story_pair SET run_id = NULL, attempt_no = NULL WHERE run_id = ? AND status = 'accepted'", runId) : 0;
      long deleted = deletePairs(c, "run_id = ?", runId);
      Sql.update(c, "DELETE FROM model_call WHERE run_id = ? AND (pair_id IS NULL OR pair_id NOT IN (SELECT id FROM story_pair))", runId);
      Sql.update(c, "DELETE FROM generation_run WHERE id = ?", runId);
      return new Deleted(deleted, kept);
    });
  }

  /**
   * Deletes an audit run and its answers. Refuses one a live process audits (its owner sent its heartbeat within the
   * last minute, V12): deleting under it made that process fail, and the delete itself ended in a raw SQL error.
   *
   * @throws IllegalArgumentException when there is no such run, or naming the process that audits it
   */
  public void deleteAudit(long auditRunId) {
    db.inTransaction(c -> {
      if (Sql.count(c, "SELECT COUNT(*) FROM audit_run WHERE id = ?", auditRunId) == 0) throw new IllegalArgumentException("no audit run " + auditRunId);
      Optional<String> owner = Sql.one(c, "SELECT owner FROM audit_run WHERE id = ? AND owner IS NOT NULL AND owner_seen > ?", rs -> rs.getString(1),
          auditRunId, Instant.now().minusSeconds(60));
      if (owner.isPresent()) {
        throw new IllegalArgumentException("cannot delete audit " + auditRunId + ": it is being audited by " + owner.get() + "; stop it (Ctrl+C) "
            + "first, or wait a minute if it was killed");
      }
      // the answers first: they refer to their calls
      Sql.update(c, "DELETE FROM audit_judgment WHERE run_id = ?", auditRunId);
      Sql.update(c, "DELETE FROM audit_run WHERE id = ?", auditRunId);
      Sql.update(c, "DELETE FROM model_call WHERE audit_run_id = ?", auditRunId);
      return null;
    });
  }

  /**
   * Deletes a pair set's pairs, and the set itself when nothing is left in it and no run uses it.
   *
   * @param keepAccepted keep the pairs a reviewer accepted
   * @throws IllegalArgumentException when there is no such set
   */
  public Deleted deleteSet(String name, boolean keepAccepted) {
    return db.inTransaction(c -> {
      Optional<Long> id = Sql.one(c, "SELECT id FROM pair_set WHERE name = ?", rs -> rs.getLong(1), name);
      if (id.isEmpty()) throw new IllegalArgumentException("no pair set named '" + name + "'");
      refuseWhileGenerating(c, "set_id = ?", id.get(), "set " + name);
      long kept = keepAccepted ? Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE set_id = ? AND status = 'accepted'", id.get()) : 0;
      long deleted = deletePairs(c, "set_id = ?" + (keepAccepted ? " AND status <> 'accepted'" : ""), id.get());
      Sql.update(c, "DELETE FROM audit_run WHERE set_id = ? AND NOT EXISTS (SELECT 1 FROM story_pair WHERE set_id = ?)", id.get(), id.get());
      Sql.update(c, "DELETE FROM pair_set WHERE id = ? AND NOT EXISTS (SELECT 1 FROM story_pair WHERE set_id = ?) "
          + "AND NOT EXISTS (SELECT 1 FROM generation_run WHERE set_id = ?) AND NOT EXISTS (SELECT 1 FROM audit_run WHERE set_id = ?)",
          id.get(), id.get(), id.get(), id.get());
      return new Deleted(deleted, kept);
    });
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

  private static long deletePairs(Connection c, String where, Object arg) throws SQLException {
    List<Long> ids = Sql.list(c, "SELECT id FROM story_pair WHERE " + where, rs -> rs.getLong(1), arg);
    for (long id : ids) {
      // the pair first: its judgments and balanced judgments, which point at its calls, go with it
      Sql.update(c, "DELETE FROM story_pair WHERE id = ?", id);
      Sql.update(c, "DELETE FROM model_call WHERE pair_id = ?", id);
    }
    return ids.size();
  }
}
