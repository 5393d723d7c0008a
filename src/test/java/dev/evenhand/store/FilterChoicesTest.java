package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.testing.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter pickers' values ({@link PairRepository#distinct}): the environments and model tags of queue pairs, read one
 * value at a time from the facet's index rather than by a {@code SELECT DISTINCT} over every pair (issue 15, point 8).
 * {@link FilterChoicesOnPostgresTest} runs the same on PostgreSQL.
 */
class FilterChoicesTest {
  @TempDir Path dir;

  /** @return true on H2 (the subclass runs these tests on PostgreSQL) */
  boolean onH2() { return true; }

  private static ImportedPair pair(int i, String environment, String model, PairStage stage) {
    StoryPair p = new StoryPair(new Story(Gender.MALE, "Tom", "Tom kept the book " + i + "."),
        new Story(Gender.FEMALE, "Ann", "Ann kept the book " + i + "."), environment);
    return new ImportedPair(p, 0.5, model, stage, ReviewStatus.PENDING, false, null, null,
        new PairArchive(null, 0, Boolean.FALSE, null, List.of(), List.of(), List.of()));
  }

  @Test
  void onlyTheValuesOfQueuePairsSortedEachOnceAndNoneMissing() {
    try (Database db = new TestStores(dir, onH2()).open("evenhand")) {
      PairImports imports = new PairImports(db);
      long set = imports.write(b -> b.pairSet("s", "test", null));
      List<ImportedPair> rows = new ArrayList<>();
      // "Garden" and "Zoo" only on pairs not in the queue (imported, unjudged): the scan must step over them
      String[][] given = {{"Work", "m2"}, {"Family", "m1"}, {"Garden", "m9"}, {"Work", "m1"}, {"School", "m2"}, {"Zoo", "m9"}, {"Family", "m2"}};
      PairStage[] stages = {PairStage.COMPLETE, PairStage.COMPLETE, PairStage.IMPORTED, PairStage.COMPLETE, PairStage.COMPLETE,
          PairStage.IMPORTED, PairStage.COMPLETE};
      for (int i = 0; i < given.length; i++) rows.add(pair(i, given[i][0], given[i][1], stages[i]));
      for (int i = 0; i < 50; i++) rows.add(pair(100 + i, "Garden", "m9", PairStage.IMPORTED));
      rows.add(pair(200, "Work", null, PairStage.COMPLETE));
      imports.write(b -> b.addPairs(set, rows));
      PairRepository pairs = new PairRepository(db);
      assertThat(pairs.distinct(PairQuery.Facet.ENVIRONMENT)).containsExactly("Family", "School", "Work");
      assertThat(pairs.distinct(PairQuery.Facet.MODEL_TAG)).as("no null tag").containsExactly("m1", "m2");
    }
  }

  @Test
  void theSameValuesAsSelectDistinctOverManyPairsAndValues() {
    try (Database db = new TestStores(dir, onH2()).open("evenhand")) {
      PairImports imports = new PairImports(db);
      long set = imports.write(b -> b.pairSet("s", "test", null));
      SplittableRandom random = new SplittableRandom(7);
      List<ImportedPair> rows = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        rows.add(pair(i, "Env " + random.nextInt(80) + (random.nextBoolean() ? " Ä" : ""), "model:" + random.nextInt(12),
            random.nextInt(4) == 0 ? PairStage.IMPORTED : PairStage.COMPLETE));
      }
      imports.write(b -> b.addPairs(set, rows));
      PairRepository pairs = new PairRepository(db);
      for (String column : List.of("environment", "model_tag")) {
        List<String> expected = db.read(c -> Sql.list(c, "SELECT DISTINCT " + column + " FROM story_pair WHERE stage = 'complete' AND " + column
            + " IS NOT NULL ORDER BY 1", rs -> rs.getString(1)));
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(pairs.distinct(column.equals("environment") ? PairQuery.Facet.ENVIRONMENT : PairQuery.Facet.MODEL_TAG)).as(column)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void eachNextValueIsASeekInTheFacetsIndex() {
    org.junit.jupiter.api.Assumptions.assumeTrue(onH2(), "PostgreSQL's planner scans tables this small; its plan is its own");
    try (Database db = new TestStores(dir, true).open("evenhand")) {
      for (PairQuery.Facet facet : PairQuery.Facet.values()) {
        for (boolean first : new boolean[] {true, false}) {
          String plan = db.read(c -> String.join("\n", Sql.list(c, "EXPLAIN " + PairRepository.nextValue(facet, Dialect.H2, first), rs -> rs.getString(1),
              first ? new Object[0] : new Object[] {"Work"})));
          assertThat(plan).as(facet + (first ? ", first value" : ", next value")).contains(facet == PairQuery.Facet.ENVIRONMENT ? "STORY_PAIR_ENV" : "STORY_PAIR_MODEL")
              .contains("index sorted");
        }
      }
    }
  }
}
