package dev.evenhand.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;

/**
 * The embedded H2 database: opens the file, applies the Flyway migrations in
 * {@code src/main/resources/db/migration}, and hands out connections and transactions.
 *
 * <p><b>Creation and upgrades are all or nothing.</b> H2 does not roll back DDL, so a migration cut short
 * (a kill, a full disk, a failing statement) would stay half-applied. A new database is therefore created
 * and migrated under a temporary name ({@code <name>.evenhand-new.mv.db}) and moved into place with an
 * atomic rename after an fsync of the file; an existing database with pending migrations is copied
 * ({@code <name>.evenhand-upgrade.mv.db}), the copy is migrated, synced and renamed over the original. The
 * original is never migrated in place, so it is either the old database or the new one. Temporaries of
 * killed processes are removed by the next open. The open, create and upgrade steps of all Evenhand processes
 * are serialised by an OS lock on {@code <name>.evenhand.lock} (see {@link SideFiles}); an upgrade is refused
 * while another process has the database open.
 *
 * <p><b>Several processes.</b> {@code AUTO_SERVER=TRUE} lets the GUI and the CLI use the same file: the
 * first process opens it and serves it over TCP to the others. H2 answers the races of that hand-over
 * ("Another process was faster", "Lock file recently modified", "Concurrent update", a connection broken
 * when the serving process exits) with errors meant to be retried; this class retries them with a bound
 * ({@link Opening#patience()}), says once "waiting for the database ... (held by ...)" through
 * {@link Opening#notices()}, and when the wait runs out throws one line naming the other process. A
 * transaction is retried only when it certainly did not commit: when the connection broke before
 * {@code commit} was sent, or H2 rolled it back for a lock timeout, a concurrent update or a deadlock.
 *
 * <p><b>Every commit reaches the file before {@code commit()} returns.</b> {@code WRITE_DELAY=0} makes
 * H2's MVStore write a chunk at the end of every transaction instead of from a background thread (with
 * H2's default of 500 ms a SIGKILL lost the last commits); see the Javadoc of {@link #URL_SETTINGS}.
 *
 * <p><b>Read-only databases</b> (a file or folder without write permission, an immutable file, a read-only
 * file system) are opened read-only: no AUTO_SERVER, no migration, reads work, writes throw a
 * {@link StoreException} saying the database is read-only and why.
 */
