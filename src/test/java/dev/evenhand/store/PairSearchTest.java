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
  void onH2TheSearchIndexAnswersOnceCaughtUpAndMatchesWordsStartsAsPostgresqlDoes() {
    org.junit.jupiter.api.Assumptions.assumeTrue(onH2(), "H2's Lucene index beside the file (V22)");
    try (Database db = new TestStores(dir, true).open("evenhand")) {
      List<Long> ids = seed(db);
      PairRepository pairs = new PairRepository(db);
      SearchIndex ix = db.searchIndex().orElseThrow();
      assertThat(ix.pairsMatching(List.of("wallet"))).as("no index built yet: the database scans").isEmpty();
      assertThat(ix.catchUp(1_000, () -> false)).isEqualTo(3);
      assertThat(ix.unindexed()).isZero();
      assertThat(ix.pairsMatching(List.of("wallet"))).hasValueSatisfying(v -> assertThat(v).containsExactly(ids.get(0)));
      assertThat(PairSql.of(PairQuery.ALL.withSearch("wallet"), db).where()).as("the index's pairs, not LIKE").contains("ANY(?)").doesNotContain("LIKE");
      assertThat(found(pairs, "wallet")).containsExactly(ids.get(0));
      assertThat(found(pairs, "WALL")).containsExactly(ids.get(0));
      assertThat(found(pairs, "wallet  bus")).containsExactly(ids.get(0));
      assertThat(found(pairs, "wallet e-mail")).isEmpty();
      assertThat(found(pairs, "o'neil")).containsExactly(ids.get(1));
      assertThat(found(pairs, "e-mail")).containsExactly(ids.get(1));
      assertThat(found(pairs, "mail")).containsExactly(ids.get(1));
      assertThat(found(pairs, "50%")).containsExactly(ids.get(1));
      assertThat(found(pairs, "%")).as("no letter or digit: LIKE alone").containsExactly(ids.get(1));
      assertThat(found(pairs, "tom ann")).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(found(pairs, "allet")).as("inside a word: not a word's start, as on PostgreSQL").isEmpty();
      assertThat(pairs.count(PairQuery.ALL.withSearch("nothing"))).isEqualTo(1);
      assertThat(ix.catchUp(1_000, () -> false)).as("nothing left to index").isZero();
    }
  }

  /** ReviewBench: walking the queue index in order and testing every pair against the list took 14 s at a million. */
  @Test
  void theFoundPairsAreLookedUpByKeyNotTheWholeQueueWalkedInOrder() {
    org.junit.jupiter.api.Assumptions.assumeTrue(onH2(), "H2's Lucene index beside the file (V22)");
    try (Database db = new TestStores(dir, true).open("evenhand")) {
      seed(db);
      PairImports imports = new PairImports(db);
      long set = imports.write(b -> b.pairSet("more", "test", null));
      List<ImportedPair> rows = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        StoryPair p = new StoryPair(new Story(Gender.MALE, "Tom", "Tom read book " + i + "."), new Story(Gender.FEMALE, "Ann", "Ann read book " + i + "."), "Work");
        rows.add(new ImportedPair(p, 0.5, "m", PairStage.COMPLETE, ReviewStatus.PENDING, i % 2 == 0, null, null,
            new PairArchive(null, 0, i % 2 == 0, null, List.of(), List.of(), List.of())));
      }
      imports.write(b -> b.addPairs(set, rows));
      db.searchIndex().orElseThrow().catchUp(10_000, () -> false);
      PairQuery wallet = PairQuery.ALL.withSearch("wallet");
      PairSql f = PairSql.of(wallet, db);
      String plan = db.read(c -> String.join("\n", Sql.list(c, "EXPLAIN SELECT p.id FROM story_pair p " + f.where() + " ORDER BY " + f.orderBy(wallet),
          rs -> rs.getString(1), f.argsAnd())));
      assertThat(plan).as("the found pairs looked up by key, not the queue walked in order").contains("PRIMARY_KEY").doesNotContain("QUEUE_ORDER");
      assertThat(new PairRepository(db).ids(wallet)).hasSize(1);
    }
  }

  @Test
  void rowsAddedOrChangedAfterTheIndexAreSearchedAsTheyAreNow() {
    org.junit.jupiter.api.Assumptions.assumeTrue(onH2(), "H2's Lucene index beside the file (V22)");
    try (Database db = new TestStores(dir, true).open("evenhand")) {
      List<Long> ids = seed(db);
      PairRepository pairs = new PairRepository(db);
      SearchIndex ix = db.searchIndex().orElseThrow();
      ix.catchUp(1_000, () -> false);
      long changed = ids.get(0);
      db.inTransaction(c -> {
        Sql.update(c, "UPDATE story SET text = REPLACE(text, 'Wallet', 'Umbrella') WHERE pair_id = ?", changed);
        PairRows.refreshSearchText(c, changed);
        return null;
      });
      List<Long> more = seed(db); // three more pairs, not indexed
      long added = more.get(2);
      assertThat(ix.unindexed()).as("the changed row and the three new ones").isEqualTo(4);
      assertThat(ix.pairsMatching(List.of("umbrella"))).as("the index answers, with the changed row").hasValueSatisfying(v -> assertThat(v).containsExactly(changed));
      assertThat(found(pairs, "umbrella")).containsExactly(changed);
      assertThat(found(pairs, "wallet")).as("the index's old word for the changed row is not trusted").containsExactly(more.get(0));
      assertThat(found(pairs, "nothing")).containsExactlyInAnyOrder(ids.get(2), added);
      assertThat(found(pairs, "umbrel")).as("a word's start, in a row not indexed").containsExactly(changed);
      assertThat(found(pairs, "mbrella")).as("not inside a word, in a row not indexed either").isEmpty();
      ix.catchUp(1_000, () -> false);
      assertThat(ix.unindexed()).isZero();
      assertThat(found(pairs, "umbrella")).containsExactly(changed);
      assertThat(found(pairs, "nothing")).containsExactlyInAnyOrder(ids.get(2), added);
    }
  }

  @Test
  void aMissingOrForeignIndexIsNotTrustedAndTheNextCatchUpBuildsItAgain() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onH2(), "H2's Lucene index beside the file (V22)");
    Path other = dir.resolve("other");
    java.nio.file.Files.createDirectories(other);
    try (Database b = new TestStores(other, true).open("evenhand")) {
      seed(b);
      seed(b);
      b.searchIndex().orElseThrow().catchUp(1_000, () -> false);
    }
    try (Database db = new TestStores(dir, true).open("evenhand")) {
      List<Long> ids = seed(db);
      PairRepository pairs = new PairRepository(db);
      SearchIndex ix = db.searchIndex().orElseThrow();
      ix.catchUp(1_000, () -> false);
      Path folder = ix.folder();
      ix.close();
      org.apache.commons.io.file.PathUtils.deleteDirectory(folder);
      SearchIndex again = new SearchIndex(db, folder);
      assertThat(again.pairsMatching(List.of("wallet"))).as("the database names an index that is gone").isEmpty();
      assertThat(found(pairs, "wallet")).containsExactly(ids.get(0));
      // another database's index in its place: its ids are not these pairs
      copyTree(SearchIndex.folderOf(other.resolve("evenhand")), folder);
      assertThat(again.pairsMatching(List.of("wallet"))).as("another database's index").isEmpty();
      assertThat(again.catchUp(1_000, () -> false)).as("built again: every row").isEqualTo(3);
      assertThat(again.pairsMatching(List.of("wallet"))).hasValueSatisfying(v -> assertThat(v).containsExactly(ids.get(0)));
      // deleted under an open writer (as a person might, with the window open): one catch-up fails, the next builds it
      org.apache.commons.io.file.PathUtils.deleteDirectory(folder);
      List<Long> more = seed(db);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> again.catchUp(1_000, () -> false)).isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("cannot write the search index");
      assertThat(found(pairs, "wallet")).as("searching meanwhile").containsExactlyInAnyOrder(ids.get(0), more.get(0));
      assertThat(again.catchUp(1_000, () -> false)).as("built again after the failure: every row").isEqualTo(6);
      assertThat(again.pairsMatching(List.of("wallet"))).hasValueSatisfying(v -> assertThat(v).containsExactly(ids.get(0), more.get(0)));
      again.close();
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    java.nio.file.Files.createDirectories(to);
    try (var s = java.nio.file.Files.list(from)) {
      for (Path f : s.toList()) if (!f.getFileName().toString().equals("write.lock")) java.nio.file.Files.copy(f, to.resolve(f.getFileName()));
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
