package dev.evenhand.store;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.StoryPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes everything a story pair holds, for the lossless {@code evenhand} format (FORMATS.md):
 * every judgment with its model tag and prompt template, the balanced judgment as proposed and as
 * edited, and every review history row with the texts before and after. Reading never parses stored
 * labels, so one odd row (left by an older version) cannot stop a backup.
 */
public final class ArchiveRepository {
  /** {@code pair_set.imported_from}, V5: the path an import came from. */
  static final int IMPORTED_FROM = 1000;
  private final Database db;

  /** @param db the open database */
  public ArchiveRepository(Database db) { this.db = db; }

  /**
   * @param pairId a stored pair
   * @return what the store keeps about it beyond {@link dev.evenhand.domain.CuratedPair}
   * @throws IllegalArgumentException when there is no such pair
   * @throws StoreException on an SQL failure
   */
  public PairArchive read(long pairId) {
    return db.read(c -> {
      Object[] head = Sql.one(c, "SELECT created_at, fidelity_flags, divergent, exported_at FROM story_pair WHERE id = ?",
          rs -> new Object[] {Sql.instant(rs, "created_at"), intOrNull(rs, "fidelity_flags"), boolOrNull(rs, "divergent"),
              Sql.instant(rs, "exported_at")}, pairId).orElseThrow(() -> new IllegalArgumentException("no pair " + pairId));
      List<PairArchive.JudgmentRow> judgments = Sql.list(c, "SELECT s.gender, j.model_tag, j.template_id, j.template_version, j.stance, "
              + "j.explanation, j.created_at FROM judgment j JOIN story s ON s.id = j.story_id WHERE s.pair_id = ? ORDER BY j.id",
          rs -> new PairArchive.JudgmentRow(gender(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
              rs.getString(6), Sql.instant(rs, "created_at")), pairId);
      List<PairArchive.BalancedRow> balanced = Sql.list(c, "SELECT gender, proposed_text, text, updated_at FROM balanced_judgment "
              + "WHERE pair_id = ? ORDER BY CASE gender WHEN 'male' THEN 0 ELSE 1 END",
          rs -> new PairArchive.BalancedRow(gender(rs.getString(1)), rs.getString(2), rs.getString(3), Sql.instant(rs, "updated_at")), pairId);
      List<PairArchive.ReviewRow> history = Sql.list(c, "SELECT * FROM review_action WHERE pair_id = ? ORDER BY id",
          rs -> new PairArchive.ReviewRow(rs.getString("reviewer"), rs.getString("action"), rs.getString("status_before"),
              rs.getString("status_after"), rs.getString("male_before"), rs.getString("female_before"), rs.getString("male_after"),
              rs.getString("female_after"), rs.getString("reason"), rs.getBoolean("blind"), Sql.instant(rs, "created_at")), pairId);
      return new PairArchive((Instant) head[0], (Integer) head[1], (Boolean) head[2], (Instant) head[3], judgments, balanced, history);
    });
  }

  /**
   * Finds a pair set by name, or creates it, on the caller's connection.
   *
   * @param name         the set's name (at most {@link dev.evenhand.domain.FieldLimits#SET_NAME} characters; the caller checks)
   * @param kind         what filled it, e.g. {@code genmo}
   * @param importedFrom the file imported; a path longer than the column (1,000 characters) is kept as its last
   *                     999 characters after a leading "…", so the cut is visible
   * @return the set's id
   * @throws SQLException on an SQL failure
   */
  public static long pairSet(Connection c, String name, String kind, String importedFrom) throws SQLException {
    var id = Sql.one(c, "SELECT id FROM pair_set WHERE name = ?", rs -> rs.getLong(1), name);
    if (id.isPresent()) return id.get();
    String from = importedFrom == null || importedFrom.length() <= IMPORTED_FROM ? importedFrom
        : "…" + importedFrom.substring(importedFrom.length() - (IMPORTED_FROM - 1));
    return Sql.insert(c, "INSERT INTO pair_set(name, kind, created_at, imported_from) VALUES (?,?,?,?)", name, kind, Instant.now(), from);
  }

  /**
   * Stores a whole pair on the caller's connection: its stories, every judgment, the balanced judgment
   * and the review history, as given. Values are stored as they are: the caller has checked them
   * against the column sizes ({@link dev.evenhand.domain.FieldLimits}) and the enums.
   *
   * @param setId    the pair set
   * @param pair     the two stories
   * @param rouge1   ROUGE-1 F1 between the stories
   * @param modelTag the pair's model tag, may be empty
   * @param stage    the stage (complete when both stories are judged, else imported)
   * @param status   the review status label
   * @param flagged  flagged for a second look
   * @param sourceId the pair id it had where it was exported, or null
   * @param sourceSet the set name it had there, or null
   * @param a        everything else; {@code a.createdAt()} null means now
   * @return the new pair's id
   * @throws SQLException on an SQL failure
   */
  public static long insert(Connection c, long setId, StoryPair pair, double rouge1, String modelTag, PairStage stage, String status,
                            boolean flagged, Long sourceId, String sourceSet, PairArchive a) throws SQLException {
    long id = PairRepository.insert(c, setId, null, null, null, pair, rouge1, modelTag, stage);
    Sql.update(c, "UPDATE story_pair SET identical = ?, fidelity_flags = ?, status = ?, flagged = ?, source_id = ?, source_set = ?, "
            + "created_at = COALESCE(?, created_at), exported_at = ? WHERE id = ?",
        pair.identical(), a.fidelityFlags(), status, flagged, sourceId, sourceSet, a.createdAt(), a.exportedAt(), id);
    Long[] storyIds = new Long[2];
    for (Gender g : Gender.values()) {
      storyIds[g.ordinal()] = Sql.count(c, "SELECT id FROM story WHERE pair_id = ? AND gender = ?", id, g.label());
    }
    for (PairArchive.JudgmentRow j : a.judgments()) {
      Sql.insert(c, "INSERT INTO judgment(story_id, model_tag, template_id, template_version, stance, explanation, created_at) "
          + "VALUES (?,?,?,?,?,?,?)", storyIds[j.gender().ordinal()], j.modelTag(), j.templateId(), j.templateVersion(), j.stance(),
          j.explanation(), j.at());
    }
    for (PairArchive.BalancedRow b : a.balanced()) {
      Sql.update(c, "INSERT INTO balanced_judgment(pair_id, gender, proposed_text, text, updated_at) VALUES (?,?,?,?,?)",
          id, b.gender().label(), b.proposed(), b.text(), b.updatedAt());
    }
    for (PairArchive.ReviewRow h : a.history()) {
      Sql.insert(c, "INSERT INTO review_action(pair_id, reviewer, action, status_before, status_after, male_before, female_before, "
              + "male_after, female_after, reason, blind, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
          id, h.reviewer(), h.action(), h.statusBefore(), h.statusAfter(), h.maleBefore(), h.femaleBefore(), h.maleAfter(), h.femaleAfter(),
          h.reason(), h.blind(), h.at());
    }
    PairRepository.setDivergent(c, id, a.divergent());
    PairRepository.refreshSearchText(c, id);
    return id;
  }

  private static Gender gender(String label) { return Gender.valueOf(label.toUpperCase(Locale.ROOT)); }

  private static Integer intOrNull(java.sql.ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static Boolean boolOrNull(java.sql.ResultSet rs, String column) throws SQLException {
    boolean v = rs.getBoolean(column);
    return rs.wasNull() ? null : v;
  }
}
