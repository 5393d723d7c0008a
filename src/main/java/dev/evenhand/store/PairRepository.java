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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
    return db.inTransaction(c -> insert(c, setId, runId, attemptNo, themeId, pair, rouge1, modelTag, PairStage.JUDGING));
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
      long id = insert(c, setId, runId, attemptNo, themeId, pair, rouge1, modelTag, dropReason == null ? PairStage.JUDGING : PairStage.DROPPED);
      Sql.update(c, "UPDATE story_pair SET fidelity_flags = ?, drop_reason = ? WHERE id = ?", fidelityFlags, dropReason, id);
      if (storyCallId != null) Sql.update(c, "UPDATE model_call SET pair_id = ? WHERE id = ?", id, storyCallId);
      return id;
    });
  }

  /**
   * Inserts a pair and its two stories on the caller's connection (used by imports, one transaction each).
   *
   * @return the pair id
   */
  public static long insert(Connection c, long setId, Long runId, Integer attemptNo, String themeId, StoryPair pair,
                            double rouge1, String modelTag, PairStage stage) throws SQLException {
    long id = Sql.insert(c, "INSERT INTO story_pair(set_id, run_id, attempt_no, theme_id, environment, rouge1, identical, stage, "
            + "model_tag, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        setId, runId, attemptNo, themeId, pair.environment(), rouge1, pair.identical(), stage.label(), modelTag, Instant.now());
    for (Story s : List.of(pair.male(), pair.female())) {
      Sql.insert(c, "INSERT INTO story(pair_id, gender, name, text) VALUES (?,?,?,?)", id, s.gender().label(), s.name(), s.text());
    }
    refreshSearchText(c, id);
    setQueueKey(c, id);
    Sql.update(c, "UPDATE story_pair SET stories_hash = ? WHERE id = ?", storiesHash(pair), id);
    return id;
  }

  /**
   * Stores a judgment of one story of a pair.
   *
   * @param callId the model call that produced it, or null (imported)
   */
  public void saveJudgment(long pairId, Gender gender, String modelTag, PromptTemplate template, Judgment j, Long callId) {
    db.inTransaction(c -> {
      saveJudgment(c, pairId, gender, modelTag, template.id(), template.version(), j, callId);
      return null;
    });
  }

  /** As {@link #saveJudgment(long, Gender, String, PromptTemplate, Judgment, Long)} on the caller's connection. */
  public static void saveJudgment(Connection c, long pairId, Gender gender, String modelTag, String templateId, int templateVersion,
                                  Judgment j, Long callId) throws SQLException {
    long storyId = Sql.count(c, "SELECT id FROM story WHERE pair_id = ? AND gender = ?", pairId, gender.label());
    Sql.insert(c, "INSERT INTO judgment(story_id, model_tag, template_id, template_version, stance, explanation, call_id, created_at) "
        + "VALUES (?,?,?,?,?,?,?,?)", storyId, modelTag, templateId, templateVersion, j.stance().name(), j.explanation(), callId, Instant.now());
    refreshSearchText(c, pairId);
  }

  /** @return the SHA-256 (hex) of the two stories, the key that finds a pair already stored */
  public static String storiesHash(StoryPair p) {
    try {
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      d.update(p.male().text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(p.female().text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return true when a pair with these two stories is stored (any set, any stage) */
  public static boolean exists(Connection c, StoryPair p) throws SQLException {
    return Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE stories_hash = ?", storiesHash(p)) > 0;
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
      Optional<Long> id = Sql.one(c, "SELECT p.id FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.name = ? AND p.stage = 'imported' "
          + "ORDER BY p.id LIMIT 1 FOR UPDATE", rs -> rs.getLong(1), setName);
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

  /** @return how many imported pairs of all sets are not yet curated (stage imported) */
  public long importedLeft() {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE stage = 'imported'"));
  }

  /** Moves a pair to a stage, recording whether it is divergent. */
  public void setStage(long pairId, PairStage stage, Boolean divergent, String dropReason) {
    db.inTransaction(c -> {
      Sql.update(c, "UPDATE story_pair SET stage = ?, divergent = ?, drop_reason = ? WHERE id = ?", stage.label(), divergent, dropReason, pairId);
      setQueueKey(c, pairId);
      return null;
    });
  }

  /** Sets whether a pair is divergent (null: undecided), keeping its queue order key, on the caller's connection. */
  public static void setDivergent(Connection c, long pairId, Boolean divergent) throws SQLException {
    Sql.update(c, "UPDATE story_pair SET divergent = ? WHERE id = ?", divergent, pairId);
    setQueueKey(c, pairId);
  }

  /** The queue's default order as one ascending key: divergent, consistent, undecided; by id within each. */
  private static void setQueueKey(Connection c, long pairId) throws SQLException {
    Sql.update(c, "UPDATE story_pair SET queue_key = CASE WHEN divergent THEN 0 WHEN NOT divergent THEN 1 ELSE 2 END * 1099511627776 + id "
        + "WHERE id = ?", pairId);
  }

  /**
   * Stores the model's balanced judgment and completes the pair, in one transaction.
   *
   * @param callId the call that produced it, or null
   */
  public void saveBalancedAndComplete(long pairId, BalancedJudgment b, Long callId) {
    db.inTransaction(c -> {
      saveBalanced(c, pairId, b, callId);
      Sql.update(c, "UPDATE story_pair SET stage = 'complete' WHERE id = ?", pairId);
      return null;
    });
  }

  /** Stores a proposed balanced judgment on the caller's connection (proposed text = current text). */
  public static void saveBalanced(Connection c, long pairId, BalancedJudgment b, Long callId) throws SQLException {
    for (Gender g : Gender.values()) {
      Sql.update(c, "MERGE INTO balanced_judgment(pair_id, gender, proposed_text, text, call_id, updated_at) KEY(pair_id, gender) "
          + "VALUES (?,?,?,?,?,?)", pairId, g.label(), b.forGender(g), b.forGender(g), callId, Instant.now());
    }
    refreshSearchText(c, pairId);
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
    Map<String, Long> m = new LinkedHashMap<>();
    db.read(c -> {
      for (Object[] r : Sql.list(c, "SELECT drop_reason, COUNT(*) FROM story_pair WHERE run_id = ? AND stage = 'dropped' "
          + "GROUP BY drop_reason ORDER BY drop_reason", rs -> new Object[] {rs.getString(1), rs.getLong(2)}, runId)) {
        m.put((String) r[0], (Long) r[1]);
      }
      return null;
    });
    return m;
  }

  /** @return how many pairs a run stored at any stage */
  public int pairCount(long runId) {
    return (int) (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE run_id = ?", runId));
  }

  /** @return the full pair with its latest judgments and balanced judgment */
  public Optional<CuratedPair> find(long id) {
    return db.read(c -> find(c, id));
  }

  static Optional<CuratedPair> find(Connection c, long id) throws SQLException {
    Optional<Object[]> head = Sql.one(c, "SELECT p.*, ps.name AS set_name FROM story_pair p JOIN pair_set ps ON ps.id = p.set_id WHERE p.id = ?",
        rs -> new Object[] {rs.getString("environment"), rs.getDouble("rouge1"), rs.getString("model_tag"), rs.getString("status"),
            rs.getBoolean("flagged"), Sql.instant(rs, "created_at"), rs.getString("set_name"), Sql.longOrNull(rs, "source_id"),
            rs.getString("source_set")}, id);
    if (head.isEmpty()) return Optional.empty();
    Object[] h = head.get();
    Map<Gender, Story> stories = new LinkedHashMap<>();
    Map<Gender, Judgment> judgments = new LinkedHashMap<>();
    Map<Gender, String> balanced = new LinkedHashMap<>();
    for (Object[] s : Sql.list(c, "SELECT id, gender, name, text FROM story WHERE pair_id = ?",
        rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)}, id)) {
      Gender g = Gender.valueOf(((String) s[1]).toUpperCase(Locale.ROOT));
      stories.put(g, new Story(g, (String) s[2], (String) s[3]));
      Sql.one(c, "SELECT stance, explanation FROM judgment WHERE story_id = ? ORDER BY id DESC LIMIT 1",
              rs -> new Judgment(Stance.valueOf(rs.getString(1)), rs.getString(2)), s[0])
          .ifPresent(j -> judgments.put(g, j));
    }
    for (Object[] b : Sql.list(c, "SELECT gender, text FROM balanced_judgment WHERE pair_id = ?",
        rs -> new Object[] {rs.getString(1), rs.getString(2)}, id)) {
      balanced.put(Gender.valueOf(((String) b[0]).toUpperCase(Locale.ROOT)), (String) b[1]);
    }
    StoryPair pair = new StoryPair(stories.get(Gender.MALE), stories.get(Gender.FEMALE), (String) h[0]);
    Optional<BalancedJudgment> bj = balanced.size() == 2
        ? Optional.of(new BalancedJudgment(balanced.get(Gender.MALE), balanced.get(Gender.FEMALE))) : Optional.empty();
    return Optional.of(new CuratedPair(id, (String) h[6], pair, (Double) h[1], Optional.ofNullable(judgments.get(Gender.MALE)),
        Optional.ofNullable(judgments.get(Gender.FEMALE)), h[2] == null ? "" : (String) h[2], bj,
        ReviewStatus.parse((String) h[3]), (Boolean) h[4], (Instant) h[5], h[7] == null ? id : (Long) h[7],
        h[8] == null ? (String) h[6] : (String) h[8]));
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
    List<Object> args = new ArrayList<>();
    String where = where(q, args);
    args.add(limit);
    args.add(offset);
    // the page's ids first (from the queue indexes), then their rows: the per-row subqueries then run for
    // this page only, not for every pair the filter matches
    List<Long> ids = db.read(c -> Sql.list(c, "SELECT p.id FROM story_pair p " + where + " ORDER BY " + orderBy(q)
        + " LIMIT ? OFFSET ?", rs -> rs.getLong(1), args.toArray()));
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
    Map<Long, PairSummary> out = new java.util.HashMap<>();
    if (ids.isEmpty()) return out;
    String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
    String sql = "SELECT p.id, p.environment, p.divergent, p.status, "
        + "(SELECT name FROM story WHERE pair_id = p.id AND gender = 'male') AS male_name, "
        + "(SELECT name FROM story WHERE pair_id = p.id AND gender = 'female') AS female_name, "
        + "(SELECT SUBSTRING(text, 1, 120) FROM story WHERE pair_id = p.id AND gender = 'male') AS preview, "
        + String.format(STANCE_SQL, "male") + " AS male_stance, " + String.format(STANCE_SQL, "female") + " AS female_stance "
        + "FROM story_pair p WHERE p.id IN (" + in + ")";
    db.read(c -> {
      for (PairSummary r : Sql.list(c, sql, PairRepository::summary, ids.toArray())) out.put(r.id(), r);
      return null;
    });
    return out;
  }

  /** @return how many pairs match the filter */
  public long count(PairQuery q) {
    List<Object> args = new ArrayList<>();
    String where = where(q, args);
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair p " + where, args.toArray()));
  }

  /** @return the ids of the pairs matching the filter, in queue order (ids only: 8 bytes a pair) */
  public List<Long> ids(PairQuery q) {
    List<Object> args = new ArrayList<>();
    String where = where(q, args);
    return db.read(c -> Sql.list(c, "SELECT p.id FROM story_pair p " + where + " ORDER BY " + orderBy(q),
        rs -> rs.getLong(1), args.toArray()));
  }

  /**
   * Streams every matching pair in id order to {@code each}, one at a time, fetched in pages so memory
   * does not grow with the number of pairs.
   */
  public void forEach(PairQuery q, Consumer<CuratedPair> each) {
    long after = -1;
    while (true) {
      List<Object> args = new ArrayList<>();
      String where = where(q, args) + " AND p.id > ?";
      args.add(after);
      List<Long> ids = db.read(c -> Sql.list(c, "SELECT p.id FROM story_pair p " + where + " ORDER BY p.id LIMIT 500",
          rs -> rs.getLong(1), args.toArray()));
      if (ids.isEmpty()) return;
      // read the page first and hand it out afterwards: a read may run again (Database.read), a consumer must not
      List<CuratedPair> page = db.read(c -> {
        List<CuratedPair> found = new ArrayList<>(ids.size());
        for (long id : ids) find(c, id).ifPresent(found::add);
        return found;
      });
      page.forEach(each);
      after = ids.get(ids.size() - 1);
    }
  }

  /**
   * @return counts of queue pairs by review status (every status present, zero included)
   */
  public Map<String, Long> countByStatus() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (ReviewStatus s : ReviewStatus.values()) m.put(s.label(), 0L);
    countsInto(m, "SELECT status, COUNT(*) FROM story_pair WHERE stage = 'complete' GROUP BY status");
    return m;
  }

  /** @return every pair set with its number of pairs (any stage), sorted by name */
  public Map<String, Long> countBySet() {
    return countsInto(new LinkedHashMap<>(),
        "SELECT s.name, COUNT(p.id) FROM pair_set s LEFT JOIN story_pair p ON p.set_id = s.id GROUP BY s.name ORDER BY s.name");
  }

  /** @return true when a pair set of that name exists */
  public boolean setExists(String name) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM pair_set WHERE name = ?", name)) > 0;
  }

  /** @return counts of queue pairs by environment, sorted by label */
  public Map<String, Long> countByEnvironment() {
    return countsInto(new LinkedHashMap<>(),
        "SELECT environment, COUNT(*) FROM story_pair WHERE stage = 'complete' GROUP BY environment ORDER BY environment");
  }

  /** Puts each (label, count) row of a two-column GROUP BY query into {@code into}, in row order. */
  private Map<String, Long> countsInto(Map<String, Long> into, String sql) {
    db.read(c -> {
      for (Object[] r : Sql.list(c, sql, rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
        into.put((String) r[0], (Long) r[1]);
      }
      return null;
    });
    return into;
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
    List<Object> args = new ArrayList<>();
    String where = where(q, args);
    return db.read(c -> Sql.list(c, "SELECT DISTINCT mc.model_tag, mc.model_digest, mc.ollama_version, mc.template_id, mc.template_version "
            + "FROM model_call mc JOIN story_pair p ON p.id = mc.pair_id " + where + " AND mc.outcome = 'ok' "
            + "ORDER BY 1, 2, 3, 4, 5",
        rs -> new Provenance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)), args.toArray()));
  }

  /**
   * The ORDER BY of a query. For the default order it names the equality-filtered columns first (stage,
   * and status when filtered): that changes nothing in the order, but lets H2 read the page from the
   * index (stage[, status], queue_key) instead of sorting every matching row.
   */
  private static String orderBy(PairQuery q) {
    if (q.sort() != PairQuery.Sort.DIVERGENT_FIRST || q.ids().isPresent()) return q.sort().orderBy;
    return q.status().isPresent() ? "p.stage, p.status, p.queue_key" : "p.stage, p.queue_key";
  }

  private static String where(PairQuery q, List<Object> args) {
    StringBuilder w = new StringBuilder(q.ids().isPresent() ? "WHERE TRUE" : "WHERE p.stage = 'complete'");
    q.ids().ifPresent(ids -> {
      if (ids.isEmpty()) {
        w.append(" AND FALSE");
        return;
      }
      w.append(" AND p.id IN (").append(String.join(",", java.util.Collections.nCopies(ids.size(), "?"))).append(")");
      args.addAll(ids);
    });
    q.status().ifPresent(s -> { w.append(" AND p.status = ?"); args.add(s.label()); });
    // divergence as a range of the queue key (0: divergent, 1: consistent, times 2^40, plus id): an index range, not a scan
    q.divergent().ifPresent(d -> w.append(d ? " AND p.queue_key < 1099511627776" : " AND p.queue_key >= 1099511627776 AND p.queue_key < 2199023255552"));
    q.setName().ifPresent(s -> { w.append(" AND p.set_id = (SELECT id FROM pair_set WHERE name = ?)"); args.add(s); });
    q.environment().ifPresent(e -> { w.append(" AND p.environment = ?"); args.add(e); });
    q.modelTag().ifPresent(m -> { w.append(" AND p.model_tag = ?"); args.add(m); });
    if (q.fidelityFlagged()) w.append(" AND p.fidelity_flags > 0");
    q.reviewer().ifPresent(r -> { w.append(" AND EXISTS (SELECT 1 FROM review_action ra WHERE ra.reviewer = ? AND ra.pair_id = p.id)"); args.add(r); });
    q.since().ifPresent(t -> { w.append(" AND p.created_at >= ?"); args.add(t); });
    q.blindFor().ifPresent(me -> {
      w.append(" AND EXISTS (SELECT 1 FROM review_action ra WHERE ra.pair_id = p.id AND ra.reviewer <> ? AND ra.action IN ('accept','accept_edited','reject'))"
          + " AND NOT EXISTS (SELECT 1 FROM review_action ra WHERE ra.pair_id = p.id AND ra.reviewer = ?)");
      args.add(me);
      args.add(me);
    });
    q.search().ifPresent(text -> {
      for (String word : text.toLowerCase(Locale.ROOT).split("\\s+")) {
        if (word.isEmpty()) continue;
        w.append(" AND p.id IN (SELECT pair_id FROM pair_search WHERE text LIKE ? ESCAPE '\\')");
        args.add("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      }
    });
    return w.toString();
  }

  /**
   * Rebuilds a pair's search text from its stories, latest judgments and balanced judgments (lower case,
   * at most 60,000 characters), on the caller's connection.
   */
  public static void refreshSearchText(Connection c, long pairId) throws SQLException {
    StringBuilder sb = new StringBuilder();
    for (String t : Sql.list(c, "SELECT text FROM story WHERE pair_id = ? ORDER BY gender DESC", rs -> rs.getString(1), pairId)) sb.append(t).append('\n');
    for (String t : Sql.list(c, "SELECT j.explanation FROM judgment j JOIN story s ON s.id = j.story_id WHERE s.pair_id = ? ORDER BY j.id",
        rs -> rs.getString(1), pairId)) sb.append(t).append('\n');
    for (String t : Sql.list(c, "SELECT text FROM balanced_judgment WHERE pair_id = ?", rs -> rs.getString(1), pairId)) sb.append(t).append('\n');
    String text = sb.toString().toLowerCase(Locale.ROOT);
    Sql.update(c, "MERGE INTO pair_search(pair_id, text) KEY(pair_id) VALUES (?, ?)", pairId,
        text.length() > 60000 ? text.substring(0, 60000) : text);
  }

  /**
   * Marks the matching pairs as exported as training data now (an audit over them is contaminated).
   *
   * @return false when the database is read-only, so nothing could be marked ({@link Database#readOnlyReason()} says why)
   */
  public boolean markExported(PairQuery q) {
    if (db.readOnly()) return false;
    List<Object> args = new ArrayList<>();
    String where = where(q, args);
    db.inTransaction(c -> {
      List<Object> all = new ArrayList<>();
      all.add(Instant.now());
      all.addAll(args);
      return Sql.update(c, "UPDATE story_pair p SET exported_at = ? " + where, all.toArray());
    });
    return true;
  }

  /** Sets a pair's fidelity flags (non-gender differences between its stories, from the word diff). */
  public void setFidelityFlags(long pairId, int flags) {
    db.inTransaction(c -> Sql.update(c, "UPDATE story_pair SET fidelity_flags = ? WHERE id = ?", flags, pairId));
  }

  /** @return the distinct values of a column among queue pairs, for filter pickers (environment, model_tag) */
  public List<String> distinct(String column) {
    if (!column.equals("environment") && !column.equals("model_tag")) throw new IllegalArgumentException(column);
    return db.read(c -> Sql.list(c, "SELECT DISTINCT " + column + " FROM story_pair WHERE stage = 'complete' AND " + column
        + " IS NOT NULL ORDER BY 1", rs -> rs.getString(1)));
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
