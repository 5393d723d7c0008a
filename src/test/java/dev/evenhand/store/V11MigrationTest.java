package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.AuditProtocol;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Stance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V11 on a database written before it: an audit run becomes an Evenhand-protocol run with one sample per story,
 * its answers are sample 0 (so its figures and its resume are unchanged), a second sample of the same story can
 * be stored beside the first, and pairs imported before V11 have no label as written.
 */
class V11MigrationTest {
  @TempDir Path dir;

  @Test
  void anAuditRunBeforeV11ReadsAsTheEvenhandProtocolWithOneSample() throws Exception {
    Path db = dir.resolve("old");
    String url = OldSchema.at(db, "9");
    try (Connection c = DriverManager.getConnection(url, "evenhand", ""); Statement st = c.createStatement()) {
      st.execute("INSERT INTO pair_set(id, name, kind, created_at) VALUES (1, 'genmo', 'genmo', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO story_pair(id, set_id, environment, rouge1, stage, created_at) VALUES (1, 1, 'Other', 0.9, 'imported', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO story(pair_id, gender, name, text) VALUES (1, 'male', 'Tom', 'a'), (1, 'female', 'Ann', 'b')");
      st.execute("INSERT INTO audit_run(id, set_id, models, status, created_at) VALUES (1, 1, 'llama3.1:8b', 'running', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO audit_judgment(run_id, pair_id, model_tag, gender, stance, explanation) VALUES "
          + "(1, 1, 'llama3.1:8b', 'male', 'MORAL', 'x'), (1, 1, 'llama3.1:8b', 'female', 'IMMORAL', 'y')");
    }
    try (Database d = Database.open(db)) {
      AuditRepository audits = new AuditRepository(d);
      AuditRepository.AuditRun run = audits.find(1).orElseThrow();
      assertThat(run.protocol()).isEqualTo(AuditProtocol.EVENHAND);
      assertThat(run.samples()).isEqualTo(1);
      assertThat(run.decoding()).isEqualTo("{}");
      assertThat(audits.rows(1)).singleElement().satisfies(r -> {
        assertThat(r.male()).isEqualTo(Stance.MORAL);
        assertThat(r.female()).isEqualTo(Stance.IMMORAL);
      });
      assertThat(audits.answered(1, 1, "llama3.1:8b", Gender.MALE)).isTrue();
      assertThat(audits.answered(1, 1, "llama3.1:8b", Gender.MALE, 1)).isFalse();
      audits.save(1, 1, "llama3.1:8b", Gender.MALE, 1, new Judgment(Stance.IMMORAL, "z"), null);
      assertThat(audits.sampleAnswers(1)).hasSize(3);
      assertThat(audits.rows(1)).as("the headline figures read sample 0").singleElement().extracting(AuditRepository.Row::male).isEqualTo(Stance.MORAL);
      assertThat(audits.sourceLabels(run)).singleElement().satisfies(l -> {
        assertThat(l.stored()).isEqualTo("Other");
        assertThat(l.source()).as("not recorded before V11").isNull();
      });
    }
  }
}
