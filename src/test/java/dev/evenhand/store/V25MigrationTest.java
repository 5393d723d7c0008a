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
 * V25 on a database written with V24's marks (one row per pair and run): every mark comes over as a range of one id
 * in its block, the pairs a finished run marked still count as exported and those of an unfinished run do not, and
 * the query that finds a pair's marks reads the primary key by block.
 */
class V25MigrationTest {
  @TempDir Path dir;

  @Test
  void marksWrittenBeforeV25KeepMeaningTheSamePairs() throws Exception {
    Path db = dir.resolve("old");
    String url = OldSchema.at(db, "24");
    try (Connection c = DriverManager.getConnection(url, "evenhand", ""); Statement st = c.createStatement()) {
      st.execute("INSERT INTO pair_set(id, name, kind, created_at) VALUES (1, 'old', 'jsonl', CURRENT_TIMESTAMP)");
      // ids on both sides of a block boundary (1,024) and far apart
      for (long id : new long[] {1023, 1024, 1025, 5000, 5001}) {
        st.execute("INSERT INTO story_pair(id, set_id, environment, rouge1, stage, status, created_at) VALUES (" + id
            + ", 1, 'Money', 0.9, 'complete', 'accepted', CURRENT_TIMESTAMP)");
      }
      st.execute("INSERT INTO export_run(id, format, owner, owner_started, started_at, finished_at) VALUES "
          + "(1, 'trl-dpo', 'gone@host:1', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO export_run(id, format, owner, owner_started, started_at) VALUES (2, 'trl-dpo', 'gone@host:1', 'x', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO export_mark(pair_id, run_id) VALUES (1023, 1), (1024, 1), (5001, 1), (5000, 2)");
    }
    try (Database d = Database.open(db)) {
      assertThat(d.<List<String>>read(c -> Sql.list(c, "SELECT block || ':' || run_id || ':' || first_id || '-' || last_id FROM export_mark "
          + "WHERE run_id = 1 ORDER BY first_id", rs -> rs.getString(1)))).containsExactly("0:1:1023-1023", "1:1:1024-1024", "4:1:5001-5001");
      assertThat(ExportRunTest.exported(d)).as("the finished run's pairs, and not the unfinished run's").containsExactly(1023L, 1024L, 5001L);
      String plan = d.<List<String>>read(c -> Sql.list(c, "EXPLAIN SELECT p.id FROM story_pair p WHERE " + ExportRun.EXPORTED, rs -> rs.getString(1))).get(0);
      assertThat(plan).as("a pair's marks are read through the primary key, by block").containsPattern("PRIMARY_KEY_[0-9A-F]+: BLOCK = ");
    }
  }
}
