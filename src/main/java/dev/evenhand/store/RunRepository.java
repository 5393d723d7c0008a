package dev.evenhand.store;

import dev.evenhand.domain.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Generation runs: create, find, count attempts, finish. */
public final class RunRepository {
  private static final String SELECT = "SELECT r.*, s.name AS set_name FROM generation_run r JOIN pair_set s ON s.id = r.set_id ";
  private final Database db;
  private final RunHolds holds;

  /** @param db the open database */
  public RunRepository(Database db) {
    this.db = db;
    this.holds = RunHolds.of(db, RunHolds.Table.GENERATION);
  }

  /**
   * Creates a run with status running and a pair set of its own named {@code run-<id>}.
   *
   * @return the stored run
   */
  public GenerationRun create(String modelTag, String profile, int targetPairs, int maxAttempts, boolean keepConsistent,
                              String settingsJson) {
    long id = db.inTransaction(c -> {
      long setId = Sql.insert(c, "INSERT INTO pair_set(name, kind, created_at) VALUES (?, 'generated', ?)",
          "run-pending-" + System.nanoTime(), Instant.now());
      long runId = Sql.insert(c, "INSERT INTO generation_run(set_id, model_tag, profile, target_pairs, max_attempts, "
              + "keep_consistent, settings, status, created_at) VALUES (?, ?, ?, ?, ?, ?, " + Dialect.of(c).json() + ", 'running', ?)",
          setId, modelTag, profile, targetPairs, maxAttempts, keepConsistent, settingsJson, Instant.now());
      Sql.update(c, "UPDATE pair_set SET name = ? WHERE id = ?", "run-" + runId, setId);
      return runId;
    });
    return find(id).orElseThrow();
  }

  /**
   * Keeps the seed themes a run uses (by id; a theme with the same id is updated to this text).
   *
   * @param themes the run's themes
   */
  public void saveThemes(java.util.List<dev.evenhand.domain.Theme> themes) {
    db.inTransaction(c -> {
      for (dev.evenhand.domain.Theme t : themes) {
        Sql.update(c, Dialect.of(c).merge("theme", "id, environment, text", "id", "VALUES (?, ?, ?)"), t.id(), t.environment(), t.text());
      }
      return null;
    });
  }

  /** @return the run with that id */
  public Optional<GenerationRun> find(long id) {
    return db.read(c -> Sql.one(c, SELECT + "WHERE r.id = ?", RunRepository::map, id));
  }

  /** @return the most recent run still marked running (an interrupted run), if any */
  public Optional<GenerationRun> latestUnfinished() {
    return db.read(c -> Sql.one(c, SELECT + "WHERE r.status = 'running' ORDER BY r.id DESC LIMIT 1", RunRepository::map));
  }

  /**
   * Takes the next attempt number if the run still has attempts left; atomic, so parallel workers never
   * exceed {@code max_attempts}.
   *
   * @return the attempt number (1-based), or empty when the attempts are used up
   */
  public Optional<Integer> claimAttempt(long runId) {
    return db.inTransaction(c -> {
      int n = Sql.update(c, "UPDATE generation_run SET attempted = attempted + 1, next_attempt = next_attempt + 1 "
          + "WHERE id = ? AND attempted < max_attempts", runId);
      if (n == 0) return Optional.<Integer>empty();
      return Optional.of((int) Sql.count(c, "SELECT next_attempt FROM generation_run WHERE id = ?", runId));
    });
  }

  /**
   * Recounts a run's used attempts as those that reached the model (a story-pair call is stored for
   * them), so an attempt claimed by a process that was killed before its call is given back.
   */
  public void recountAttempts(long runId) {
    db.inTransaction(c -> Sql.update(c, "UPDATE generation_run SET attempted = (SELECT COUNT(DISTINCT attempt_no) FROM model_call "
        + "WHERE run_id = ? AND step = 'story_pair' AND attempt_no IS NOT NULL AND (fault_kind IS NULL OR fault_kind <> 'unreachable')) "
        + "WHERE id = ?", runId, runId));
  }

  /**
   * @see RunHolds#acquire
   */
  public Optional<String> acquire(long runId, String owner, java.time.Duration staleAfter, java.util.function.Predicate<String> ownerAlive) {
    return holds.acquire(runId, owner, staleAfter, ownerAlive);
  }

  /** @see RunHolds#heartbeat */
  public void heartbeat(long runId, String owner) { holds.heartbeat(runId, owner); }

  /** @see RunHolds#release */
  public void release(long runId, String owner) { holds.release(runId, owner); }

  /** @return who works on which generation run (the holds {@link #acquire} takes) */
  public RunHolds holds() { return holds; }

  /** @return the most recent run of any status, if any */
  public Optional<GenerationRun> latest() {
    return db.read(c -> Sql.one(c, SELECT + "ORDER BY r.id DESC LIMIT 1", RunRepository::map));
  }

  /** Sets the run's final status ({@link RunStatus#COMPLETED} or {@link RunStatus#SHORT}). */
  public void finish(long runId, RunStatus status) {
    db.inTransaction(c -> Sql.update(c, "UPDATE generation_run SET status = ?, finished_at = ? WHERE id = ?", status.label(), Instant.now(), runId));
  }

  /** Raises the run's target and attempt budget (for {@code --resume} with a new target). */
  public void setTarget(long runId, int targetPairs, int maxAttempts) {
    db.inTransaction(c -> Sql.update(c, "UPDATE generation_run SET target_pairs = ?, max_attempts = ?, status = 'running' WHERE id = ?",
        targetPairs, maxAttempts, runId));
  }

  private static GenerationRun map(ResultSet rs) throws SQLException {
    return new GenerationRun(rs.getLong("id"), rs.getLong("set_id"), rs.getString("set_name"), rs.getString("model_tag"),
        rs.getString("profile"), rs.getInt("target_pairs"), rs.getInt("max_attempts"), rs.getBoolean("keep_consistent"),
        new String(rs.getBytes("settings"), java.nio.charset.StandardCharsets.UTF_8), RunStatus.parse(rs.getString("status")),
        rs.getInt("attempted"), Sql.instant(rs, "created_at"));
  }
}