public final class Database implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);

  /**
   * A unit of work on one connection. It may run more than once (see {@link #inTransaction}), so it must
   * have no effect outside the connection other than idempotent ones (filling a map, returning a value).
   */
  @FunctionalInterface
  public interface Work<T> { T run(Connection c) throws SQLException; }

  /**
   * Who opens the database and where its notices go.
   *
   * @param who     what this process is, for other processes' messages ("evenhand generate", "the Evenhand window")
   * @param notices receives one-line notices such as "waiting for the database ... (held by ...)" or "upgrading the
   *                database ..."
   * @param patience how long to wait for a database another process holds before giving up
   */
  public record Opening(String who, Consumer<String> notices, Duration patience) {
    /** An unnamed process, no notices, 60 s of waiting. */
    public static final Opening DEFAULT = new Opening("evenhand", s -> { }, Duration.ofSeconds(60));
  }

  /**
   * The H2 settings of every connection. {@code WRITE_DELAY=0}: H2's Database applies the URL's WRITE_DELAY
   * when the first session opens the file (h2 engine/Database.java, "setWriteDelay" after "opened") and
   * every new session executes it again as {@code SET WRITE_DELAY} (engine/Engine.java openSession, the loop
   * over the URL's settings), also on the process that serves the file over AUTO_SERVER. With 0 the MVStore
   * has no background writer (mvstore/FileStore.setAutoCommitDelay starts it only for a delay above 0) and
   * TransactionStore.endTransaction calls MVStore.commit() itself, which writes the chunk through the file
   * channel before the JDBC commit returns: a SIGKILL of any process cannot lose it (the page cache
   * survives the process; only a power loss could, as H2 does not fsync each commit).
   */
  static final String URL_SETTINGS = ";WRITE_DELAY=0;TRACE_LEVEL_FILE=0";

  private final Path path;
  private final Opening opening;
  private final String readOnlyReason;
  private final SideFiles side;
  private final ConnectionPool pool;
  private volatile boolean closed;

  private Database(Path path, String url, Opening opening, String readOnlyReason, SideFiles side) {
    this(path, opening, readOnlyReason, side, d -> new ConnectionPool(path, url, side, opening.patience(), d::readOnlyRefusal));
  }

  /** A database on a PostgreSQL server (see {@link ServerDatabases}). */
  Database(ServerLocation location, java.util.Properties properties, Opening opening) {
    this(location.path(), opening, null, null, d -> new ConnectionPool(location, properties, opening.patience(), d::readOnlyRefusal));
  }

  private Database(Path path, Opening opening, String readOnlyReason, SideFiles side, java.util.function.Function<Database, ConnectionPool> pool) {
    this.path = path;
    this.opening = opening;
    this.readOnlyReason = readOnlyReason;
    this.side = side;
    this.pool = pool.apply(this);
  }

  /**
   * Opens (creating if needed) the database at {@code path} and migrates it to the newest schema, with no
   * notices and the default wait.
   *
   * @see #open(Path, Opening)
   */
  public static Database open(Path path) { return open(path, Opening.DEFAULT); }

  /**
   * Opens (creating if needed) the database at {@code path} and migrates it to the newest schema, all or
   * nothing (see the class comment).
   *
   * @param path    the database path without the {@code .mv.db} suffix (a trailing {@code .mv.db} is
   *                removed); parent folders are created
   * @param opening who opens it and where waiting notices go
   * @return the open database
   * @throws StoreException with {@link StoreException#badLocation()} when the folder cannot be created, the
   *                        database does not exist in a read-only place, or was written by a newer Evenhand; a
   *                        plain one when the file cannot be opened or upgraded (the database is then unchanged)
   *                        or another process holds it longer than {@link Opening#patience()}
   */
  public static Database open(Path path, Opening opening) { return open(path, opening, List.of(), ""); }

  /**
   * As {@link #open(Path, Opening)}, for tests: {@code extraLocations} are Flyway locations added after
   * {@code classpath:db/migration} (e.g. a failing migration), {@code extraUrl} is appended to the URL of the
   * shared connections (e.g. {@code ";WRITE_DELAY=500"}, which then replaces {@code WRITE_DELAY=0}, to show
   * that a test can catch lost commits).
   */
  /**
   * @param path a database path as {@link #open(Path)} takes it (with or without {@code .mv.db}), or a PostgreSQL location
   * @return true when opening it would open a database that is there: the H2 file exists, or it names a PostgreSQL
   *     server (whose database must exist); false when opening would create an empty H2 file
   */
  public static boolean exists(Path path) {
    if (ServerLocation.is(path)) return true;
    String p = path.toAbsolutePath().normalize().toString();
    return Files.exists(mvFile(Path.of(p.endsWith(".mv.db") ? p.substring(0, p.length() - ".mv.db".length()) : p)));
  }

  static Database open(Path path, Opening opening, List<String> extraLocations, String extraUrl) {
    if (path.toString().isBlank()) throw new StoreException("the database path is empty", null, true);
    if (ServerLocation.is(path)) return recovered(ServerDatabases.open(ServerLocation.parse(path.toString()), opening, extraLocations));
    Path given = path.toAbsolutePath().normalize();
    String p = given.toString();
    Path abs = p.endsWith(".mv.db") ? Path.of(p.substring(0, p.length() - ".mv.db".length())) : given;
    Path file = mvFile(abs);
    try {
      if (abs.getParent() != null && !Files.isDirectory(abs.getParent())) Files.createDirectories(abs.getParent());
    } catch (Exception e) {
      throw new StoreException("cannot create the folder for the database " + abs + ": " + e, e, true);
    }
    List<String> locations = new ArrayList<>(Dialect.H2.locations());
    locations.addAll(extraLocations);
    String readOnly = SchemaFiles.readOnlyReason(abs);
    if (readOnly != null) {
      if (!Files.exists(file)) throw new StoreException("cannot create the database " + file + ": " + readOnly, null, true);
      return openReadOnly(abs, opening, readOnly, locations);
    }
    SideFiles side = SideFiles.of(abs);
    Waiter waiter = new Waiter(file.toString(), opening.patience(), opening.notices(), () -> holder(side, abs));
    String settings = extraUrl.contains("WRITE_DELAY=") ? URL_SETTINGS.replace(";WRITE_DELAY=0", "") : URL_SETTINGS;
    String url = "jdbc:h2:file:" + abs + ";AUTO_SERVER=TRUE" + settings + extraUrl;
    if (Files.exists(file)) {
      // the usual case, side by side with other processes: join the users (an upgrade waits for all of them
      // to leave, so the file cannot be replaced under this process), then check the schema
      side.join(opening.who(), waiter);
      Database db = new Database(abs, url, opening, null, side);
      boolean keep = false;
      try {
        SchemaFiles.Schema s = db.schema(locations, waiter);
        if (s.future() != null) throw SchemaFiles.newer(file, s);
        keep = s.pending() == 0;
        if (keep) return recovered(db);
      } finally {
        if (!keep) {
          db.pool.closeIdle();
          side.leave();
        }
      }
    }
    // creating or upgrading: one process at a time, and an upgrade only while no other process uses the file
    side.lockOpenPhase(waiter);
    Database db = null;
    boolean joined = false;
    try {
      SchemaFiles.removeTemporaries(abs);
      if (!Files.exists(file)) SchemaFiles.create(abs, locations);
      db = new Database(abs, url, opening, null, side);
      SchemaFiles.Schema s = db.schema(locations, waiter);
      if (s.future() != null) throw SchemaFiles.newer(file, s);
      if (s.pending() > 0) {
        db.pool.closeIdle();
        // a step that adds a column makes H2 copy the whole table: V23 took 100 s over a million pairs (issue 13's note)
        opening.notices().accept("upgrading the database " + file + " from schema " + s.current() + " to " + s.latest()
            + " (a copy is upgraded, then moved into place; a large database takes minutes)");
        SchemaFiles.upgrade(abs, side, locations, s);
      }
      side.join(opening.who(), waiter);
      joined = true;
      return recovered(db);
    } catch (IOException | RuntimeException e) {
      if (db != null) db.pool.closeIdle();
      if (e instanceof StoreException se) throw se;
      throw new StoreException("cannot open the database " + file + ": " + rootMessage(e), e);
    } finally {
      side.unlockOpenPhase();
      if (!joined && db != null) db.pool.close();
    }
  }

  /**
   * Finishes the imports (V15, {@link ImportJournal#recover}) and deletes (V19, {@link DeleteRepository#recover}) that
   * killed processes left half-way, and removes the marks of their unfinished exports (V24, {@link ExportRun#recover});
   * never fails the open.
   */
  private static Database recovered(Database db) {
    if (db.readOnly()) return db;
    new ImportJournal(db).recover();
    new DeleteRepository(db).recover();
    ExportRun.recover(db);
    return db;
  }

  /** @return the database path without the {@code .mv.db} suffix; for PostgreSQL its location ({@code postgresql:/HOST:PORT/NAME} as a path) */
  public Path path() { return path; }

  /** @return which database this is, H2 or PostgreSQL: the SQL the repositories write differs in a few places */
  public Dialect dialect() { return pool.dialect(); }

  /** @return the database as messages name it: the H2 file ({@code NAME.mv.db}) or {@code postgresql://HOST:PORT/NAME} */
  public String label() { return pool.label(); }

  private SearchIndex searchIndex;

  /**
   * @return the word index beside an H2 database file ({@link SearchIndex}), opened on first use; empty for
   *     PostgreSQL, which searches with its own index
   */
  public synchronized Optional<SearchIndex> searchIndex() {
    if (dialect() != Dialect.H2 || closed) return Optional.empty();
    if (searchIndex == null) searchIndex = new SearchIndex(this, SearchIndex.folderOf(path));
    return Optional.of(searchIndex);
  }

  /** @return true when the database was opened read-only (see {@link #readOnlyReason()}) */
  public boolean readOnly() { return readOnlyReason != null; }

  /** @return why the database is read-only ("its file system is read-only", ...), or empty when it is writable */
  public Optional<String> readOnlyReason() { return Optional.ofNullable(readOnlyReason); }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. When H2
   * rolls the transaction back for a conflict with another process (lock timeout, concurrent update,
   * deadlock) or the connection breaks before the commit was sent (the process serving the database
   * exited), the work runs again on a fresh connection, until {@link Opening#patience()} has passed.
   *
   * @throws StoreException wrapping any other SQL failure; when the connection broke while committing (the
   *                        change may or may not be stored); when the database is read-only (bad location)
   */
  public <T> T inTransaction(Work<T> work) { return run(work, true, true); }

  /**
   * As {@link #inTransaction} for work that must not run twice (it counts or reports as it goes): only
   * getting the connection is retried.
   *
   * @throws StoreException as {@link #inTransaction}, and when the connection breaks during the work
   *                        (nothing was stored)
   */
  public <T> T inTransactionOnce(Work<T> work) { return run(work, true, false); }

  /**
   * Runs read-only {@code work} on a connection in auto-commit mode; retried as {@link #inTransaction} when
   * the connection breaks.
   *
   * @throws StoreException on any other SQL failure
   */
  public <T> T read(Work<T> work) { return run(work, false, true); }

  /** As {@link #read} for work that must not run twice. @throws StoreException on any SQL failure */
  public <T> T readOnce(Work<T> work) { return run(work, false, false); }

  /** How many times {@link #againAfterLostCommit} runs a step in all. */
  static final int LOST_COMMIT_ATTEMPTS = 5;

  /**
   * Runs a step that may run twice (its second run finds what the first did: an import's journal step, an export's
   * marks and finish), again when the process serving the database went away during it or its commit ({@link
   * StoreException.CommitUnknown}, {@link StoreException.ServerGone}), up to {@value #LOST_COMMIT_ATTEMPTS} times in all.
   *
   * @throws StoreException the last attempt's failure, or any other failure at once
   */
  static <T> T againAfterLostCommit(java.util.function.Supplier<T> step) {
    for (int attempt = 1; ; attempt++) {
      try {
        return step.get();
      } catch (StoreException.CommitUnknown | StoreException.ServerGone e) {
        if (attempt >= LOST_COMMIT_ATTEMPTS) throw e;
        LOG.info("the process serving the database went away during a step that may run again; running it again: {}", e.getMessage());
      }
    }
  }

  private <T> T run(Work<T> work, boolean transaction, boolean repeatable) {
    Waiter waiter = waiter();
    while (true) {
      Connection c = pool.borrow(waiter);
      boolean committing = false;
      boolean started = false;
      try {
        c.setAutoCommit(!transaction);
        started = true;
        T result = work.run(c);
        if (transaction) {
          committing = true;
          c.commit();
          c.setAutoCommit(true);
        }
        pool.giveBack(c, false);
        return result;
      } catch (SQLException e) {
        boolean lost = pool.isLost(e);
        if (!lost) ConnectionPool.rollbackQuietly(c);
        pool.giveBack(c, lost);
        if (pool.readOnly(e)) throw readOnlyRefusal(e);
        if (lost && committing) {
          throw new StoreException.CommitUnknown(gone() + " ended while this change was being committed;"
              + " it may or may not be stored: check, then run the command again", e);
        }
        boolean retry = (lost && (repeatable || !started)) || (repeatable && pool.isConflict(e));
        if (!retry) {
          if (lost) throw new StoreException.ServerGone(gone() + " ended during this change;"
              + " nothing was stored: run the command again", e);
          throw new StoreException("database error: " + e.getMessage(), e);
        }
        waiter.pause(e);
      } catch (RuntimeException | Error e) {
        ConnectionPool.rollbackQuietly(c);
        pool.giveBack(c, false);
        throw e;
      }
    }
  }

  @Override
  public void close() {
    SearchIndex ix;
    synchronized (this) {
      if (closed) return;
      closed = true;
      ix = searchIndex;
    }
    if (ix != null) ix.close();
    pool.close();
    if (side != null) side.leave();
  }

  // ---- schema and read-only -------------------------------------------------------------------------

  private SchemaFiles.Schema schema(List<String> locations, Waiter waiter) {
    while (true) {
      try {
        return SchemaFiles.schema(Flyway.configure().dataSource(pool.dataSource(waiter)).locations(locations.toArray(String[]::new)).load().info());
      } catch (StoreException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!ConnectionPool.hasCode(e, ConnectionPool.OPEN_RACE)) throw new StoreException("cannot open the database " + mvFile(path) + ": " + rootMessage(e), e);
        pool.closeIdle();
        waiter.pause(e);
      }
    }
  }

  private static Database openReadOnly(Path abs, Opening opening, String reason, List<String> locations) {
    Path file = mvFile(abs);
    Path h2Lock = Path.of(abs + ".lock.db");
    if (Files.exists(h2Lock)) {
      throw new StoreException("cannot open the read-only database " + file + " (" + reason + "): " + h2Lock
          + " says a process had it open, and it cannot be cleared while the database is read-only", null, true);
    }
    String url = "jdbc:h2:file:" + abs + ";ACCESS_MODE_DATA=r;TRACE_LEVEL_FILE=0";
    Database db = new Database(abs, url, opening, reason, null);
    SchemaFiles.Schema s;
    try {
      s = db.schema(locations, db.waiter());
    } catch (RuntimeException e) {
      db.close();
      throw new StoreException("cannot open the read-only database " + file + " (" + reason + "): " + rootMessage(e), e, true);
    }
    if (s.future() != null) {
      db.close();
      throw SchemaFiles.newer(file, s);
    }
    if (s.pending() > 0) {
      db.close();
      throw new StoreException("the database " + file + " is read-only (" + reason + ") and needs an upgrade (schema " + s.current()
          + " to " + s.latest() + "): open it once with write access", null, true);
    }
    return db;
  }


  private StoreException readOnlyRefusal(Throwable e) {
    return new StoreException("the database " + label() + " is read-only (" + (readOnlyReason == null
        ? (pool.dialect() == Dialect.H2 ? "H2 opened it read-only" : "the server refused the write") : readOnlyReason)
        + "); this command needs to change it", e, true);
  }

  /** @return a data source for Flyway whose connections come from this database's pool */
  javax.sql.DataSource dataSource() { return pool.dataSource(waiter()); }

  /** @return what ends when a connection is lost: H2's serving process, or the connection to the PostgreSQL server */
  private String gone() {
    return pool.dialect() == Dialect.H2 ? "the process serving the database " + label() : "the connection to the database " + label();
  }

  Waiter waiter() {
    return new Waiter(label(), opening.patience(), opening.notices(), () -> holder(side, path, pool.servedHere()));
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  static Path mvFile(Path db) { return Path.of(db + ".mv.db"); }

  /** @return who holds the database: Evenhand's notes, else the server H2's lock file names, else "another process" */
  static String holder(SideFiles side, Path abs) { return holder(side, abs, false); }

  /**
   * Names what holds the database for a wait's messages: the other Evenhand processes that have it open; else, when this
   * process serves the file itself, this process (a transaction of its own, or a row left locked, not another program:
   * the H2 lock file would name this process's own server); else the server the H2 lock file names.
   *
   * @param servedHere true when this process has the file open itself ({@link ConnectionPool#servedHere()})
   */
  static String holder(SideFiles side, Path abs, boolean servedHere) {
    if (side != null) {
      List<String> others = side.others();
      if (!others.isEmpty()) return String.join(", ", others);
    }
    if (servedHere) return "this process: no other Evenhand process has the database open";
    Path h2Lock = Path.of(abs + ".lock.db");
    try (var r = Files.newBufferedReader(h2Lock)) {
      Properties p = new Properties();
      p.load(r);
      String server = p.getProperty("server");
      if (server != null) return "the process serving it at " + server;
    } catch (IOException | IllegalArgumentException e) {
      // no H2 lock file: the holder is gone or is just opening it
    }
    return "another process";
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
