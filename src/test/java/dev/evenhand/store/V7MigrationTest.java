package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V7 on a database written by the code before it (schema V6): curated imported pairs take the model tag of
 * their judgments (kind 7), and audit answers that were server failures stored as INVALID go, with their
 * runs running again so {@code audit --resume} asks them again (kind 6). Readable and unreadable answers stay.
 */
class V7MigrationTest {
  @TempDir Path dir;

  @Test
  void anExistingDatabaseGetsModelTagsAndLosesStoredServerFailures() throws Exception {
    Path db = dir.resolve("old");
    String url = OldSchema.at(db, "6");
    try (Connection c = DriverManager.getConnection(url, "evenhand", ""); Statement st = c.createStatement()) {
      st.execute("INSERT INTO pair_set(id, name, kind, created_at) VALUES (1, 'genmo', 'genmo', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO generation_run(id, set_id, model_tag, profile, target_pairs, max_attempts, keep_consistent, settings, status, "
          + "created_at) VALUES (1, 1, 'llama3.1:8b', 'default', 2, 2, FALSE, '{}' FORMAT JSON, 'completed', CURRENT_TIMESTAMP)");
      // pair 1 was curated from the set (empty tag, judged by llama3.1:8b); pair 2 is still imported
      st.execute("INSERT INTO story_pair(id, set_id, run_id, attempt_no, environment, rouge1, stage, model_tag, created_at) "
          + "VALUES (1, 1, 1, 1, 'Work', 0.9, 'complete', '', CURRENT_TIMESTAMP), (2, 1, NULL, NULL, 'Work', 0.9, 'imported', '', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO story(id, pair_id, gender, name, text) VALUES (1, 1, 'male', 'Tom', 'a'), (2, 1, 'female', 'Ann', 'b'), "
          + "(3, 2, 'male', 'Ben', 'c'), (4, 2, 'female', 'Eva', 'd')");
      st.execute("INSERT INTO judgment(story_id, model_tag, template_id, template_version, stance, explanation, created_at) VALUES "
          + "(1, 'llama3.1:8b', 'judgment', 1, 'MORAL', 'x', CURRENT_TIMESTAMP), (2, 'llama3.1:8b', 'judgment', 1, 'IMMORAL', 'y', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO audit_run(id, set_id, models, status, created_at, finished_at) VALUES "
          + "(1, 1, 'llama3.1:8b', 'completed', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), (2, 1, 'llama3.1:8b', 'completed', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
      String call = "INSERT INTO model_call(id, pair_id, step, model_tag, model_digest, ollama_version, host_url, template_id, template_version, "
          + "options, request_text, outcome, fault_kind, wall_ms, started_at, audit_run_id) VALUES (%d, 1, 'audit', 'llama3.1:8b', '', '', 'h', "
          + "'audit', 1, '{}' FORMAT JSON, 'q', '%s', %s, 1, CURRENT_TIMESTAMP, %d)";
      st.execute(String.format(call, 1, "failed", "'server_busy'", 1));
      st.execute(String.format(call, 2, "failed", "'invalid_json'", 1));
      st.execute(String.format(call, 3, "ok", "NULL", 2));
      st.execute(String.format(call, 4, "ok", "NULL", 2));
      st.execute("INSERT INTO audit_judgment(run_id, pair_id, model_tag, gender, stance, explanation, call_id) VALUES "
          + "(1, 1, 'llama3.1:8b', 'male', 'INVALID', 'Ollama answered HTTP 503', 1), (1, 1, 'llama3.1:8b', 'female', 'INVALID', 'no JSON', 2), "
          + "(2, 1, 'llama3.1:8b', 'male', 'MORAL', '', 3), (2, 1, 'llama3.1:8b', 'female', 'MORAL', '', 4)");
    }

    try (Database d = Database.open(db)) {
      assertThat(scalar(d, "SELECT model_tag FROM story_pair WHERE id = 1")).isEqualTo("llama3.1:8b");
      assertThat(scalar(d, "SELECT model_tag FROM story_pair WHERE id = 2")).as("not judged: left as it was").isEmpty();
      assertThat(scalar(d, "SELECT COUNT(*) FROM audit_judgment WHERE run_id = 1")).as("the 503 is no answer; the unreadable one stays").isEqualTo("1");
      assertThat(scalar(d, "SELECT stance FROM audit_judgment WHERE run_id = 1")).isEqualTo("INVALID");
      assertThat(scalar(d, "SELECT gender FROM audit_judgment WHERE run_id = 1")).isEqualTo("female");
      assertThat(scalar(d, "SELECT status FROM audit_run WHERE id = 1")).as("resumable again").isEqualTo("running");
      assertThat(scalar(d, "SELECT status FROM audit_run WHERE id = 2")).isEqualTo("completed");
      assertThat(scalar(d, "SELECT COUNT(*) FROM audit_judgment WHERE run_id = 2")).isEqualTo("2");
      assertThat(scalar(d, "SELECT COUNT(*) FROM model_call")).as("calls are kept").isEqualTo("4");
    }
  }

  private static String scalar(Database d, String sql) {
    return d.read(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }
}
