package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.testing.TestStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stories key (V23, {@link StoriesKey}): the duplicate check finds a pair by the first 64 bits of its stories hash
 * and confirms it by the whole hash; each vendor's V23 fills the key of the pairs already stored as {@link StoriesKey#of}
 * computes it. {@link StoriesKeyOnPostgresTest} runs the same on PostgreSQL.
 */
class StoriesKeyTest {
  @TempDir Path dir;

  /** @return true on H2 (the subclass runs these tests on PostgreSQL) */
  boolean onH2() { return true; }

  private static StoryPair pair(String what) {
    return new StoryPair(new Story(Gender.MALE, "Tom", "Tom " + what + "."), new Story(Gender.FEMALE, "Ann", "Ann " + what + "."), "Money");
  }

  private static ImportedPair imported(StoryPair p) {
    return new ImportedPair(p, 0.5, "m", PairStage.COMPLETE, ReviewStatus.PENDING, false, null, null,
        new PairArchive(null, 0, Boolean.FALSE, null, List.of(), List.of(), List.of()));
  }

  /** @return the duplicate check's flags for the pairs, in order */
  static boolean[] stored(PairImports imports, List<StoryPair> pairs) {
    return imports.<boolean[]>lookup(l -> l.stored(pairs));
  }

  @Test
  void theKeyIsTheHashsFirstSixteenHexDigitsAsASignedNumber() {
    assertThat(StoriesKey.of("0000000000000001" + "f".repeat(48))).isEqualTo(1L);
    assertThat(StoriesKey.of("7fffffffffffffff" + "0".repeat(48))).isEqualTo(Long.MAX_VALUE);
    assertThat(StoriesKey.of("8000000000000000" + "0".repeat(48))).isEqualTo(Long.MIN_VALUE);
    assertThat(StoriesKey.of("ffffffffffffffff" + "0".repeat(48))).isEqualTo(-1L);
    assertThat(StoriesKey.of(null)).isNull();
    assertThatThrownBy(() -> StoriesKey.of("abc")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPairWhoseKeyCollidesWithAStoredPairsIsNotADuplicate() {
    try (Database db = new TestStores(dir, onH2()).open("evenhand")) {
      PairImports imports = new PairImports(db);
      long set = imports.write(b -> b.pairSet("s", "test", null));
      StoryPair stored = pair("kept the wallet"), other = pair("gave the wallet back"), same = pair("kept the wallet");
      imports.write(b -> b.addPairs(set, List.of(imported(stored))));
      assertThat(stored(imports, List.of(same, other))).as("found by key and hash; the other not stored").containsExactly(true, false);
      // a 64-bit collision cannot be found for a test: give the stored pair the other pair's key instead
      db.inTransaction(c -> Sql.update(c, "UPDATE story_pair SET stories_key = ?", StoriesKey.of(PairRows.storiesHash(other))));
      assertThat(stored(imports, List.of(other))).as("same key, another hash: not a duplicate").containsExactly(false);
      assertThat((boolean) imports.lookup(l -> l.isStored(other))).isFalse();
      imports.write(b -> {
        b.sourceEnvironment(other, " Others");
        return null;
      });
      assertThat(db.<List<String>>read(c -> Sql.list(c, "SELECT source_environment FROM story_pair", rs -> String.valueOf(rs.getString(1)))))
          .as("the stored pair's label is not another pair's").containsExactly("null");
    }
  }

  @Test
  void theMigrationFillsEachStoredPairsKeyAsJavaComputesIt() throws IOException {
    try (Database db = new TestStores(dir, onH2()).open("evenhand")) {
      PairImports imports = new PairImports(db);
      long set = imports.write(b -> b.pairSet("s", "test", null));
      List<ImportedPair> rows = new ArrayList<>();
      for (int i = 0; i < 200; i++) rows.add(imported(pair("found " + i + " coins")));
      imports.write(b -> b.addPairs(set, rows));
      // the pairs as a database before V23 holds them: a hash, no key; then the vendor's V23 fill, as written in its file
      db.inTransaction(c -> Sql.update(c, "UPDATE story_pair SET stories_key = NULL"));
      String vendor = onH2() ? "h2" : "postgresql";
      String migration;
      try (InputStream in = getClass().getResourceAsStream("/db/vendor/" + vendor + "/V23__stories_key.sql")) {
        migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      List<String> fill = migration.lines().filter(l -> l.startsWith("UPDATE") || l.contains("ALIAS")).toList();
      assertThat(fill).anyMatch(l -> l.startsWith("UPDATE story_pair SET stories_key"));
      db.inTransaction(c -> {
        try (Statement st = c.createStatement()) {
          for (String sql : fill) st.execute(sql.replaceAll(";$", ""));
        }
        return null;
      });
      List<String[]> keys = db.<List<String[]>>read(c -> Sql.list(c, "SELECT stories_hash, stories_key FROM story_pair",
          rs -> new String[] {rs.getString(1), rs.getString(2)}));
      assertThat(keys).hasSize(200);
      assertThat(keys.stream().filter(k -> k[0].charAt(0) >= '8')).as("hashes whose key is negative are among them").isNotEmpty();
      for (String[] k : keys) assertThat(Long.parseLong(k[1])).as(k[0]).isEqualTo(StoriesKey.of(k[0]));
    }
  }
}
