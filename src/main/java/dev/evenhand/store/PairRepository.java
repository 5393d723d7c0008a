package dev.evenhand.store;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Story pairs, their stories, judgments and balanced judgments. Queue queries are paged and use the
 * indexes of V1 ({@code story_pair_queue}); nothing here loads every pair into memory.
 */
public final class PairRepository {
  private static final String STANCE_SQL = "(SELECT j.stance FROM judgment j JOIN story s ON s.id = j.story_id "
      + "WHERE s.pair_id = p.id AND s.gender = '%s' ORDER BY j.id DESC LIMIT 1)";
  private final Database db;

  /** @param db the open database */
  public PairRepository(Database db) { this.db = db; }

  /**
   * Stores a generated pair's stories at stage {@link PairStage#JUDGING}.
   *
   * @param runId     the generation run
   * @param setId     the run's pair set
   * @param attemptNo the attempt that produced it (unique per run: a resumed run never stores an attempt twice)
   * @param themeId   the seed theme, or null
   * @param pair      the stories
   * @param rouge1    ROUGE-1 F1 between the stories
   * @param modelTag  the model
   * @return the pair id
   */
  public long insertGenerated(long runId, long setId, int attemptNo, String themeId, StoryPair pair, double rouge1, String modelTag) {
    return db.inTransaction(c -> PairRows.insert(c, setId, runId, attemptNo, themeId, pair, rouge1, modelTag, PairStage.JUDGING));
  }

  /**
   * Stores a new generated pair together with the decision of the rules on it, in one transaction: its
   * stories, ROUGE-1, fidelity flags, the link from the story-pair call to the pair, and its stage, which
   * is {@link PairStage#JUDGING} when it passed the fidelity and near-duplicate checks, else
   * {@link PairStage#DROPPED} with the reason. A process killed at any moment therefore leaves either no
   * pair or a pair whose stage says what the rules decided, never a rejected pair at stage judging that
   * {@code generate --resume} would complete (issue 10, kind 4).
   *
   * @param runId         the generation run
   * @param setId         the run's pair set
   * @param attemptNo     the attempt that produced it (unique per run)
   * @param themeId       the seed theme, or null
   * @param pair          the stories
   * @param rouge1        ROUGE-1 F1 between the stories
   * @param modelTag      the model
   * @param fidelityFlags the non-gender differences between the stories (a bit set of the word diff)
   * @param storyCallId   the stored story-pair call that wrote the stories, linked to the pair; null for none
   * @param dropReason    null when the pair passed the rules, else the label of the rule that dropped it,
   *                      e.g. {@code fidelity_low} or {@code duplicate}
   * @return the pair id
   * @throws StoreException when the store refuses the write (nothing is written then)
   */
  public long insertGenerated(long runId, long setId, int attemptNo, String themeId, StoryPair pair, double rouge1, String modelTag,
                              int fidelityFlags, Long storyCallId, String dropReason) {
    return db.inTransaction(c -> {
      long id = PairRows.insert(c, setId, runId, attemptNo, themeId, pair, rouge1, modelTag, dropReason == null ? PairStage.JUDGING : PairStage.DROPPED);
      Sql.update(c, "UPDATE story_pair SET fidelity_flags = ?, drop_reason = ? WHERE id = ?", fidelityFlags, dropReason, id);
      if (storyCallId != null) Sql.update(c, "UPDATE model_call SET pair_id = ? WHERE id = ?", id, storyCallId);
      return id;
    });
  }

  /**
   * Stores a judgment of one story of a pair.
   *
   * @param callId the model call that produced it, or null (imported)
   */
  public void saveJudgment(long pairId, Gender gender, String modelTag, PromptTemplate template, Judgment j, Long callId) {
    db.inTransaction(c -> {
      PairRows.saveJudgment(c, pairId, gender, modelTag, template.id(), template.version(), j, callId);
      return null;
    });
  }

