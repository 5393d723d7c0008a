package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V23 on a database written before it: each pair stored with a stories hash gets its stories key, the duplicate check
 * finds it by that key, and the index on the key replaces the one on the hash.
 */
class V23MigrationTest {
  @TempDir Path dir;

  @Test
  void pairsStoredBeforeV23AreFoundAsDuplicatesByTheirNewKey() throws Exception {
    Path db = dir.resolve("old");
    String url = OldSchema.at(db, "22");
    StoryPair kept = new StoryPair(new Story(Gender.MALE, "Tom", "Tom kept the wallet."), new Story(Gender.FEMALE, "Ann", "Ann kept the wallet."),
        "Money");
    String hash = PairRows.storiesHash(kept);
    try (Connection c = DriverManager.getConnection(url, "evenhand", ""); Statement st = c.createStatement()) {
      st.execute("INSERT INTO pair_set(id, name, kind, created_at) VALUES (1, 'old', 'jsonl', CURRENT_TIMESTAMP)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO story_pair(id, set_id, environment, rouge1, stage, status, created_at, stories_hash) "
          + "VALUES (?, 1, 'Money', 0.9, 'complete', 'pending', CURRENT_TIMESTAMP, ?)")) {
        ps.setLong(1, 1);
        ps.setString(2, hash);
        ps.executeUpdate();
        ps.setLong(1, 2);
        ps.setString(2, null);
        ps.executeUpdate();
      }
    }
    List<String> notices = new java.util.ArrayList<>();
    try (Database d = Database.open(db, new Database.Opening("test", notices::add, java.time.Duration.ofSeconds(60)))) {
      assertThat(notices).as("a long upgrade says so before it starts").anyMatch(n -> n.startsWith("upgrading the database") && n.contains("from schema 22"));
      assertThat(d.<List<Object>>read(c -> Sql.list(c, "SELECT stories_key FROM story_pair ORDER BY id", rs -> rs.getObject(1))))
          .containsExactly(StoriesKey.of(hash), null);
      StoryPair other = new StoryPair(new Story(Gender.MALE, "Tom", "Tom gave it back."), new Story(Gender.FEMALE, "Ann", "Ann gave it back."), "Money");
      assertThat(StoriesKeyTest.stored(new PairImports(d), List.of(kept, other))).containsExactly(true, false);
      List<String> indexes = d.<List<String>>read(c -> Sql.list(c, "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'STORY_PAIR'",
          rs -> rs.getString(1)));
      assertThat(indexes).contains("STORY_PAIR_STORIES_KEY").doesNotContain("STORY_PAIR_STORIES_HASH");
      String plan = d.<List<String>>read(c -> Sql.list(c, "EXPLAIN SELECT stories_hash FROM story_pair WHERE stories_key IN (?, ?)", rs -> rs.getString(1), 1L, 2L))
          .get(0);
      assertThat(plan).as("the duplicate check's query reads the key's index").contains("STORY_PAIR_STORIES_KEY");
    }
  }
}
