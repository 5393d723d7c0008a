package dev.evenhand.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded H2 database: opens the file, applies the Flyway migrations in
 * {@code src/main/resources/db/migration}, and hands out connections and transactions.
 * {@code AUTO_SERVER=TRUE} lets the GUI and the CLI use the same file at once; {@code WRITE_DELAY=0}
 * writes every commit to the file at once, so a killed process loses nothing it committed (with H2's
 * default delay of 500 ms, the kill-and-resume test lost the last commits).
 */
public final class Database implements AutoCloseable {
  /** A unit of work inside one transaction. */
  @FunctionalInterface
  public interface Work<T> { T run(Connection c) throws SQLException; }

  private final JdbcConnectionPool pool;
  private final Path path;

  private Database(Path path, JdbcConnectionPool pool) {
    this.path = path;
    this.pool = pool;
  }

  /**
   * Opens (creating if needed) the database at {@code path} and migrates it to the newest schema.
   *
   * @param path the database path without the {@code .mv.db} suffix; parent folders are created
   * @return the open database
   * @throws StoreException when the folder cannot be created or the file cannot be opened or migrated
   */
  public static Database open(Path path) {
    if (path.toString().isBlank()) throw new StoreException("the database path is empty", null, true);
    Path abs = path.toAbsolutePath().normalize();
    String p = abs.toString();
    if (p.endsWith(".mv.db")) abs = Path.of(p.substring(0, p.length() - ".mv.db".length()));
    try {
      if (abs.getParent() != null) Files.createDirectories(abs.getParent());
    } catch (Exception e) {
      throw new StoreException("cannot create the folder for the database " + abs + ": " + e, e, true);
    }
    String url = "jdbc:h2:file:" + abs + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;TRACE_LEVEL_FILE=0";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "evenhand", "");
    pool.setMaxConnections(16);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.dispose();
      throw new StoreException("cannot open the database " + abs + ".mv.db: " + rootMessage(e), e, true);
    }
    return new Database(abs, pool);
  }

  /** @return the database path without the {@code .mv.db} suffix */
  public Path path() { return path; }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   *
   * @throws StoreException wrapping any SQL failure
   */
  public <T> T inTransaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  /** Runs read-only {@code work} on a connection in auto-commit mode. @throws StoreException on SQL failure */
  public <T> T read(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() { pool.dispose(); }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