  /**
   * Takes the next imported pair of a set (import order) for a run that curates existing pairs: the pair
   * joins the run as that attempt, goes to stage judging and takes the run's model tag (the model that
   * judges it, so {@code export --model TAG} finds it), all in one transaction. Atomic, so parallel workers
   * never share a pair.
   *
   * @param setName   the imported set
   * @param runId     the curating run
   * @param attemptNo the run's attempt number
   * @param modelTag  the Ollama model tag of the run
   * @return the pair id, or empty when the set has no imported pair left
   */
  public Optional<Long> claimFromSet(String setName, long runId, int attemptNo, String modelTag) {
    return db.inTransaction(c -> {
      // a pair this run gave back (its judgment failed) is left for another run, not taken again at once
      Optional<Long> id = Sql.one(c, "SELECT p.id FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.name = ? AND p.stage = 'imported' "
          + "AND (p.run_id IS NULL OR p.run_id <> ?) ORDER BY p.id LIMIT 1 FOR UPDATE", rs -> rs.getLong(1), setName, runId);
      if (id.isEmpty()) return id;
      Sql.update(c, "UPDATE story_pair SET run_id = ?, attempt_no = ?, stage = 'judging', model_tag = ? WHERE id = ?", runId, attemptNo,
          modelTag, id.get());
      return id;
    });
  }

