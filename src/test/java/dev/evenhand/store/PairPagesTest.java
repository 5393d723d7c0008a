package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PairRepository#forEach} walks the primary key in windows of {@value PairPages#WINDOW} ids and reads a page's
 * pairs together (issue 13, point 8): every matching pair comes once, in id order, whole (its latest judgments, its
 * balanced judgment), across windows with no match, windows where only some match and the last, partial window,
 * whether a page's pairs are read as a range of ids (most of the window matches) or as a list (a few scattered ids);
 * and V10 moves the export marks of an older database to {@code pair_export} (the marks of exports since V24:
 * {@link ExportRunTest}). The first two run on PostgreSQL too ({@link PairPagesOnPostgresTest}).
 */
class PairPagesTest extends OnEitherStore {
  /** 2,600 pairs in two sets; pair i (from 0) is complete unless i % 3 == 0 (imported), and ids 1,001 to 2,000 are all in set "b". */
  private static List<Long> seed(Database db) {
    PairImports imports = new PairImports(db);
    List<Long> ids = new ArrayList<>();
    long a = imports.write(b -> b.pairSet("a", "test", null));
    long bSet = imports.write(b -> b.pairSet("b", "test", null));
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    for (int start = 0; start < 2600; start += 700) {
      int from = start;
      List<ImportedPair> chunk = new ArrayList<>();
      List<Long> sets = new ArrayList<>();
      for (int i = from; i < Math.min(2600, from + 700); i++) {
        boolean complete = i % 3 != 0;
        StoryPair p = new StoryPair(new Story(Gender.MALE, "Tom", "Tom kept it " + i), new Story(Gender.FEMALE, "Ann", "Ann kept it " + i), "Work");
        List<PairArchive.JudgmentRow> js = complete ? List.of(
            new PairArchive.JudgmentRow(Gender.MALE, "m", "t", 1, "MORAL", "old " + i, at),
            new PairArchive.JudgmentRow(Gender.FEMALE, "m", "t", 1, "IMMORAL", "she " + i, at),
            new PairArchive.JudgmentRow(Gender.MALE, "m", "t", 1, "IMMORAL", "he " + i, at)) : List.of();
        List<PairArchive.BalancedRow> bs = complete ? List.of(new PairArchive.BalancedRow(Gender.MALE, "x", "bm " + i, at),
            new PairArchive.BalancedRow(Gender.FEMALE, "x", "bf " + i, at)) : List.of();
        chunk.add(new ImportedPair(p, 0.5, "m", complete ? PairStage.COMPLETE : PairStage.IMPORTED, ReviewStatus.ACCEPTED, false, null, null,
            new PairArchive(at, 0, complete ? Boolean.FALSE : null, null, js, bs, List.of())));
        sets.add(i >= 1000 && i < 2000 ? bSet : a);
      }
      // consecutive runs of one set, so the ids follow the file order
      int i = 0;
      while (i < chunk.size()) {
        int j = i;
        while (j < chunk.size() && sets.get(j).equals(sets.get(i))) j++;
        List<ImportedPair> run = chunk.subList(i, j);
        long set = sets.get(i);
        for (long id : imports.write(b -> b.addPairs(set, run))) ids.add(id);
        i = j;
      }
    }
    return ids;
  }

  @Test
  void everyMatchingPairComesOnceInIdOrderAndWhole() {
    try (Database db = open("evenhand")) {
      List<Long> ids = seed(db);
      PairRepository pairs = new PairRepository(db);
      List<CuratedPair> all = new ArrayList<>();
      pairs.forEach(PairQuery.ALL, all::add);
      List<Long> expected = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) if (i % 3 != 0) expected.add(ids.get(i));
      assertThat(all).extracting(CuratedPair::id).containsExactlyElementsOf(expected);
      for (CuratedPair p : all) {
        int i = ids.indexOf(p.id());
        assertThat(p.pair().male().text()).isEqualTo("Tom kept it " + i);
        assertThat(p.pair().female().name()).isEqualTo("Ann");
        assertThat(p.judgment(Gender.MALE).orElseThrow().explanation()).as("the latest judgment of the story").isEqualTo("he " + i);
        assertThat(p.judgment(Gender.FEMALE).orElseThrow().explanation()).isEqualTo("she " + i);
        assertThat(p.balanced().orElseThrow().female()).isEqualTo("bf " + i);
        assertThat(p.setName()).isEqualTo(i >= 1000 && i < 2000 ? "b" : "a");
        assertThat(p).isEqualTo(pairs.find(p.id()).orElseThrow());
      }

      List<Long> inB = new ArrayList<>();
      pairs.forEach(PairQuery.ALL.withSet("b").withIds(ids.subList(1500, 2600)), p -> inB.add(p.id()));
      List<Long> expectedB = new ArrayList<>();
      for (int i = 1500; i < 2000; i++) expectedB.add(ids.get(i)); // a query by ids takes pairs at any stage (PairSql)
      assertThat(inB).as("windows with no match, some matches, all matches").containsExactlyElementsOf(expectedB);

      // pages read as a range of ids (two thirds of the ids above match) and as a list (one in seven here)
      List<Long> sparse = new ArrayList<>();
      for (int i = 0; i < ids.size(); i += 7) sparse.add(ids.get(i));
      List<Long> read = new ArrayList<>();
      pairs.forEach(PairQuery.ALL.withIds(sparse), p -> read.add(p.id()));
      assertThat(read).as("a page of scattered ids").containsExactlyElementsOf(sparse);

      List<Long> none = new ArrayList<>();
      pairs.forEach(PairQuery.ALL.withSet("nobody"), p -> none.add(p.id()));
      assertThat(none).isEmpty();
    }
  }

  @Test
  void anUpgradeToV10MovesTheExportMarksToPairExport() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onH2(), "an H2 file at V9");
    Path db = dir.resolve("v9");
    String url = "jdbc:h2:file:" + db + Database.URL_SETTINGS;
    org.flywaydb.core.Flyway.configure().dataSource(url, "evenhand", "").locations(Dialect.H2.locations().toArray(String[]::new)).target("9").load().migrate();
    try (var c = java.sql.DriverManager.getConnection(url, "evenhand", ""); var st = c.createStatement()) {
      st.execute("INSERT INTO pair_set(name, kind, created_at) VALUES ('s', 'test', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
      st.execute("INSERT INTO story_pair(set_id, environment, rouge1, stage, created_at, exported_at) VALUES "
          + "(1, 'Work', 0.5, 'complete', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-02-03 04:05:06+00'), "
          + "(1, 'Work', 0.5, 'complete', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', NULL)");
    }
    try (Database d = Database.open(db)) {
      List<String> marks = d.read(c -> Sql.list(c, "SELECT pair_id || ' ' || exported_at FROM pair_export ORDER BY pair_id", rs -> rs.getString(1)));
      assertThat(marks).containsExactly("1 2026-02-03 04:05:06+00");
      assertThat(new ArchiveRepository(d).read(1).exportedAt()).isEqualTo(Instant.parse("2026-02-03T04:05:06Z"));
      assertThat(new ArchiveRepository(d).read(2).exportedAt()).isNull();
    }
  }
}
