package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V28 on a database where a {@code generate --from-set} run dropped imported pairs (before V28 a run dropped a consistent
 * pair, and one whose judgment or balanced judgment failed): they come back into their set, judged or waiting for
 * judgments, and what a run dropped of its own writing (an attempt with a seed theme) stays dropped.
 */
class V28MigrationTest {
  @TempDir Path dir;

  @Test
  void importedPairsAFromSetRunDroppedComeBack() throws Exception {
    Path db = dir.resolve("old");
    String url = OldSchema.at(db, "27");
    try (Connection c = DriverManager.getConnection(url, "evenhand", ""); Statement st = c.createStatement()) {
      st.execute("INSERT INTO pair_set(id, name, kind, created_at, imported_from) VALUES (1, 'genmo', 'genmo', CURRENT_TIMESTAMP, 'GenMO.json')");
      st.execute("INSERT INTO pair_set(id, name, kind, created_at) VALUES (2, 'run-1', 'generated', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO generation_run(id, set_id, model_tag, profile, target_pairs, max_attempts, keep_consistent, settings, status, created_at) "
          + "VALUES (1, 1, 'm', 'default', 10, 20, FALSE, '{}' FORMAT JSON, 'completed', CURRENT_TIMESTAMP)");
      String pair = "INSERT INTO story_pair(id, set_id, run_id, attempt_no, theme_id, environment, rouge1, stage, drop_reason, divergent, status, created_at) VALUES ";
      st.execute(pair + "(1, 1, 1, 1, NULL, 'Work', 0.9, 'dropped', 'consistent', FALSE, 'pending', CURRENT_TIMESTAMP)");
      st.execute(pair + "(2, 1, 1, 2, NULL, 'Work', 0.9, 'dropped', 'balanced_failed', TRUE, 'pending', CURRENT_TIMESTAMP)");
      st.execute(pair + "(3, 1, 1, 3, NULL, 'Work', 0.9, 'dropped', 'judgment_failed', NULL, 'pending', CURRENT_TIMESTAMP)");
      st.execute(pair + "(4, 1, 1, 4, NULL, 'Work', 0.9, 'complete', NULL, TRUE, 'pending', CURRENT_TIMESTAMP)");
      // a run's own attempts, dropped by its rules: not imported data, they stay dropped
      st.execute(pair + "(5, 2, 1, 5, 'theme-1', 'Work', 0.9, 'dropped', 'consistent', FALSE, 'pending', CURRENT_TIMESTAMP)");
      st.execute(pair + "(6, 2, 1, 6, 'theme-1', 'Work', 0.1, 'dropped', 'low_fidelity', NULL, 'pending', CURRENT_TIMESTAMP)");
    }
    try (Database d = Database.open(db)) {
      List<String> rows = d.read(c -> Sql.list(c, "SELECT id || ':' || stage || ':' || COALESCE(drop_reason, '-') || ':' || COALESCE(CAST(divergent AS VARCHAR), '-') "
          + "FROM story_pair ORDER BY id", rs -> rs.getString(1)));
      assertThat(rows).containsExactly("1:complete:-:FALSE", "2:complete:-:TRUE", "3:imported:-:-", "4:complete:-:TRUE", "5:dropped:consistent:FALSE",
          "6:dropped:low_fidelity:-");
      List<Long> keys = d.read(c -> Sql.list(c, "SELECT queue_key FROM story_pair WHERE id <= 3 ORDER BY id", rs -> rs.getLong(1)));
      long k = PairRows.QUEUE_CLASS;
      assertThat(keys).as("each in its place of the queue's order: consistent, divergent, undecided").containsExactly(k + 1, 2L, 2 * k + 3);
    }
  }
}
