package dev.evenhand.store;

import dev.evenhand.domain.StoryPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Imports into the store: the store opens the import and hands the importer a {@link Batch}, a typed writer
 * that lives only as long as the import. An import is all or nothing: when the work returns every pair it added
 * is kept; when it throws (an invalid file, a cancel) or its process is killed, none is. It is not one large
 * transaction, which H2 does not keep atomic under SIGKILL: {@link ImportJournal} (V15) writes the pairs hidden,
 * in small transactions, and publishes them after one tiny commit point. The work runs once: it reads a file and
 * reports as it goes, so it is never repeated behind the importer's back.
 */
public final class PairImports {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PairImports.class);
  /** Most pairs an import checks and stores in one turn of the import lock ({@link Lookup#stored}). */
  public static final int BATCH = ImportWriter.BATCH;

  /** {@code pair_set.imported_from}, V5: the path an import came from. */
  static final int IMPORTED_FROM = 1000;

  /** What an import may ask the store before writing anything (a preview). */
  public interface Lookup {
    /**
     * @return true when a pair with these two stories is stored (any set, any stage): the import skips it
     * @throws StoreException on an SQL failure (the import stops, nothing is written)
     */
    boolean isStored(StoryPair pair);

    /**
     * The duplicate check of many pairs at once: one query per {@value ImportWriter#BATCH} pairs, not one per pair. In an
     * import ({@link #write}) it first takes the database's import lock (V26, {@link ImportLock}), held until the pairs
     * found new are stored ({@link Batch#addPairs}) or the next check: concurrent imports check and store in turns, so a
     * pair two of them bring is stored once. A check covers at most {@link #BATCH} pairs then: the lock ends at the
     * commit of the first {@value ImportWriter#BATCH} pairs written.
     *
     * @return one flag per pair, in order: true when a pair with its two stories is stored (any set, any stage), or when
     *     it repeats the two stories of an earlier pair of the list; the import skips it
     * @throws StoreException on an SQL failure (the import stops, nothing is written)
     */
    boolean[] stored(List<StoryPair> pairs);
  }

  /** The writer of one import, valid while the work {@link #write} runs. */
  public interface Batch extends Lookup {
    /**
     * Finds a pair set by name, or creates it.
     *
     * @param name         the set's name (at most {@link dev.evenhand.domain.FieldLimits#SET_NAME} characters; the caller checks)
     * @param kind         what filled it, e.g. {@code genmo}
     * @param importedFrom the file imported; a path longer than the column (1,000 characters) is kept as its last
     *                     999 characters after a leading "…", so the cut is visible
     * @return the set's id
     * @throws StoreException on an SQL failure
     */
    long pairSet(String name, String kind, String importedFrom);

    /**
     * Stores a whole pair in a set: its stories, every judgment, the balanced judgment and the review
     * history, as given, with its queue key and search text. The protagonists' names must be worked out already, as
     * {@link #addPairs} says.
     *
     * @return the new pair's id
     * @throws StoreException on an SQL failure
     */
    long addPair(long setId, ImportedPair pair);

    /**
     * Stores whole pairs in a set, as {@link #addPair} stores one, with batched statements: the statements are
     * prepared once per import and each table gets one batch per {@value ImportWriter#BATCH} pairs. No duplicate
     * check: ask {@link #stored} first.
     * The pairs' protagonists' names are stored as worked out (V21 {@code names_checked}): a blank name means the story
     * names none, and the neutrality gate does not look for one again.
     *
     * @return the new pairs' ids, in order
     * @throws StoreException on an SQL failure
     */
    long[] addPairs(long setId, List<ImportedPair> pairs);

    /**
     * Keeps a pair's environment label exactly as its source file wrote it (GenMO's " Others"), for the paper's
     * exact-label figures (V11), on the stored pair with these two stories, unless it already has one: a pair
     * imported before V11 gets its label when the file is imported again (nothing else about it changes).
     *
     * @throws StoreException on an SQL failure
     */
    void sourceEnvironment(StoryPair pair, String label);
  }

  private final Database db;

  /** @param db the open database */
  public PairImports(Database db) { this.db = db; }

  /**
   * Runs {@code work} as one import: every pair it adds is kept when it returns, none when it throws. Imports that
   * processes killed earlier are finished first ({@link ImportJournal#recover}).
   *
   * @param work the import; the batch must not be used after it returns
   * @return what the work returned
   * @throws StoreException.ServerGone when the process serving the database exited during the work or its commit:
   *                                   nothing was stored (the journal took out what was), so the caller may run the
   *                                   whole import again
   * @throws StoreException on any other SQL failure (nothing was stored), or when the database is read-only
   * @throws RuntimeException whatever the work throws (nothing was stored)
   */
  public <T> T write(Function<? super Batch, T> work) {
    ImportJournal journal = new ImportJournal(db);
    journal.recover();
    // a journal row whose commit was lost unseen holds no pair: the recovery of a later process removes it
    long importId = Database.againAfterLostCommit(journal::begin);
    T result;
    try {
      result = db.inTransactionOnce(c -> run(new OnConnection(c, importId), work));
    } catch (RuntimeException | Error e) {
      try {
        journal.rollBack(importId);
      } catch (RuntimeException again) {
        e.addSuppressed(again);
        throw e;
      }
      // before the commit point every pair is hidden and the roll-back has deleted them: nothing was stored
      if (e instanceof StoreException.CommitUnknown lost) {
        throw new StoreException.ServerGone("the process serving the database went away while the import was committing;"
            + " its pairs were taken out again: nothing was stored", lost);
      }
      throw e;
    }
    long t0 = System.nanoTime();
    // publishing is a flip from 'writing' and then steps that each find what is left: running it again is harmless
    Database.againAfterLostCommit(() -> {
      journal.publish(importId);
      return null;
    });
    LOG.info("import {} published in {} ms", importId, (System.nanoTime() - t0) / 1_000_000);
    return result;
  }

  /**
   * Runs read-only {@code work} once, on one connection (the preview of an import).
   *
   * @throws StoreException on an SQL failure
   */
  public <T> T lookup(Function<? super Lookup, T> work) {
    return db.readOnce(c -> run(new OnConnection(c, 0), work));
  }

  /** Runs the work, turning the batch's wrapped SQL failures back into the SQL failure the database handles. */
  private static <T> T run(OnConnection on, Function<? super OnConnection, T> work) throws SQLException {
    try {
      return work.apply(on);
    } catch (Failed e) {
      throw e.sql;
    } finally {
      on.open = false;
      if (on.writer != null) on.writer.close();
    }
  }

  /** An SQL failure inside the batch, carried through the importer's code unchanged. */
  private static final class Failed extends RuntimeException {
    final SQLException sql;

    Failed(SQLException sql) {
      super(sql);
      this.sql = sql;
    }
  }

  @FunctionalInterface
  private interface SqlCall<T> { T run() throws SQLException; }

  private static final class OnConnection implements Batch {
    private final Connection c;
    /** The import's journal row (V15); 0 for a preview, which writes nothing. */
    private final long importId;
    private boolean open = true;
    /** The batched writer, made at the first write of the import (a preview never makes one). */
    private ImportWriter writer;

    OnConnection(Connection c, long importId) {
      this.c = c;
      this.importId = importId;
    }

    private <T> T sql(SqlCall<T> call) {
      if (!open) throw new IllegalStateException("the import's transaction has ended");
      try {
        return call.run();
      } catch (SQLException e) {
        throw new Failed(e);
      }
    }

    @Override
    public boolean isStored(StoryPair pair) { return stored(List.of(pair))[0]; }

    @Override
    public long pairSet(String name, String kind, String importedFrom) {
      return sql(() -> {
        var id = Sql.one(c, "SELECT id FROM pair_set WHERE name = ?", rs -> rs.getLong(1), name);
        if (id.isPresent()) {
          ImportJournal.set(c, importId, id.get(), false);
          return id.get();
        }
        String from = importedFrom == null || importedFrom.length() <= IMPORTED_FROM ? importedFrom
            : "…" + importedFrom.substring(importedFrom.length() - (IMPORTED_FROM - 1));
        long created = Sql.insert(c, "INSERT INTO pair_set(name, kind, created_at, imported_from) VALUES (?,?,?,?)", name, kind, Instant.now(), from);
        ImportJournal.set(c, importId, created, true);
        return created;
      });
    }

    @Override
    public boolean[] stored(List<StoryPair> pairs) {
      return sql(() -> {
        // a preview (importId 0) writes nothing and takes no turn
        if (importId != 0) ImportLock.take(c);
        return ImportWriter.stored(c, pairs);
      });
    }

    @Override
    public void sourceEnvironment(StoryPair pair, String label) {
      String hash = PairRows.storiesHash(pair);
      sql(() -> Sql.update(c, "UPDATE story_pair SET source_environment = ? WHERE stories_key = ? AND stories_hash = ? AND source_environment IS NULL",
          label, StoriesKey.of(hash), hash));
    }

    @Override
    public long addPair(long setId, ImportedPair p) { return addPairs(setId, List.of(p))[0]; }

    @Override
    public long[] addPairs(long setId, List<ImportedPair> pairs) {
      return sql(() -> {
        if (writer == null) writer = new ImportWriter(c, importId);
        return writer.add(setId, pairs);
      });
    }
  }
}