  /** @return how many pairs of a set are still imported (not yet curated) */
  public long importedLeft(String setName) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.name = ? AND p.stage = 'imported'",
        setName));
  }

  /**
   * @return for each set that holds imported pairs not yet curated (stage imported), how many, by set name in name order;
   *     empty when there are none
   */
  public java.util.Map<String, Long> importedLeftBySet() {
    java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (var e : db.read(c -> Sql.list(c, "SELECT s.name, COUNT(*) FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE p.stage = 'imported' "
        + "GROUP BY s.name ORDER BY s.name", rs -> java.util.Map.entry(rs.getString(1), rs.getLong(2))))) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** @return how many imported pairs of all sets are not yet curated (stage imported) */
  public long importedLeft() {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE stage = 'imported'"));
  }

  /**
   * Gives a claimed imported pair back to its set ({@link #claimFromSet}): stage imported again, waiting for judgments; a
   * judgment already stored stays and is used by the run that takes it next. The run that gave it back does not take it
   * again.
   *
   * @throws StoreException on an SQL failure
   */
  public void returnToImported(long pairId) { setStage(pairId, PairStage.IMPORTED, null, null); }

  /** Moves a pair to a stage, recording whether it is divergent. */
  public void setStage(long pairId, PairStage stage, Boolean divergent, String dropReason) {
    db.inTransaction(c -> {
      Sql.update(c, "UPDATE story_pair SET stage = ?, divergent = ?, drop_reason = ? WHERE id = ?", stage.label(), divergent, dropReason, pairId);
      PairRows.setQueueKey(c, pairId);
      return null;
    });
  }

  /**
   * Stores the model's balanced judgment and completes the pair, in one transaction.
   *
   * @param callId the call that produced it, or null
   */
  public void saveBalancedAndComplete(long pairId, BalancedJudgment b, Long callId) {
    db.inTransaction(c -> {
      PairRows.saveBalanced(c, pairId, b, callId);
      Sql.update(c, "UPDATE story_pair SET stage = 'complete' WHERE id = ?", pairId);
      return null;
    });
  }

  /**
   * A pair of a run that did not reach a final stage.
   *
   * @param id    pair id
   * @param stage where it stopped
   */
  public record Unfinished(long id, PairStage stage) {}

  /** @return the pairs of a run still at judging or balancing, oldest first */
  public List<Unfinished> unfinished(long runId) {
    return db.read(c -> Sql.list(c, "SELECT id, stage FROM story_pair WHERE run_id = ? AND stage IN ('judging','balancing') ORDER BY id",
        rs -> new Unfinished(rs.getLong(1), PairStage.of(rs.getString(2))), runId));
  }

  /** @return pairs of a run at stage complete */
  public int completeCount(long runId) {
    return (int) (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE run_id = ? AND stage = 'complete'", runId));
  }

  /** @return pairs of a run that were divergent (kept or not) */
  public int divergentCount(long runId) {
    return (int) (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE run_id = ? AND divergent", runId));
  }

  /**
   * @return the texts of the stories stored for a run that passed the fidelity and duplicate checks (for
   *     near-duplicate checks), male then female per pair
   */
  public List<String> storyTexts(long runId) {
    return db.read(c -> Sql.list(c, "SELECT s.text FROM story s JOIN story_pair p ON p.id = s.pair_id WHERE p.run_id = ? "
        + "AND (p.drop_reason IS NULL OR p.drop_reason NOT IN ('fidelity_low','fidelity_high','duplicate')) ORDER BY s.id",
        rs -> rs.getString(1), runId));
  }

  /** @return a run's dropped pairs counted by drop reason, sorted by reason */
  public Map<String, Long> dropReasons(long runId) {
    return counts("SELECT drop_reason, COUNT(*) FROM story_pair WHERE run_id = ? AND stage = 'dropped' GROUP BY drop_reason ORDER BY drop_reason",
        runId);
  }

  /** @return how many pairs a run stored at any stage */
  public int pairCount(long runId) {
    return (int) (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE run_id = ?", runId));
  }

  /** @return the full pair with its latest judgments and balanced judgment */
  public Optional<CuratedPair> find(long id) {
    return db.read(c -> PairRows.find(c, id));
  }

  /**
   * One page of the review queue, divergent pairs first, then by id.
   *
   * @param q      the filter
   * @param offset rows to skip
   * @param limit  rows at most
   * @return the page
   */
  public List<PairSummary> page(PairQuery q, int offset, int limit) {
    PairSql f = PairSql.of(q, db);
    // the page's ids first (from the queue indexes), then their rows: the per-row subqueries then run for
    // this page only, not for every pair the filter matches
    List<Long> ids = db.read(c -> Sql.list(c, "SELECT p.id FROM story_pair p " + f.where() + " ORDER BY " + f.orderBy(q)
        + " LIMIT ? OFFSET ?", rs -> rs.getLong(1), f.argsAnd(limit, offset)));
    Map<Long, PairSummary> rows = summaries(ids);
    List<PairSummary> out = new ArrayList<>(ids.size());
    for (long id : ids) if (rows.containsKey(id)) out.add(rows.get(id));
    return out;
  }

  /**
   * @param ids pair ids (at most a few hundred: one page of the list)
   * @return their queue rows by id
   */
  public Map<Long, PairSummary> summaries(List<Long> ids) {
    if (ids.isEmpty()) return new HashMap<>();
    String sql = "SELECT p.id, p.environment, p.divergent, p.status, "
        + "(SELECT name FROM story WHERE pair_id = p.id AND gender = 'male') AS male_name, "
        + "(SELECT name FROM story WHERE pair_id = p.id AND gender = 'female') AS female_name, "
        + "(SELECT SUBSTRING(text, 1, 120) FROM story WHERE pair_id = p.id AND gender = 'male') AS preview, "
        + String.format(STANCE_SQL, "male") + " AS male_stance, " + String.format(STANCE_SQL, "female") + " AS female_stance "
        + "FROM story_pair p WHERE p.id IN (" + PairSql.placeholders(ids.size()) + ")";
    return db.read(c -> {
      Map<Long, PairSummary> out = new HashMap<>();
      for (PairSummary r : Sql.list(c, sql, PairRepository::summary, ids.toArray())) out.put(r.id(), r);
      return out;
    });
  }

  /** @return how many pairs match the filter */
  public long count(PairQuery q) {
    PairSql f = PairSql.of(q, db);
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair p " + f.where(), f.argsAnd()));
  }

  /** @return the ids of the pairs matching the filter, in queue order (ids only: 8 bytes a pair) */
  public List<Long> ids(PairQuery q) {
    PairSql f = PairSql.of(q, db);
    return db.read(c -> Sql.list(c, "SELECT p.id FROM story_pair p " + f.where() + " ORDER BY " + f.orderBy(q),
        rs -> rs.getLong(1), f.argsAnd()));
  }

  /**
   * Streams every matching pair in id order to {@code each}, one at a time, on the caller's thread, fetched in pages
   * so memory does not grow with the number of pairs: the primary key is walked in windows of
   * {@value PairPages#WINDOW} ids, and each window's matching pairs are read whole with four queries
   * ({@link PairPages}). While {@code each} takes one page, a thread of this call reads the next (issue 13: an export
   * lints and writes while the store reads), so at most two pages are held.
   *
   * @throws StoreException on an SQL failure; whatever {@code each} throws, after the read under way has ended
   */
  public void forEach(PairQuery q, Consumer<CuratedPair> each) { PairPages.forEach(db, PairSql.of(q, db), each); }

  /** @return counts of queue pairs by review status, in the enum's order (every status present, zero included) */
  public Map<ReviewStatus, Long> countByStatus() {
    Map<ReviewStatus, Long> m = new EnumMap<>(ReviewStatus.class);
    for (ReviewStatus s : ReviewStatus.values()) m.put(s, 0L);
    counts("SELECT status, COUNT(*) FROM story_pair WHERE stage = 'complete' GROUP BY status").forEach((label, n) -> m.put(ReviewStatus.parse(label), n));
    return m;
  }

  /** @return every pair set with its number of pairs (any stage but the attempts a generation run dropped, and an unfinished import's), sorted by name */
  public Map<String, Long> countBySet() {
    return counts(
        "SELECT s.name, COUNT(p.id) FROM pair_set s LEFT JOIN story_pair p ON p.set_id = s.id AND p.stage NOT IN ('" + ImportJournal.STAGE + "', '"
        + PairStage.DROPPED.label() + "') "
        + "GROUP BY s.name ORDER BY s.name");
  }

  /** @return true when a pair set of that name exists */
  public boolean setExists(String name) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM pair_set WHERE name = ?", name)) > 0;
  }

  /** @return counts of queue pairs by environment, sorted by label */
  public Map<String, Long> countByEnvironment() {
    return counts(
        "SELECT environment, COUNT(*) FROM story_pair WHERE stage = 'complete' GROUP BY environment ORDER BY environment");
  }

  /** One row of a GROUP BY count: the label (may be null) and its count. */
  private record Count(String label, long n) {}

  /** @return each (label, count) row of a two-column GROUP BY query, in row order */
  private Map<String, Long> counts(String sql, Object... args) {
    return db.read(c -> {
      Map<String, Long> into = new LinkedHashMap<>();
      for (Count r : Sql.list(c, sql, rs -> new Count(rs.getString(1), rs.getLong(2)), args)) into.put(r.label(), r.n());
      return into;
    });
  }

  /**
   * One distinct provenance of the model calls behind a set of pairs.
   *
   * @param modelTag        Ollama model tag
   * @param modelDigest     its digest
   * @param ollamaVersion   the server's version
   * @param templateId      prompt template id
   * @param templateVersion prompt template version
   */
  public record Provenance(String modelTag, String modelDigest, String ollamaVersion, String templateId, int templateVersion) {}

  /** @return the distinct provenance of the successful calls behind the matching pairs, sorted */
  public List<Provenance> provenance(PairQuery q) {
    PairSql f = PairSql.of(q, db);
    return db.read(c -> Sql.list(c, "SELECT DISTINCT mc.model_tag, mc.model_digest, mc.ollama_version, mc.template_id, mc.template_version "
            + "FROM model_call mc JOIN story_pair p ON p.id = mc.pair_id " + f.where() + " AND mc.outcome = 'ok' "
            + "ORDER BY 1, 2, 3, 4, 5",
        rs -> new Provenance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)), f.argsAnd()));
  }

  /**
   * Starts the marks of a trainer export (V24): the export adds each pair it writes and publishes the run once its
   * files are in place, which makes all its pairs exported at once (an audit over them is contaminated); see
   * {@link ExportRun}.
   *
   * @param format the export format's id
   * @return the run, to close when the export ends; on a read-only database one that marks nothing
   * @throws StoreException on an SQL failure
   */
  public ExportRun startExport(String format) { return ExportRun.start(db, format); }

  /** Sets a pair's fidelity flags (non-gender differences between its stories, from the word diff). */
  public void setFidelityFlags(long pairId, int flags) {
    db.inTransaction(c -> Sql.update(c, "UPDATE story_pair SET fidelity_flags = ? WHERE id = ?", flags, pairId));
  }

  /**
   * The distinct values of a facet among queue pairs, for filter pickers. Read as a loose index scan: one query per
   * value, each taking the next value after the last from the facet's index ({@code story_pair_env}, V1;
   * {@code story_pair_model}, V3; named to H2, whose cost estimate would take a stage index and sort), so the time
   * grows with the number of values (a few dozen), not with the pairs; a value held only by pairs outside the queue is
   * stepped over pair by pair. A {@code SELECT DISTINCT} read every row: seconds at a million pairs, during which the
   * screen's other reads competed with it for the CPU and H2's page cache (issue 15, point 8).
   *
   * @return the values, sorted as the database orders them
   * @throws StoreException on an SQL failure
   */
  public List<String> distinct(PairQuery.Facet facet) {
    return db.read(c -> {
      Dialect d = Dialect.of(c);
      List<String> values = new ArrayList<>();
      Optional<String> v = Sql.one(c, nextValue(facet, d, true), rs -> rs.getString(1));
      try (PreparedStatement ps = c.prepareStatement(nextValue(facet, d, false))) {
        while (v.isPresent()) {
          values.add(v.get());
          Sql.bind(ps, v.get());
          try (ResultSet rs = ps.executeQuery()) {
            v = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
          }
        }
      }
      return values;
    });
  }

  /**
   * @param first true for the first value, false for the value after the one bound to the statement's one parameter
   * @return the query for one step of {@link #distinct}: a facet's least value of a queue pair (after the one given),
   *     read through the facet's index
   */
  static String nextValue(PairQuery.Facet facet, Dialect d, boolean first) {
    String column = switch (facet) {
      case ENVIRONMENT -> "environment";
      case MODEL_TAG -> "model_tag";
    };
    String index = switch (facet) {
      case ENVIRONMENT -> "story_pair_env";
      case MODEL_TAG -> "story_pair_model";
    };
    return "SELECT " + column + " FROM story_pair" + d.useIndex(index) + " WHERE " + column + (first ? " IS NOT NULL" : " > ?")
        + " AND stage = 'complete' ORDER BY " + column + " FETCH FIRST 1 ROW ONLY";
  }

  /** @return the reviewers who acted on any pair, sorted */
  public List<String> reviewers() {
    return db.read(c -> Sql.list(c, "SELECT DISTINCT reviewer FROM review_action ORDER BY 1", rs -> rs.getString(1)));
  }

  private static PairSummary summary(ResultSet rs) throws SQLException {
    return new PairSummary(rs.getLong("id"), rs.getString("environment"), nz(rs.getString("male_name")), nz(rs.getString("female_name")),
        stance(rs.getString("male_stance")), stance(rs.getString("female_stance")), rs.getBoolean("divergent"),
        ReviewStatus.parse(rs.getString("status")), nz(rs.getString("preview")));
  }

  private static Stance stance(String s) { return s == null ? Stance.INVALID : Stance.valueOf(s); }

  private static String nz(String s) { return s == null ? "" : s; }
}
