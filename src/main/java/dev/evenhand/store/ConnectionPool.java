package dev.evenhand.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one {@link Database}: at most {@value #MAX_CONNECTIONS} at once, idle ones kept and
 * checked before reuse (H2's own pool hands out connections that broke when the process serving the file
 * over AUTO_SERVER exited), new ones made one process at a time through {@link SideFiles#lockOpenPhase}
 * (H2's owner hand-over races otherwise cost seconds and fail). The H2 error codes it and {@link Database}
 * act on are named here.
 */
final class ConnectionPool {
  /** At most this many connections at once. */
  static final int MAX_CONNECTIONS = 16;
  private static final String USER = "evenhand";

  private final Path path;
  private final String url;
  private final SideFiles side;
  private final Duration patience;
  private final java.util.function.Function<Throwable, StoreException> readOnlyRefusal;
  private final Dialect dialect;
  private final java.util.Properties serverProperties;
  private final String serverLabel;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final Semaphore permits = new Semaphore(MAX_CONNECTIONS, true);
  private volatile boolean closed;
  /** Whether the newest connection made is this process's own session on the file (it serves the file), see {@link #servedHere()}. */
  private volatile boolean servedHere;

  /**
   * @param path            the database path without {@code .mv.db}, for messages
   * @param url             the JDBC URL of every connection
   * @param side            the side files that serialise new connections, or null (read-only: no other process)
   * @param patience        how long to wait for a free connection
   * @param readOnlyRefusal the message for a write to a read-only database
   */
  ConnectionPool(Path path, String url, SideFiles side, Duration patience, java.util.function.Function<Throwable, StoreException> readOnlyRefusal) {
    this.path = path;
    this.url = url;
    this.side = side;
    this.patience = patience;
    this.readOnlyRefusal = readOnlyRefusal;
    this.dialect = Dialect.H2;
    this.serverProperties = null;
    this.serverLabel = null;
  }

  /**
   * The pool of a PostgreSQL database: plain pgjdbc connections, no side files, no H2 settings.
   *
   * @param location   the server and database
   * @param properties the connection properties (user, password; see {@link ServerLocation#properties})
   * @param patience   how long to wait for a free connection
   * @param readOnlyRefusal the message for a write the server refuses as read-only
   */
  ConnectionPool(ServerLocation location, java.util.Properties properties, Duration patience,
      java.util.function.Function<Throwable, StoreException> readOnlyRefusal) {
    this.path = location.path();
    this.url = location.jdbcUrl();
    this.side = null;
    this.patience = patience;
    this.readOnlyRefusal = readOnlyRefusal;
    this.dialect = Dialect.POSTGRESQL;
    this.serverProperties = properties;
    this.serverLabel = location.toString();
  }

  /** @return the database as messages name it: the H2 file, or the PostgreSQL location */
  String label() { return dialect == Dialect.H2 ? Database.mvFile(path).toString() : serverLabel; }

  /** @return which database the connections go to */
  Dialect dialect() { return dialect; }

  /** Closes the idle connections and every connection given back from now on. */
  void close() {
    closed = true;
    closeIdle();
  }

  static final int[] OPEN_RACE = {8000 /* ERROR_OPENING_DATABASE_1 */, 90020 /* DATABASE_ALREADY_OPEN_1 */,
      90067 /* CONNECTION_BROKEN_1 */, 90098 /* DATABASE_IS_CLOSED */, 90121 /* DATABASE_CALLED_AT_SHUTDOWN */};
  /**
   * Lost connections: broken (90067), closed (90098, 90121), and, during work, H2 AUTO_SERVER's reconnect to a new
   * serving process failing in the open race (8000 "Lock file recently modified", 90020): the old session, and its
   * transaction, are gone (seen in ConcurrentProcessesTest on a busy machine, in a read at open).
   */
  static final int[] CONNECTION_LOST = {90067, 90098, 90121, 8000, 90020};
  static final int[] CONFLICT = {50200 /* LOCK_TIMEOUT_1 */, 90131 /* CONCURRENT_UPDATE_1 */, 40001 /* DEADLOCK_1 */};
  static final int[] READ_ONLY = {90097 /* DATABASE_IS_READ_ONLY */};

  /**
   * @return a connection: an idle one that is still valid, else a new one (H2's hand-over races waited out)
   * @throws StoreException when the pool is closed, every connection stays in use past the patience, or the
   *                        database cannot be opened
   */
  Connection borrow(Waiter waiter) {
    if (closed) throw new StoreException("the database " + label() + " is closed");
    try {
      if (!permits.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StoreException("all " + MAX_CONNECTIONS + " connections to the database stayed in use for " + patience.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database connection", e);
    }
    try {
      while (true) {
        Connection c;
        synchronized (idle) {
          c = idle.pollLast();
        }
        if (c != null) {
          if (valid(c)) return c;
          closeQuietly(c);
          continue;
        }
        try {
          return connect(waiter);
        } catch (SQLException e) {
          if (readOnly(e)) throw readOnlyRefusal.apply(e);
          if (dialect != Dialect.H2 || !hasCode(e, OPEN_RACE)) throw new StoreException("cannot open the database " + label() + ": " + Database.rootMessage(e), e);
          waiter.pause(e);
        }
      }
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Makes a new connection, one process at a time (see {@link SideFiles#lockOpenPhase}). */
  private Connection connect(Waiter waiter) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) return DriverManager.getConnection(url, serverProperties);
    org.h2.Driver.load();
    if (side == null) return appendOnly(DriverManager.getConnection(url, USER, ""));
    side.lockOpenPhase(waiter);
    try {
      return appendOnly(DriverManager.getConnection(url, USER, ""));
    } finally {
      side.unlockOpenPhase();
    }
  }

  /**
   * @return true when the newest connection this pool made has the H2 file open in this process (so this process serves
   *         it over AUTO_SERVER), false when another process serves it or for PostgreSQL
   */
  boolean servedHere() { return servedHere; }

  /** @return {@code c}, its store set to append chunks (see {@link AppendOnlyChunks}); closed when that fails */
  private Connection appendOnly(Connection c) throws SQLException {
    try {
      servedHere = AppendOnlyChunks.apply(c);
      return c;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** @return a data source for Flyway whose connections come from this database's pool */
  javax.sql.DataSource dataSource(Waiter waiter) {
    return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(ConnectionPool.class.getClassLoader(),
        new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getConnection": {
              Connection c = borrow(waiter);
              boolean[] returned = {false};
              return java.lang.reflect.Proxy.newProxyInstance(ConnectionPool.class.getClassLoader(), new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("close")) {
                      if (!returned[0]) {
                        returned[0] = true;
                        if (!c.getAutoCommit()) c.rollback();
                        c.setAutoCommit(true);
                        giveBack(c, false);
                      }
                      return null;
                    }
                    if (m.getName().equals("isClosed") && returned[0]) return true;
                    try {
                      return m.invoke(c, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
            }
            case "getLoginTimeout": return 0;
            case "getLogWriter": return null;
            case "isWrapperFor": return false;
            case "hashCode": return System.identityHashCode(proxy);
            case "equals": return proxy == args[0];
            case "toString": return "evenhand pool of " + path;
            default: throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private static boolean valid(Connection c) {
    try {
      return c.isValid(10);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Returns a connection: kept for reuse, or closed when {@code broken} or the pool is closed. */
  void giveBack(Connection c, boolean broken) {
    try {
      if (broken || closed) {
        closeQuietly(c);
      } else {
        synchronized (idle) {
          idle.addLast(c);
        }
        if (closed) closeIdle();
      }
    } finally {
      permits.release();
    }
  }

  /** Closes the idle connections (those in use are closed when given back after {@link #close()}). */
  void closeIdle() {
    List<Connection> all;
    synchronized (idle) {
      all = new ArrayList<>(idle);
      idle.clear();
    }
    for (Connection c : all) closeQuietly(c);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // a broken connection cannot be closed more
    }
  }

  static void rollbackQuietly(Connection c) {
    try {
      if (!c.getAutoCommit()) c.rollback();
    } catch (SQLException e) {
      // the connection is going away; H2 rolls back what was not committed
    }
  }

  /**
   * @return true when the connection's database went away: on H2 as {@link #lost}; on PostgreSQL a connection
   *     exception (SQLSTATE class 08) or the server shutting down or ending the session (57P01 to 57P03)
   */
  boolean isLost(Throwable e) { return dialect == Dialect.H2 ? lost(e) : hasState(e, "08", "57P01", "57P02", "57P03"); }

  /** @return true when the database rolled the transaction back for a conflict with another (retry it) */
  boolean isConflict(Throwable e) { return dialect == Dialect.H2 ? hasCode(e, CONFLICT) : hasState(e, "40001", "40P01", "55P03"); }

  /** @return true when the database refused a write because it is read-only */
  boolean readOnly(Throwable e) { return dialect == Dialect.H2 ? hasCode(e, READ_ONLY) : hasState(e, "25006"); }

  /** @return true when an SQLException in {@code e}'s causes has an SQLSTATE that starts with one of {@code prefixes} (PostgreSQL's codes) */
  static boolean hasState(Throwable e, String... prefixes) {
    return anySql(e, x -> x.getSQLState() != null && Arrays.stream(prefixes).anyMatch(x.getSQLState()::startsWith));
  }

  /**
   * True when the connection's database went away: the connection broke, or the process serving the
   * database (H2 AUTO_SERVER) closed it under this transaction. The latter reaches a remote client only as
   * a general error (50000) whose text ends with MVStore's error code 4, {@code ERROR_CLOSED}, e.g.
   * {@code MVStoreException: Transaction 1 is closed [2.5.252/4]} (H2's DataUtils), or, when the serving process rolled
   * the transaction back as it closed, MVStore's error 103 {@code Transaction 1 has status ROLLED_BACK, not OPEN} (seen
   * in ConcurrentProcessesTest: a generate round failed with it instead of running its transaction again; a remote
   * client gets it without the exception's class name: {@code General error: "Transaction 1 has status ROLLED_BACK,
   * not OPEN [2.5.252/103]"}). A remote client reading a result when the serving process exits gets an I/O error
   * (90028, {@code IO_EXCEPTION_1}, H2's {@code DbException.convertIOException}) whose cause is the socket's end of
   * stream or reset ({@code IO Exception: "java.io.EOFException" [90028-252]}, seen by an export reading pairs beside
   * another export that exited).
   */
  static boolean lost(Throwable e) {
    if (hasCode(e, CONNECTION_LOST)) return true;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && s.getErrorCode() == 50000 && s.getMessage() != null
          && STORE_CLOSED.matcher(s.getMessage()).find()) return true;
      if (t instanceof SQLException s && s.getErrorCode() == IO_EXCEPTION && socketEnded(s)) return true;
    }
    return false;
  }

  /** H2's {@code IO_EXCEPTION_1}: an I/O error, wrapped. */
  private static final int IO_EXCEPTION = 90028;

  /** @return true when {@code e}'s causes, or its message (a remote client sees only the text), name a socket's end */
  private static boolean socketEnded(SQLException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.io.EOFException || t instanceof java.net.SocketException) return true;
    }
    String m = e.getMessage();
    return m != null && (m.contains("java.io.EOFException") || m.contains("java.net.SocketException"));
  }

  private static final java.util.regex.Pattern STORE_CLOSED = java.util.regex.Pattern.compile(
      "MVStoreException: [^\\n]*\\[[0-9.]+/4\\]|Transaction [0-9]+ is closed \\[[0-9.]+/4\\]|Transaction [0-9]+ has status ROLLED_BACK, not OPEN \\[[0-9.]+/103\\]");

  static boolean hasCode(Throwable e, int[] codes) {
    return anySql(e, x -> Arrays.stream(codes).anyMatch(k -> k == x.getErrorCode()));
  }

  /** @return true when {@code test} holds for an SQLException among {@code e}'s causes or their next exceptions */
  private static boolean anySql(Throwable e, java.util.function.Predicate<SQLException> test) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s) {
        for (SQLException x = s; x != null; x = x.getNextException()) {
          if (test.test(x)) return true;
        }
      }
    }
    return false;
  }
}
