package dev.evenhand.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Reads everything a story pair holds, for the lossless {@code evenhand} format (FORMATS.md):
 * every judgment with its model tag and prompt template, the balanced judgment as proposed and as
 * edited, the seed theme and every model call made for the pair, and every review history row with the texts before and after. Reading never parses stored
 * labels, so one odd row (left by an older version) cannot stop a backup. {@link PairImports} writes it back.
 */
public final class ArchiveRepository {
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
      Head head = Sql.one(c, "SELECT p.created_at, p.fidelity_flags, p.divergent, " + ExportRun.EXPORTED_AT + " AS exported_at, p.theme_id "
          + "FROM story_pair p WHERE p.id = ?",
          rs -> new Head(Sql.instant(rs, "created_at"), PairCalls.intOrNull(rs, "fidelity_flags"), boolOrNull(rs, "divergent"),
              Sql.instant(rs, "exported_at"), rs.getString("theme_id")), pairId).orElseThrow(() -> new IllegalArgumentException("no pair " + pairId));
      PairCalls.Read calls = PairCalls.read(c, pairId);
      List<PairArchive.JudgmentRow> judgments = Sql.list(c, "SELECT s.gender, j.model_tag, j.template_id, j.template_version, j.stance, "
              + "j.explanation, j.created_at, j.call_id FROM judgment j JOIN story s ON s.id = j.story_id WHERE s.pair_id = ? ORDER BY j.id",
          rs -> new PairArchive.JudgmentRow(PairRows.gender(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
              rs.getString(6), Sql.instant(rs, "created_at"), calls.of(rs, "call_id")), pairId);
      List<PairArchive.BalancedRow> balanced = Sql.list(c, "SELECT gender, proposed_text, text, updated_at, call_id FROM balanced_judgment "
              + "WHERE pair_id = ? ORDER BY CASE gender WHEN 'male' THEN 0 ELSE 1 END",
          rs -> new PairArchive.BalancedRow(PairRows.gender(rs.getString(1)), rs.getString(2), rs.getString(3), Sql.instant(rs, "updated_at"),
              calls.of(rs, "call_id")), pairId);
      java.util.Map<Long, List<dev.evenhand.domain.GenderedWord>> overrides = ReviewRepository.overrides(c, pairId);
      List<PairArchive.ReviewRow> history = Sql.list(c, "SELECT * FROM review_action WHERE pair_id = ? ORDER BY id",
          rs -> new PairArchive.ReviewRow(rs.getString("reviewer"), rs.getString("action"), rs.getString("status_before"),
              rs.getString("status_after"), rs.getString("male_before"), rs.getString("female_before"), rs.getString("male_after"),
              rs.getString("female_after"), rs.getString("reason"), rs.getBoolean("blind"), Sql.instant(rs, "created_at"),
              overrides.getOrDefault(rs.getLong("id"), List.of())), pairId);
      return new PairArchive(head.createdAt(), head.fidelityFlags(), head.divergent(), head.exportedAt(), judgments, balanced, history,
          head.themeId(), calls.calls());
    });
  }

  /** The pair's own columns of an archive. */
  private record Head(Instant createdAt, Integer fidelityFlags, Boolean divergent, Instant exportedAt, String themeId) {}

  private static Boolean boolOrNull(java.sql.ResultSet rs, String column) throws SQLException {
    boolean v = rs.getBoolean(column);
    return rs.wasNull() ? null : v;
  }
}
