package dev.evenhand.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The turn of one import to check a batch for pairs already stored and write it (V26): the one row of
 * {@value #TABLE}, locked with {@code SELECT ... FOR UPDATE} until the batch's commit. Without it two imports of the
 * same pairs, each checking before the other committed, stored them twice (a breaker's trial, session sixteen).
 *
 * <p>H2 gives up a lock wait after its lock timeout (error 50200); the wait is then tried again, on an empty
 * transaction, until {@link #PATIENCE} has passed. PostgreSQL waits as long as the other import holds the row
 * ({@code lock_timeout} 0, its default).
 */
final class ImportLock {
  /** The table of the one lock row; {@link DatabaseCopy} leaves it out (the row is not data). */
  static final String TABLE = "import_lock";
  /** How long an import waits for another import's batch before it fails: 5 minutes, many batches' worth. */
  static final Duration PATIENCE = Duration.ofMinutes(5);

  private ImportLock() {}

  /**
   * Commits what the connection's transaction holds (releasing the lock of the batch before, if any), then takes the
   * lock; it is held until the connection's next commit or rollback.
   *
   * @param c the import's connection, not in auto-commit mode
   * @throws SQLException on an SQL failure, or when another import held the lock for longer than {@link #PATIENCE}
   */
  static void take(Connection c) throws SQLException {
    c.commit();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + TABLE + " WHERE id = 1 FOR UPDATE"); ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new SQLException("the " + TABLE + " row is missing (V26): the database was changed by hand");
        return;
      } catch (SQLException e) {
        if (e.getErrorCode() != 50200 /* H2's LOCK_TIMEOUT_1 */) throw e;
        c.rollback();
        if (System.nanoTime() > deadline) {
          throw new SQLException("another import held the database's import lock for more than " + PATIENCE.toMinutes() + " minutes", e);
        }
      }
    }
  }
}
