package dev.evenhand.store;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.StoryPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Imports into the store: the store opens the transaction and hands the importer a {@link Batch}, a typed
 * writer that lives only as long as that transaction. An import is all or nothing: when the work returns
 * every pair it added is committed; when it throws (an invalid file, a cancel) nothing is. The work runs
 * once: it reads a file and reports as it goes, so it is never repeated behind the importer's back.
 */
public final class PairImports {
  /** {@code pair_set.imported_from}, V5: the path an import came from. */
  static final int IMPORTED_FROM = 1000;

  /** What an import may ask the store before writing anything (a preview). */
  public interface Lookup {
    /**
     * @return true when a pair with these two stories is stored (any set, any stage): the import skips it
     * @throws StoreException on an SQL failure (the import stops, nothing is written)
     */
    boolean isStored(StoryPair pair);
  }

  /** The writer of one import, valid inside the transaction {@link #write} opened. */
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
     * history, as given, with its queue key and search text.
     *
     * @return the new pair's id
     * @throws StoreException on an SQL failure
     */
    long addPair(long setId, ImportedPair pair);

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
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   *
   * @param work the import; the batch must not be used after it returns
   * @return what the work returned
   * @throws StoreException.ServerGone when the process serving the database exited during the work: nothing was stored,
   *                                   so the caller may run the whole import again
   * @throws StoreException on any other SQL failure (nothing was stored), or when the database is read-only
   * @throws RuntimeException whatever the work throws (nothing was stored)
   */
  public <T> T write(Function<? super Batch, T> work) {
    return db.inTransactionOnce(c -> run(new OnConnection(c), work));
  }

  /**
   * Runs read-only {@code work} once, on one connection (the preview of an import).
   *
   * @throws StoreException on an SQL failure
   */
  public <T> T lookup(Function<? super Lookup, T> work) {
    return db.readOnce(c -> run(new OnConnection(c), work));
  }

  /** Runs the work, turning the batch's wrapped SQL failures back into the SQL failure the database handles. */
  private static <T> T run(OnConnection on, Function<? super OnConnection, T> work) throws SQLException {
    try {
      return work.apply(on);
    } catch (Failed e) {
      throw e.sql;
    } finally {
      on.open = false;
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
    private boolean open = true;

    OnConnection(Connection c) { this.c = c; }

    private <T> T sql(SqlCall<T> call) {
      if (!open) throw new IllegalStateException("the import's transaction has ended");
      try {
        return call.run();
      } catch (SQLException e) {
        throw new Failed(e);
      }
    }

    @Override
    public boolean isStored(StoryPair pair) { return sql(() -> PairRows.isStored(c, pair)); }

    @Override
    public long pairSet(String name, String kind, String importedFrom) {
      return sql(() -> {
        var id = Sql.one(c, "SELECT id FROM pair_set WHERE name = ?", rs -> rs.getLong(1), name);
        if (id.isPresent()) return id.get();
        String from = importedFrom == null || importedFrom.length() <= IMPORTED_FROM ? importedFrom
            : "…" + importedFrom.substring(importedFrom.length() - (IMPORTED_FROM - 1));
        return Sql.insert(c, "INSERT INTO pair_set(name, kind, created_at, imported_from) VALUES (?,?,?,?)", name, kind, Instant.now(), from);
      });
    }

    @Override
    public long addPair(long setId, ImportedPair p) { return sql(() -> insert(c, setId, p)); }

    @Override
    public void sourceEnvironment(StoryPair pair, String label) {
      sql(() -> Sql.update(c, "UPDATE story_pair SET source_environment = ? WHERE stories_hash = ? AND source_environment IS NULL", label,
          PairRows.storiesHash(pair)));
    }
  }

  private static long insert(Connection c, long setId, ImportedPair p) throws SQLException {
    PairArchive a = p.archive();
    long id = PairRows.insert(c, setId, null, null, null, p.pair(), p.rouge1(), p.modelTag(), p.stage());
    Sql.update(c, "UPDATE story_pair SET identical = ?, fidelity_flags = ?, status = ?, flagged = ?, source_id = ?, source_set = ?, "
            + "created_at = COALESCE(?, created_at), exported_at = ?, theme_id = ? WHERE id = ?",
        p.pair().identical(), a.fidelityFlags(), p.status().label(), p.flagged(), p.sourceId(), p.sourceSet(), a.createdAt(), a.exportedAt(),
        a.themeId(), id);
    List<Long> callIds = PairCalls.insert(c, id, a.calls());
    Map<Gender, Long> storyIds = new EnumMap<>(Gender.class);
    for (Gender g : Gender.values()) storyIds.put(g, PairRows.storyId(c, id, g));
    for (PairArchive.JudgmentRow j : a.judgments()) {
      Sql.insert(c, "INSERT INTO judgment(story_id, model_tag, template_id, template_version, stance, explanation, created_at, call_id) "
          + "VALUES (?,?,?,?,?,?,?,?)", storyIds.get(j.gender()), j.modelTag(), j.templateId(), j.templateVersion(), j.stance(),
          j.explanation(), j.at(), PairCalls.id(callIds, j.call()));
    }
    for (PairArchive.BalancedRow b : a.balanced()) {
      Sql.update(c, "INSERT INTO balanced_judgment(pair_id, gender, proposed_text, text, updated_at, call_id) VALUES (?,?,?,?,?,?)",
          id, b.gender().label(), b.proposed(), b.text(), b.updatedAt(), PairCalls.id(callIds, b.call()));
    }
    for (PairArchive.ReviewRow h : a.history()) {
      long actionId = Sql.insert(c, "INSERT INTO review_action(pair_id, reviewer, action, status_before, status_after, male_before, female_before, "
              + "male_after, female_after, reason, blind, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
          id, h.reviewer(), h.action(), h.statusBefore(), h.statusAfter(), h.maleBefore(), h.femaleBefore(), h.maleAfter(), h.femaleAfter(),
          h.reason(), h.blind(), h.at());
      ReviewRepository.saveOverride(c, actionId, h.override());
    }
    PairRows.setDivergent(c, id, a.divergent());
    PairRows.refreshSearchText(c, id);
    return id;
  }
}
