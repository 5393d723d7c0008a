package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full-text search of the review queue ({@link PairQuery#withSearch}): every word must occur in a pair's texts, in any
 * case, punctuation and LIKE's wildcards taken literally. On PostgreSQL ({@link PairSearchOnPostgresTest}) the words are
 * looked up in the GIN index of V18 first, as prefixes of the text's words (issue 15, point 8), and the query can use
 * that index.
 */
class PairSearchTest {
  @TempDir Path dir;

  /** @return true when these tests run on H2 (the subclass runs them on PostgreSQL) */
  boolean onH2() { return true; }

  /** Three pairs: ids[0] a wallet on bus 2, ids[1] O'Neil's e-mail and 50%, ids[2] neither. */
  private static List<Long> seed(Database db) {
    PairImports imports = new PairImports(db);
    long set = imports.write(b -> b.pairSet("s", "test", null));
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    String[] texts = {"%s found a Wallet on the bus 2.", "%s kept the e-mail of O'Neil, 50%% of it.", "Nothing here, %s said."};
    List<ImportedPair> rows = new ArrayList<>();
    for (String t : texts) {
      StoryPair p = new StoryPair(new Story(Gender.MALE, "Tom", String.format(t, "Tom")), new Story(Gender.FEMALE, "Ann", String.format(t, "Ann")), "Work");
      rows.add(new ImportedPair(p, 0.5, "m", PairStage.COMPLETE, ReviewStatus.PENDING, false, null, null,
          new PairArchive(at, 0, Boolean.FALSE, null, List.of(), List.of(), List.of())));
    }
    List<Long> ids = new ArrayList<>();
    for (long id : imports.write(b -> b.addPairs(set, rows))) ids.add(id);
    return ids;
  }

  private static List<Long> found(PairRepository pairs, String search) { return pairs.ids(PairQuery.ALL.withSearch(search)); }

  @Test
  void everyWordMustOccurInAnyCaseWithPunctuationAndWildcardsTakenLiterally() {
    try (Database db = new TestStores(dir, onH2()).open("evenhand")) {
      List<Long> ids = seed(db);
      PairRepository pairs = new PairRepository(db);
      assertThat(found(pairs, "wallet")).containsExactly(ids.get(0));
      assertThat(found(pairs, "WALL")).as("a word's start, any case").containsExactly(ids.get(0));
      assertThat(found(pairs, "wallet  bus")).containsExactly(ids.get(0));
      assertThat(found(pairs, "wallet e-mail")).isEmpty();
      assertThat(found(pairs, "2.")).containsExactly(ids.get(0));
      assertThat(found(pairs, "o'neil")).containsExactly(ids.get(1));
      assertThat(found(pairs, "neil,")).containsExactly(ids.get(1));
      assertThat(found(pairs, "e-mail")).containsExactly(ids.get(1));
      assertThat(found(pairs, "mail")).containsExactly(ids.get(1));
      assertThat(found(pairs, "50%")).containsExactly(ids.get(1));
      assertThat(found(pairs, "%")).as("no letter or digit: LIKE alone").containsExactly(ids.get(1));
      assertThat(found(pairs, "5_")).as("_ is no wildcard").isEmpty();
      assertThat(found(pairs, "tom ann")).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(found(pairs, "wallet")).hasSize((int) pairs.count(PairQuery.ALL.withSearch("wallet")));
      // inside a word: H2's LIKE finds it, PostgreSQL's word index only finds words' starts
      assertThat(found(pairs, "allet")).isEqualTo(onH2() ? List.of(ids.get(0)) : List.of());
    }
  }

  @Test
  void onPostgresqlTheSearchCanUseTheWordIndex() {
    org.junit.jupiter.api.Assumptions.assumeFalse(onH2(), "PostgreSQL's GIN index (V18)");
    try (Database db = new TestStores(dir, false).open("evenhand")) {
      seed(db);
      PairSql f = PairSql.of(PairQuery.ALL.withSearch("wallet"), db.dialect());
      String plan = db.read(c -> {
        try (var st = c.createStatement()) {
          st.execute("SET enable_seqscan = off");
        }
        return String.join("\n", Sql.list(c, "EXPLAIN SELECT p.id FROM story_pair p " + f.where(), rs -> rs.getString(1), f.argsAnd()));
      });
      assertThat(plan).contains("pair_search_words");
    }
  }
}
