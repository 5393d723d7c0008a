package dev.evenhand.store;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.GenderedWord;
import dev.evenhand.domain.StoryPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes imported pairs in batches on the connection of one import's transaction (issue 13, point 8): each
 * table gets one prepared statement, reused for every pair of the import, and a batch of pairs goes to H2 as
 * one {@code executeBatch} per table. The pair rows and the stories come back with their generated ids from
 * the batch itself ({@code getGeneratedKeys}), so no statement runs per pair to find an id, and the derived
 * columns (stories hash, search text) are computed here from the values being written instead of being read back;
 * the queue key is set when the journal publishes the pairs, which rewrites their rows anyway. The duplicate check
 * asks for a whole batch of stories hashes in one query. A batch of {@value #BATCH} pairs takes six statements (the
 * duplicate query and five or six batches; two more when pairs carry review history, one more when they carry model
 * calls), where about 25 ran per pair before (1,652 CSV rows/s in issue 13's measurement).
 * Each batch is committed on its own, hidden until the import's journal publishes it (V15, {@link ImportJournal}).
 */
final class ImportWriter implements AutoCloseable {
  /** Most pairs in one batch (one transaction) and in one duplicate query. */
  static final int BATCH = 250;

  private final Connection c;
  private final long importId;
  private final PreparedStatement pair;
  private final PreparedStatement story;
  private final PreparedStatement judgment;
  private final PreparedStatement balanced;
  private final PreparedStatement search;
  private final PreparedStatement exported;
  private PreparedStatement call;
  private PreparedStatement review;
  private PreparedStatement override;

  /**
   * @param c        the import's connection, not in auto-commit mode: each batch of pairs is committed on it
   * @param importId the import's journal row ({@link ImportJournal}): the pairs are written hidden, stage
   *                 {@value ImportJournal#STAGE}, until the journal publishes them
   * @throws SQLException when a statement cannot be prepared
   */
  ImportWriter(Connection c, long importId) throws SQLException {
    this.c = c;
    this.importId = importId;
    pair = c.prepareStatement("INSERT INTO story_pair(set_id, environment, rouge1, identical, stage, model_tag, created_at, fidelity_flags, "
        + "status, flagged, source_id, source_set, source_kind, divergent, stories_hash, stories_key, theme_id, import_stage, import_id, names_checked) "
        + "VALUES (?,?,?,?,'" + ImportJournal.STAGE + "',?,?,?,?,?,?,?,?,?,?,?,?,?,?,TRUE)", Statement.RETURN_GENERATED_KEYS);
    story = c.prepareStatement("INSERT INTO story(pair_id, gender, name, text) VALUES (?,?,?,?)", Statement.RETURN_GENERATED_KEYS);
    judgment = c.prepareStatement("INSERT INTO judgment(story_id, model_tag, template_id, template_version, stance, explanation, created_at, "
        + "call_id) VALUES (?,?,?,?,?,?,?,?)");
    balanced = c.prepareStatement("INSERT INTO balanced_judgment(pair_id, gender, proposed_text, text, updated_at, call_id) VALUES (?,?,?,?,?,?)");
    search = c.prepareStatement("INSERT INTO pair_search(pair_id, text) VALUES (?, ?)");
    exported = c.prepareStatement("INSERT INTO pair_export(pair_id, exported_at) VALUES (?, ?)");
  }

  /**
   * For each pair, whether it must be skipped as a duplicate: its two stories are stored (any set, any stage,
   * this import's earlier batches included) or repeat an earlier pair of the list. One query per
   * {@value #BATCH} pairs, which looks the pairs up by their stories keys ({@link StoriesKey}, V23) and keeps the rows
   * whose whole stories hash matches.
   *
   * @return one flag per pair, in order
   * @throws SQLException on an SQL failure
   */
  static boolean[] stored(Connection c, List<StoryPair> pairs) throws SQLException {
    boolean[] out = new boolean[pairs.size()];
    // one set for the whole call: a pair repeated in a later query's slice of the same call is also a duplicate (the
    // breaker of session twelve found a copy 250 to 499 records after its original imported twice)
    Set<String> known = new HashSet<>();
    for (int from = 0; from < pairs.size(); from += BATCH) {
      int to = Math.min(pairs.size(), from + BATCH);
      List<String> hashes = new ArrayList<>(to - from);
      for (StoryPair p : pairs.subList(from, to)) hashes.add(PairRows.storiesHash(p));
      Object[] keys = hashes.stream().map(StoriesKey::of).toArray();
      // the rows found by key are matched by their whole hash: one whose key collides and whose hash differs is another pair
      known.addAll(Sql.list(c, "SELECT stories_hash FROM story_pair WHERE stories_key IN ("
          + PairSql.placeholders(keys.length) + ")", rs -> rs.getString(1), keys));
      for (int i = from; i < to; i++) out[i] = !known.add(hashes.get(i - from));
    }
    return out;
  }

  /**
   * Stores whole pairs in a set, as {@link PairImports.Batch#addPair} stores one, {@value #BATCH} at a time.
   *
   * @return the new pairs' ids, in order
   * @throws SQLException on an SQL failure (the caller's transaction is then rolled back)
   */
  long[] add(long setId, List<ImportedPair> pairs) throws SQLException {
    long[] ids = new long[pairs.size()];
    for (int from = 0; from < pairs.size(); from += BATCH) addBatch(setId, pairs.subList(from, Math.min(pairs.size(), from + BATCH)), ids, from);
    return ids;
  }

  private void addBatch(long setId, List<ImportedPair> batch, long[] ids, int at) throws SQLException {
    Instant now = Instant.now();
    for (ImportedPair p : batch) {
      PairArchive a = p.archive();
      StoryPair s = p.pair();
      String hash = PairRows.storiesHash(s);
      Sql.bind(pair, setId, s.environment(), p.rouge1(), s.identical(), p.modelTag(), a.createdAt() == null ? now : a.createdAt(),
          a.fidelityFlags(), p.status().label(), p.flagged(), p.sourceId(), p.sourceSet(), p.sourceKind(), a.divergent(), hash, StoriesKey.of(hash), a.themeId(),
          p.stage().label(), importId);
      pair.addBatch();
    }
    long[] pairIds = keys(pair, batch.size());
    System.arraycopy(pairIds, 0, ids, at, pairIds.length);
    for (int i = 0; i < batch.size(); i++) {
      StoryPair s = batch.get(i).pair();
      for (var st : List.of(s.male(), s.female())) {
        Sql.bind(story, pairIds[i], st.gender().label(), st.name(), st.text());
        story.addBatch();
      }
    }
    long[] storyIds = keys(story, 2 * batch.size());
    int[] firstCall = new int[batch.size()];
    long[] callIds = calls(batch, pairIds, firstCall);
    List<ImportedPair> withHistory = new ArrayList<>();
    List<Long> historyPairIds = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ImportedPair p = batch.get(i);
      PairArchive a = p.archive();
      long id = pairIds[i];
      for (PairArchive.JudgmentRow j : a.judgments()) {
        long storyId = storyIds[2 * i + (j.gender() == Gender.MALE ? 0 : 1)];
        Sql.bind(judgment, storyId, j.modelTag(), j.templateId(), j.templateVersion(), j.stance(), j.explanation(), j.at(),
            callId(callIds, firstCall[i], j.call()));
        judgment.addBatch();
      }
      for (PairArchive.BalancedRow b : a.balanced()) {
        Sql.bind(balanced, id, b.gender().label(), b.proposed(), b.text(), b.updatedAt(), callId(callIds, firstCall[i], b.call()));
        balanced.addBatch();
      }
      Sql.bind(search, id, PairRows.searchText(searchParts(p)));
      search.addBatch();
      if (a.exportedAt() != null) {
        Sql.bind(exported, id, a.exportedAt());
        exported.addBatch();
      }
      if (!a.history().isEmpty()) {
        withHistory.add(p);
        historyPairIds.add(id);
      }
    }
    judgment.executeBatch();
    balanced.executeBatch();
    search.executeBatch();
    exported.executeBatch();
    if (!withHistory.isEmpty()) history(withHistory, historyPairIds);
    // each batch its own small transaction (see ImportJournal): the pairs stay hidden until the import publishes them
    if (!c.getAutoCommit()) c.commit();
  }

  /**
   * The model calls the pairs carry (lossless imports), linked to their pairs, in order; one batch for the whole
   * batch of pairs.
   *
   * @param firstCall filled with the index, in the returned ids, of each pair's first call
   * @return the new call rows' ids
   */
  private long[] calls(List<ImportedPair> batch, long[] pairIds, int[] firstCall) throws SQLException {
    int n = 0;
    for (int i = 0; i < batch.size(); i++) {
      firstCall[i] = n;
      n += batch.get(i).archive().calls().size();
    }
    if (n == 0) return new long[0];
    if (call == null) call = c.prepareStatement(PairCalls.insert(Dialect.of(c)), Statement.RETURN_GENERATED_KEYS);
    for (int i = 0; i < batch.size(); i++) {
      for (PairArchive.CallRow k : batch.get(i).archive().calls()) {
        PairCalls.bind(call, pairIds[i], k);
        call.addBatch();
      }
    }
    return keys(call, n);
  }

  /** @return the stored id of a pair's call by its index among the pair's calls, or null for none */
  private static Long callId(long[] callIds, int first, Integer index) { return index == null ? null : callIds[first + index]; }

  /** The review history rows of the pairs that have any, and the overrides recorded with them. */
  private void history(List<ImportedPair> pairs, List<Long> pairIds) throws SQLException {
    if (review == null) {
      review = c.prepareStatement("INSERT INTO review_action(pair_id, reviewer, action, status_before, status_after, male_before, female_before, "
          + "male_after, female_after, reason, blind, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS);
      override = c.prepareStatement("INSERT INTO review_override(action_id, seq, gender, word, reason) VALUES (?,?,?,?,?)");
    }
    List<List<GenderedWord>> overrides = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      for (PairArchive.ReviewRow h : pairs.get(i).archive().history()) {
        Sql.bind(review, pairIds.get(i), h.reviewer(), h.action(), h.statusBefore(), h.statusAfter(), h.maleBefore(), h.femaleBefore(), h.maleAfter(),
            h.femaleAfter(), h.reason(), h.blind(), h.at());
        review.addBatch();
        overrides.add(h.override());
      }
    }
    long[] actionIds = keys(review, overrides.size());
    boolean any = false;
    for (int i = 0; i < actionIds.length; i++) {
      int seq = 0;
      for (GenderedWord w : overrides.get(i)) {
        Sql.bind(override, actionIds[i], seq++, w.story().label(), ReviewRepository.cut(w.word(), 200), ReviewRepository.cut(w.reason(), 100));
        override.addBatch();
        any = true;
      }
    }
    if (any) override.executeBatch();
  }

  /** @return the search text's parts as {@link PairRows#refreshSearchText} reads them: stories (male first), judgments, balanced judgment */
  private static List<String> searchParts(ImportedPair p) {
    List<String> parts = new ArrayList<>();
    parts.add(p.pair().male().text());
    parts.add(p.pair().female().text());
    for (PairArchive.JudgmentRow j : p.archive().judgments()) parts.add(j.explanation());
    for (PairArchive.BalancedRow b : p.archive().balanced()) parts.add(b.text());
    return parts;
  }

  /** Runs a statement's batch and returns the {@code n} ids it generated, in order. */
  private static long[] keys(PreparedStatement ps, int n) throws SQLException {
    ps.executeBatch();
    long[] ids = new long[n];
    try (ResultSet rs = ps.getGeneratedKeys()) {
      for (int i = 0; i < n; i++) {
        if (!rs.next()) throw new SQLException("H2 returned " + i + " generated ids for a batch of " + n);
        ids[i] = rs.getLong(1);
      }
    }
    return ids;
  }

  /** Closes the statements; a failure to close one is ignored (the import's own outcome is what counts). */
  @Override
  public void close() {
    for (PreparedStatement ps : new PreparedStatement[] {pair, story, judgment, balanced, search, exported, call, review, override}) {
      try {
        if (ps != null) ps.close();
      } catch (SQLException e) {
        // the connection is broken or closed: its statements go with it
      }
    }
  }
}
