package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search index under SIGKILL (issue 15, point 8; the brief's crash harness): a child process indexes an H2 database
 * and is killed at a random moment, again and again, while texts change between the kills. After every kill, whenever
 * the index answers a search at all, it answers what the database holds: the pairs whose texts match, worked out
 * here from every row, none missing and none extra.
 */
class SearchIndexKillTest {
  @TempDir Path dir;

  /** Rows per catch-up of the child: small, so that a kill lands between many commits. */
  private static final int STEP = 20;

  private static final String[] WORDS = {"wallet", "umbrella", "bicycle", "ladder", "violin", "garden", "letter", "kettle"};

  /** The child: indexes the database at {@code args[0]} in small steps until nothing is left, saying each step. */
  public static final class Indexer {
    public static void main(String[] args) {
      try (Database db = Database.open(Path.of(args[0]))) {
        SearchIndex ix = db.searchIndex().orElseThrow();
        for (int n; (n = ix.catchUp(STEP, () -> false)) > 0; ) System.out.println("indexed " + n);
        System.out.println("done");
      }
    }
  }

  @Test
  void killedAtRandomMomentsWhileIndexingTheIndexNeverAnswersWrong() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    int kills = Integer.getInteger("crash.indexKills", 8);
    Path db = dir.resolve("db/evenhand");
    Files.createDirectories(db.getParent());
    try (Database d = Database.open(db)) {
      seed(d, 1_500);
    }
    int answered = 0;
    int killedMidway = 0;
    int steps = 0;
    for (int round = 0; round < kills; round++) {
      if (round % 2 == 0) {
        // every other round the index is started afresh (the database forgets its name): the child rebuilds it all
        try (Database d = Database.open(db)) {
          d.inTransaction(c -> Sql.update(c, "DELETE FROM " + SearchIndex.STATE_TABLE));
        }
      }
      Path out = dir.resolve("child" + round + ".out");
      Process p = ChildJvm.start(dir, out, dir.resolve("child" + round + ".err"), Indexer.class.getName(), db.toString());
      long killAfterMs;
      if (round % 3 == 0) {
        killAfterMs = 300 + random.nextInt(2_500); // any moment from the start: opening, rebuilding, indexing
      } else {
        // a moment while it indexes: after its first step has been said (the deadline covers a slow machine)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && !Files.readString(out).contains("indexed") && System.nanoTime() < deadline) {
          p.waitFor(20, TimeUnit.MILLISECONDS);
        }
        killAfterMs = random.nextInt(300);
      }
      boolean ended = p.waitFor(killAfterMs, TimeUnit.MILLISECONDS);
      if (!ended) p.destroyForcibly();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("round %d: the child ends (seed %d)", round, seed).isTrue();
      String said = Files.readString(dir.resolve("child" + round + ".out"));
      if (!said.contains("done")) killedMidway++;
      if (said.contains("indexed")) steps += (int) said.lines().filter(l -> l.startsWith("indexed")).count();
      try (Database d = Database.open(db)) {
        answered += check(d, "round " + round + " (seed " + seed + ", killed after " + killAfterMs + " ms: " + !ended + ")");
        change(d, random, 100); // texts change between kills: their old words in the index must not count
      }
    }
    try (Database d = Database.open(db)) {
      SearchIndex ix = d.searchIndex().orElseThrow();
      while (ix.catchUp(SearchIndex.CHUNK, () -> false) > 0) { }
      assertThat(ix.unindexed()).isZero();
      for (String w : WORDS) assertThat(ix.pairsMatching(List.of(w))).as("caught up: the index answers '%s'", w).isPresent();
      answered += check(d, "after the last catch-up (seed " + seed + ")");
    }
    System.out.printf("search index under SIGKILL: %d rounds, %d killed before the child was done (%d steps of " + STEP + " rows committed in all),"
        + " %d searches the index answered, all as the database holds (seed %d)%n", kills, killedMidway, steps, answered, seed);
    assertThat(killedMidway).as("kills that landed while the child worked (seed %d)", seed).isPositive();
  }

  /** @return how many of the searches the index answered (each checked against every row) */
  private static int check(Database d, String when) {
    SearchIndex ix = d.searchIndex().orElseThrow();
    List<Object[]> rows = d.read(c -> Sql.list(c, "SELECT pair_id, text FROM pair_search ORDER BY pair_id", rs -> new Object[] {rs.getLong(1), rs.getString(2)}));
    int answered = 0;
    for (String w : WORDS) {
      Optional<long[]> found = ix.pairsMatching(List.of(w));
      if (found.isEmpty()) continue;
      answered++;
      List<Long> expected = new ArrayList<>();
      for (Object[] r : rows) if (ix.tokens((String) r[1]).stream().anyMatch(t -> t.startsWith(w))) expected.add((Long) r[0]);
      List<Long> got = new ArrayList<>();
      for (long id : found.get()) got.add(id);
      assertThat(got).as("%s: the pairs the index finds for '%s'", when, w).containsExactlyElementsOf(expected);
    }
    return answered;
  }

  private static void seed(Database db, int n) {
    PairImports imports = new PairImports(db);
    long set = imports.write(b -> b.pairSet("s", "test", null));
    List<ImportedPair> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String t = "%s found a " + WORDS[i % WORDS.length] + " near the " + WORDS[(i / 8) % WORDS.length] + ", story " + i + ".";
      StoryPair p = new StoryPair(new Story(Gender.MALE, "Tom", String.format(t, "Tom")), new Story(Gender.FEMALE, "Ann", String.format(t, "Ann")), "Work");
      rows.add(new ImportedPair(p, 0.5, "m", PairStage.COMPLETE, ReviewStatus.PENDING, false, null, null,
          new PairArchive(null, 0, Boolean.FALSE, null, List.of(), List.of(), List.of())));
    }
    imports.write(b -> b.addPairs(set, rows));
  }

  /** Gives {@code n} random pairs new story texts with other words, as an edit would (the search text rebuilt). */
  private static void change(Database db, Random random, int n) {
    List<Long> ids = db.read(c -> Sql.list(c, "SELECT id FROM story_pair ORDER BY id", rs -> rs.getLong(1)));
    for (int k = 0; k < n; k++) {
      long id = ids.get(random.nextInt(ids.size()));
      String word = WORDS[random.nextInt(WORDS.length)];
      db.inTransaction(c -> {
        Sql.update(c, "UPDATE story SET text = ? WHERE pair_id = ?", "Someone mended a " + word + " instead, story " + id + ".", id);
        PairRows.refreshSearchText(c, id);
        return null;
      });
    }
  }
}
