package dev.evenhand.store;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of one story pair on the caller's connection: writing a pair, its stories, judgments and
 * balanced judgment, and keeping its derived columns in step (queue key, search text, stories hash);
 * reading one pair back whole. Every repository that writes pair rows goes through here, inside a
 * transaction it opened.
 */
final class PairRows {
  /** The queue key's weight of the divergence class: 2^40, above any pair id. */
  static final long QUEUE_CLASS = 1L << 40;
  /** Longest search text kept per pair, in characters. */
  private static final int SEARCH_TEXT = 60_000;

  private PairRows() {}

  /**
   * Inserts a pair and its two stories.
   *
   * @param runId     the generation run, or null (imported)
   * @param attemptNo the run's attempt, or null
   * @param themeId   the seed theme, or null
   * @return the pair id
   * @throws SQLException on an SQL failure
   */
  static long insert(Connection c, long setId, Long runId, Integer attemptNo, String themeId, StoryPair pair, double rouge1,
                     String modelTag, PairStage stage) throws SQLException {
    long id = Sql.insert(c, "INSERT INTO story_pair(set_id, run_id, attempt_no, theme_id, environment, rouge1, identical, stage, "
            + "model_tag, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        setId, runId, attemptNo, themeId, pair.environment(), rouge1, pair.identical(), stage.label(), modelTag, Instant.now());
    for (Story s : List.of(pair.male(), pair.female())) {
      Sql.insert(c, "INSERT INTO story(pair_id, gender, name, text) VALUES (?,?,?,?)", id, s.gender().label(), s.name(), s.text());
    }
    refreshSearchText(c, id);
    setQueueKey(c, id);
    String hash = storiesHash(pair);
    Sql.update(c, "UPDATE story_pair SET stories_hash = ?, stories_key = ? WHERE id = ?", hash, StoriesKey.of(hash), id);
    return id;
  }

  /** @return the id of a pair's story of one gender */
  static long storyId(Connection c, long pairId, Gender g) throws SQLException {
    return Sql.count(c, "SELECT id FROM story WHERE pair_id = ? AND gender = ?", pairId, g.label());
  }

  /** Stores a judgment of one story; {@code callId} null for none (imported). */
  static void saveJudgment(Connection c, long pairId, Gender gender, String modelTag, String templateId, int templateVersion,
                           Judgment j, Long callId) throws SQLException {
    Sql.insert(c, "INSERT INTO judgment(story_id, model_tag, template_id, template_version, stance, explanation, call_id, created_at) "
            + "VALUES (?,?,?,?,?,?,?,?)", storyId(c, pairId, gender), modelTag, templateId, templateVersion, j.stance().name(),
        j.explanation(), callId, Instant.now());
    refreshSearchText(c, pairId);
  }

  /** Stores a proposed balanced judgment (proposed text = current text); {@code callId} null for none. */
  static void saveBalanced(Connection c, long pairId, BalancedJudgment b, Long callId) throws SQLException {
    for (Gender g : Gender.values()) {
      Sql.update(c, Dialect.of(c).merge("balanced_judgment", "pair_id, gender, proposed_text, text, call_id, updated_at", "pair_id, gender",
          "VALUES (?,?,?,?,?,?)"), pairId, g.label(), b.forGender(g), b.forGender(g), callId, Instant.now());
    }
    refreshSearchText(c, pairId);
  }

  /** @return the pair's current balanced judgment, or empty when it has none (or only one side) */
  static Optional<BalancedJudgment> balanced(Connection c, long pairId) throws SQLException {
    Map<Gender, String> texts = new EnumMap<>(Gender.class);
    for (var row : Sql.list(c, "SELECT gender, text FROM balanced_judgment WHERE pair_id = ?",
        rs -> Map.entry(gender(rs.getString(1)), rs.getString(2)), pairId)) {
      texts.put(row.getKey(), row.getValue());
    }
    return texts.size() == 2 ? Optional.of(new BalancedJudgment(texts.get(Gender.MALE), texts.get(Gender.FEMALE))) : Optional.empty();
  }

  /** Sets whether a pair is divergent (null: undecided), keeping its queue order key. */
  static void setDivergent(Connection c, long pairId, Boolean divergent) throws SQLException {
    Sql.update(c, "UPDATE story_pair SET divergent = ? WHERE id = ?", divergent, pairId);
    setQueueKey(c, pairId);
  }

  /** The queue's default order as one ascending key: divergent, consistent, undecided; by id within each. */
  static void setQueueKey(Connection c, long pairId) throws SQLException {
    Sql.update(c, "UPDATE story_pair SET " + QUEUE_KEY + " WHERE id = ?", pairId);
  }

  /**
   * The assignment of {@code queue_key} from a row's stored divergence and id: divergent pairs first, then consistent,
   * then undecided, each class {@link #QUEUE_CLASS} wide and ordered by id.
   */
  static final String QUEUE_KEY = "queue_key = CASE WHEN divergent THEN 0 WHEN NOT divergent THEN 1 ELSE 2 END * " + QUEUE_CLASS + " + id";


  /**
   * Rebuilds a pair's search text from its stories, judgments and balanced judgment (lower case, at most
   * 60,000 characters), and marks it as not in the {@link SearchIndex} yet.
   */
  static void refreshSearchText(Connection c, long pairId) throws SQLException {
    List<String> parts = new ArrayList<>(Sql.list(c, "SELECT text FROM story WHERE pair_id = ? ORDER BY gender DESC", rs -> rs.getString(1), pairId));
    parts.addAll(Sql.list(c, "SELECT j.explanation FROM judgment j JOIN story s ON s.id = j.story_id WHERE s.pair_id = ? ORDER BY j.id",
        rs -> rs.getString(1), pairId));
    parts.addAll(Sql.list(c, "SELECT text FROM balanced_judgment WHERE pair_id = ?", rs -> rs.getString(1), pairId));
    // a changed text is no longer the one in the search index (V22): the index's catch-up takes it again
    Sql.update(c, Dialect.of(c).merge("pair_search", "pair_id, text, indexed", "pair_id", "VALUES (?, ?, FALSE)"), pairId, searchText(parts));
  }

  /** @return the search text of a pair's texts: each followed by a line end, lower case, at most 60,000 characters */
  static String searchText(List<String> parts) {
    StringBuilder sb = new StringBuilder();
    for (String t : parts) sb.append(t).append('\n');
    String text = sb.toString().toLowerCase(Locale.ROOT);
    return text.length() > SEARCH_TEXT ? text.substring(0, SEARCH_TEXT) : text;
  }

  /** @return the SHA-256 (hex) of the two stories, the key that finds a pair already stored */
  static String storiesHash(StoryPair p) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(p.male().text().getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(p.female().text().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The head row of a pair, read before its stories. */
  private record Head(String environment, double rouge1, String modelTag, String status, boolean flagged, Instant createdAt,
                      String setName, Long sourceId, String sourceSet, String setKind, boolean namesChecked) {}

  /** @return the full pair with its latest judgments and balanced judgment */
  static Optional<CuratedPair> find(Connection c, long id) throws SQLException {
    Optional<Head> head = Sql.one(c, "SELECT p.*, ps.name AS set_name, COALESCE(p.source_kind, ps.kind) AS set_kind FROM story_pair p JOIN pair_set ps ON ps.id = p.set_id WHERE p.id = ?",
        rs -> new Head(rs.getString("environment"), rs.getDouble("rouge1"), rs.getString("model_tag"), rs.getString("status"),
            rs.getBoolean("flagged"), Sql.instant(rs, "created_at"), rs.getString("set_name"), Sql.longOrNull(rs, "source_id"),
            rs.getString("source_set"), rs.getString("set_kind"), rs.getBoolean("names_checked")), id);
    if (head.isEmpty()) return Optional.empty();
    Head h = head.get();
    Map<Gender, Story> stories = new EnumMap<>(Gender.class);
    Map<Gender, Judgment> judgments = new EnumMap<>(Gender.class);
    for (StoredStory s : Sql.list(c, "SELECT id, gender, name, text FROM story WHERE pair_id = ?",
        rs -> new StoredStory(rs.getLong(1), new Story(gender(rs.getString(2)), rs.getString(3), rs.getString(4))), id)) {
      Gender g = s.story().gender();
      stories.put(g, s.story());
      Sql.one(c, "SELECT stance, explanation FROM judgment WHERE story_id = ? ORDER BY id DESC LIMIT 1",
              rs -> new Judgment(Stance.valueOf(rs.getString(1)), rs.getString(2)), s.id())
          .ifPresent(j -> judgments.put(g, j));
    }
    StoryPair pair = new StoryPair(stories.get(Gender.MALE), stories.get(Gender.FEMALE), h.environment());
    return Optional.of(new CuratedPair(id, h.setName(), pair, h.rouge1(), Optional.ofNullable(judgments.get(Gender.MALE)),
        Optional.ofNullable(judgments.get(Gender.FEMALE)), h.modelTag() == null ? "" : h.modelTag(), balanced(c, id),
        ReviewStatus.parse(h.status()), h.flagged(), h.createdAt(), h.sourceId() == null ? id : h.sourceId(),
        h.sourceSet() == null ? h.setName() : h.sourceSet(), h.setKind(), h.namesChecked()));
  }

  private record StoredStory(long id, Story story) {}

  /**
   * @return the gender of a stored label such as {@code male} (the two labels Evenhand writes are matched first: an
   *     upper-casing per row was 7% of the page reader's samples in a JFR profile of ExchangeBench, issue 13)
   * @throws IllegalArgumentException for a label that names no gender
   */
  static Gender gender(String label) {
    return switch (label) {
      case "male" -> Gender.MALE;
      case "female" -> Gender.FEMALE;
      default -> Gender.valueOf(label.toUpperCase(Locale.ROOT));
    };
  }
}
