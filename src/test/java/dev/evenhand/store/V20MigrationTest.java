package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V20 and V21 on a database written before them: texts stored as large objects (a long story, an emoji, a text longer
 * than FieldLimits.LONG_TEXT) read back unchanged from the columns kept in the row, and a pair stored before V21 has
 * its names not marked as worked out (the gate works them out, as before).
 */
class V20MigrationTest {
  @TempDir Path dir;

  @Test
  void textsStoredAsLargeObjectsReadBackUnchangedAndOldPairsKeepTheirNamesUnchecked() throws Exception {
    Path db = dir.resolve("old");
    String url = OldSchema.at(db, "19");
    String longStory = "Tom found a wallet. ".repeat(3_000) + "He kept it 🚌.";
    String huge = "x".repeat(1_000_001);
    try (Connection c = DriverManager.getConnection(url, "evenhand", ""); Statement st = c.createStatement()) {
      st.execute("INSERT INTO pair_set(id, name, kind, created_at) VALUES (1, 'old', 'jsonl', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO story_pair(id, set_id, environment, rouge1, stage, status, created_at) "
          + "VALUES (1, 1, 'Money', 0.9, 'complete', 'pending', CURRENT_TIMESTAMP)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO story(id, pair_id, gender, name, text) VALUES (?, 1, ?, '', ?)")) {
        Object[][] rows = {{1, "male", longStory}, {2, "female", huge}};
        for (Object[] r : rows) {
          ps.setObject(1, r[0]);
          ps.setObject(2, r[1]);
          ps.setString(3, (String) r[2]);
          ps.executeUpdate();
        }
      }
      st.execute("INSERT INTO judgment(story_id, model_tag, template_id, template_version, stance, explanation, created_at) "
          + "VALUES (1, 'm', 'judgment', 1, 'MORAL', 'Fine ✓', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO balanced_judgment(pair_id, gender, proposed_text, text, updated_at) VALUES "
          + "(1, 'male', 'p', 'The main character ✓', CURRENT_TIMESTAMP), (1, 'female', 'p', 'The main character ✓', CURRENT_TIMESTAMP)");
    }
    try (Database d = Database.open(db)) {
      var p = new PairRepository(d).find(1).orElseThrow();
      assertThat(p.pair().male().text()).isEqualTo(longStory);
      assertThat(p.pair().female().text()).as("longer than the limit new input has").hasSize(1_000_001).isEqualTo(huge);
      assertThat(p.maleJudgment().orElseThrow().explanation()).isEqualTo("Fine ✓");
      assertThat(p.balanced().orElseThrow().male()).isEqualTo("The main character ✓");
      assertThat(p.namesWorkedOut()).as("stored before V21").isFalse();
      String type = d.read(c -> {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
            "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'STORY' AND COLUMN_NAME = 'TEXT'")) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertThat(type).isEqualTo("CHARACTER VARYING");
    }
  }
}
