package dev.evenhand.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trainer export's marks: which pairs it wrote, so that an audit over them can say they were trained on (V24).
 * The marks are written while the export writes its file, {@value #MARKS_PER_TRANSACTION} pairs per transaction on a
 * thread of their own ("export-marks"); {@link #awaitMarks} waits for them before the export replaces any file, and
 * none of them counts until {@link #publish} finishes the run, one tiny commit after the files are in place: the pairs
 * of an export become exported all at once or not at all. A chunk whose commit broke (the process serving the database
 * exited) is written again on a fresh connection, leaving out what got in. An export
 * that fails or is cancelled removes its marks ({@link #close}); one killed on the way leaves an unfinished run whose
 * owner is gone, which the next process to open the database removes ({@link #recover}).
 *
 * <p>Marking after the file, on the export's thread, took 0.42 s of a 2.9 s trl-dpo export of 100,000 pairs in
 * ExchangeBench (issue 13, point 8); beside the writing it uses the second core while the export waits on its reads.
 * One row per pair (V24) still took 0.58 s of that core, which the page reader of the same export needed: a row now
 * marks a run of consecutive ids within a block of {@value #MARK_BLOCK} (V25), and the same 100,000 marks took 0.01 s.
 *
 * <p>Not thread-safe: {@link #add}, {@link #awaitMarks}, {@link #publish} and {@link #close} are called by the export's thread.
 */
public final class ExportRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExportRun.class);

  /**
   * Marks per transaction: H2 2.5.252 does not keep a large transaction whole under SIGKILL (V15,
   * LargeTransactionKillBench); a mark is two longs, so 2,500 make a small one.
   */
  static final int MARKS_PER_TRANSACTION = 2_500;

  /**
   * Pair ids per block of {@code export_mark} (V25): a row marks a run of consecutive pair ids within one block, so a
   * pair's marks are found by its block ({@code p.id / 1024}), and a block holds at most 512 rows per run (every other
   * id marked).
   */
  public static final int MARK_BLOCK = 1024;

  /** SQL condition on a mark {@code m}: it marks the pair {@code p} (V25). */
  private static final String MARKS_PAIR = "m.block = p.id / " + MARK_BLOCK + " AND p.id BETWEEN m.first_id AND m.last_id";

  /**
   * SQL condition on a pair {@code p}: it went out as training data, by a mark that counts (V24): a row of
   * {@code pair_export} (an import's, or one written before V24) or a mark of a finished export run.
   */
  public static final String EXPORTED = "(EXISTS (SELECT 1 FROM pair_export e WHERE e.pair_id = p.id) OR EXISTS (SELECT 1 FROM export_mark m "
      + "JOIN export_run r ON r.id = m.run_id WHERE " + MARKS_PAIR + " AND r.finished_at IS NOT NULL))";

  /**
   * SQL value of a pair {@code p}: when it last went out as training data (V24), the latest of its {@code pair_export}
   * time and its finished export runs' times; NULL when never. (H2's GREATEST is NULL when any argument is, PostgreSQL's
   * leaves NULLs out: the COALESCE gives both the same answer.)
   */
  public static final String EXPORTED_AT;

  static {
    String imported = "(SELECT e.exported_at FROM pair_export e WHERE e.pair_id = p.id)";
    String runs = "(SELECT MAX(r.finished_at) FROM export_mark m JOIN export_run r ON r.id = m.run_id WHERE " + MARKS_PAIR + ")";
    EXPORTED_AT = "COALESCE(GREATEST(" + imported + ", " + runs + "), " + imported + ", " + runs + ")";
  }

  /** How long {@link #publish} and {@link #close} wait for the marks already handed to the marking thread. */
  private static final long DRAIN_MINUTES = 2;

  private final Database db;
  private final long id;
  private final ExecutorService marker;
  private final List<Future<?>> written = new ArrayList<>();
  private long[] pending = new long[MARKS_PER_TRANSACTION];
  private int n;
  private boolean published;

  private ExportRun(Database db, long id) {
    this.db = db;
    this.id = id;
    this.marker = id < 0 ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "export-marks");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts a run: its row is written in a transaction of its own, unfinished, owned by this process.
   *
   * @param format the export format's id, kept with the run
   * @return the run; on a read-only database a run that marks nothing and whose {@link #publish} returns false
   * @throws StoreException on an SQL failure
   */
  static ExportRun start(Database db, String format) {
    if (db.readOnly()) return new ExportRun(db, -1);
    long id = db.inTransaction(c -> Sql.insert(c, "INSERT INTO export_run(format, owner, owner_started, started_at) VALUES (?,?,?,?)",
        format, Owner.me(), Owner.myStart(), Instant.now()));
    return new ExportRun(db, id);
  }

  /** @return the run's id in {@code export_run}, or -1 on a read-only database */
  public long id() { return id; }

  /**
   * Adds a pair the export wrote; every {@value #MARKS_PER_TRANSACTION} pairs go to the marking thread. A failure of
   * the marking shows at {@link #publish}.
   *
   * @param pairId a pair id; each pair at most once per run
   */
  public void add(long pairId) {
    if (marker == null) return;
    pending[n++] = pairId;
    if (n == pending.length) handOver();
  }

  private void handOver() {
    if (n == 0) return;
    long[] ids = Arrays.copyOf(pending, n);
    n = 0;
    Arrays.sort(ids);
    // when the process serving the database exits while a chunk commits (another export's, seen by the breaker in
    // session eleven), the chunk is written again on a fresh connection, leaving out the marks that did get in
    int[] attempts = {0};
    written.add(marker.submit(() -> Database.againAfterLostCommit(() -> db.inTransaction(c -> mark(c, id, ids, attempts[0]++ > 0)))));
  }

  /**
   * Marks {@code ids} (sorted, each at most once per run): one row per run of consecutive ids within a block of
   * {@value #MARK_BLOCK} (V25; an export in id order writes mostly such runs, so 100,000 pairs make about a hundred
   * rows). A pair deleted while its export marks it can keep a mark ({@link #forget} runs when a pair is deleted).
   *
   * @param runId the export run
   * @param again the chunk's commit may have gone through: its rows are merged on their key (the same ids make the
   *     same rows), not inserted a second time
   * @throws java.sql.SQLException on an SQL failure (without {@code again}, also when a row of the chunk is there)
   */
  static Void mark(java.sql.Connection c, long runId, long[] ids, boolean again) throws java.sql.SQLException {
    String columns = "block, run_id, first_id, last_id";
    String sql = again ? Dialect.of(c).merge("export_mark", columns, "block, run_id, first_id", "VALUES (?,?,?,?)")
        : "INSERT INTO export_mark(" + columns + ") VALUES (?,?,?,?)";
    try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < ids.length; ) {
        long block = Math.floorDiv(ids[i], MARK_BLOCK);
        int j = i;
        while (j + 1 < ids.length && ids[j + 1] == ids[j] + 1 && Math.floorDiv(ids[j + 1], MARK_BLOCK) == block) j++;
        Sql.bind(ps, block, runId, ids[i], ids[j]);
        ps.addBatch();
        i = j + 1;
      }
      ps.executeBatch();
    }
    return null;
  }

  /**
   * Takes deleted pairs out of the marks (V25), in the deleting transaction: each row whose range holds a deleted id is
   * replaced by the runs of consecutive ids of its range that are left (none when no pair of it is left). The marks
   * then name only pairs that exist, so a pair that later gets a deleted pair's id is not taken for exported: a
   * {@code db copy} restarts each identity after the largest id it copied (found by a breaker: a mark of ids 1-60 kept
   * after deleting pairs 51-60 marked the copy's next ten pairs exported).
   *
   * @param deleted the ids of the pairs just deleted, any order
   * @throws java.sql.SQLException on an SQL failure
   */
  static void forget(java.sql.Connection c, long[] deleted) throws java.sql.SQLException {
    if (deleted.length == 0) return;
    long[] d = deleted.clone();
    Arrays.sort(d);
    java.util.TreeSet<Long> blocks = new java.util.TreeSet<>();
    for (long id : d) blocks.add(Math.floorDiv(id, MARK_BLOCK));
    StringBuilder in = new StringBuilder();
    for (long b : blocks) in.append(in.length() > 0 ? "," : "").append(b);
    List<long[]> rows = Sql.list(c, "SELECT block, run_id, first_id, last_id FROM export_mark WHERE block IN (" + in + ")",
        rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
    for (long[] r : rows) {
      int at = Arrays.binarySearch(d, r[2]);
      if (at < 0) at = -at - 1;
      if (at == d.length || d[at] > r[3]) continue; // no deleted id in this row's range
      Sql.update(c, "DELETE FROM export_mark WHERE block = ? AND run_id = ? AND first_id = ?", r[0], r[1], r[2]);
      List<Long> left = Sql.list(c, "SELECT id FROM story_pair WHERE id BETWEEN ? AND ? ORDER BY id", rs -> rs.getLong(1), r[2], r[3]);
      if (!left.isEmpty()) mark(c, r[1], left.stream().mapToLong(Long::longValue).toArray(), false);
    }
  }

  /**
   * Writes the last marks and waits until every mark is in the database (uncounted until {@link #publish}). An export
   * calls it before it replaces any file, so that a failure here leaves the earlier files as they were.
   *
   * @throws StoreException when a mark could not be written (also after {@value Database#LOST_COMMIT_ATTEMPTS} attempts
   *     when the connection broke while committing), or the marking did not end within {@value #DRAIN_MINUTES} minutes: the run
   *     stays unfinished, its marks count for nothing and {@link #close} removes them
   */
  public void awaitMarks() {
    if (marker == null || marker.isShutdown()) return;
    handOver();
    drain();
  }

  /**
   * Finishes the run once its files are in place: {@link #awaitMarks} if not done yet, then sets the run's finish time
   * in one tiny transaction, from which on every pair added counts as exported at that time. Called after the files
   * are committed, so it does not throw for a database failure: it says why the marks do not count.
   *
   * @return empty when the marks count from now on; otherwise why they do not (the database is read-only, or could not
   *     be written: the run stays unfinished and {@link #close} removes its marks)
   * @throws StoreException only when {@link #awaitMarks} was not called before and fails
   */
  public Optional<String> publish() {
    if (marker == null) return Optional.of("the database is read-only (" + db.readOnlyReason().orElse("") + ")");
    awaitMarks();
    Instant now = Instant.now();
    try {
      // run again, it sets nothing when the first run did get in
      Database.againAfterLostCommit(() -> db.inTransaction(c -> Sql.update(c,
          "UPDATE export_run SET finished_at = ? WHERE id = ? AND finished_at IS NULL", now, id)));
    } catch (StoreException e) {
      return Optional.of("the database could not record the export (" + e.getMessage() + ")");
    }
    published = true;
    return Optional.empty();
  }

  private void drain() {
    marker.shutdown();
    try {
      // never interrupt the marking thread: H2 closes its file when a thread is interrupted in the middle of a write
      if (!marker.awaitTermination(DRAIN_MINUTES, TimeUnit.MINUTES)) {
        throw new StoreException("marking the exported pairs took over " + DRAIN_MINUTES + " minutes", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while marking the exported pairs", e);
    }
    for (Future<?> f : written) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StoreException s) throw s;
        throw new StoreException("marking the exported pairs failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while marking the exported pairs", e);
      }
    }
  }

  /**
   * Ends the run. An unpublished run (the export failed, was cancelled, or its marks could not be written) is removed
   * with its marks, {@value #MARKS_PER_TRANSACTION} per transaction; a failure to remove it is logged and left to
   * {@link #recover} (the marks of an unfinished run count for nothing meanwhile).
   */
  @Override
  public void close() {
    if (marker == null || published) return;
    try {
      try {
        drain();
      } catch (StoreException e) {
        LOG.debug("export run {}: marking failed before its removal", id, e);
      }
      remove(db, id);
    } catch (RuntimeException e) {
      LOG.warn("could not remove the marks of unfinished export run {}; the next process to open the database does", id, e);
    }
  }

  private static void remove(Database db, long runId) {
    // a run whose finishing commit did get in although the connection broke under it keeps its marks
    if (db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM export_run WHERE id = ? AND finished_at IS NOT NULL", runId)) > 0) return;
    Chunked.run(db, "SELECT first_id FROM export_mark WHERE run_id = ?", MARKS_PER_TRANSACTION,
        (c, in, ids) -> Sql.update(c, "DELETE FROM export_mark WHERE run_id = " + runId + " AND first_id IN (" + in + ")", ids), runId);
    db.inTransaction(c -> Sql.update(c, "DELETE FROM export_run WHERE id = ? AND finished_at IS NULL", runId));
  }

  /**
   * Removes the unfinished runs whose owner process is gone (a killed export), with their marks. An owner on another
   * host is never judged gone. A failure is logged and left for the next open: opening the database must not fail
   * because of it.
   *
   * @return how many runs were removed
   */
  static int recover(Database db) {
    record Open(long id, String owner, String started) {}
    try {
      List<Open> open = db.read(c -> Sql.list(c, "SELECT id, owner, owner_started FROM export_run WHERE finished_at IS NULL ORDER BY id",
          rs -> new Open(rs.getLong(1), rs.getString(2), rs.getString(3))));
      int removed = 0;
      for (Open o : open) {
        if (Owner.alive(o.owner(), o.started())) continue;
        LOG.warn("export run {} by {} was interrupted before its files were in place: removing its marks", o.id(), o.owner());
        remove(db, o.id());
        removed++;
      }
      return removed;
    } catch (RuntimeException e) {
      LOG.warn("could not remove the marks of interrupted exports; the next open tries again", e);
      return 0;
    }
  }
}
