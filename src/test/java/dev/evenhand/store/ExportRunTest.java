package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The marks of a trainer export (V24, {@link ExportRun}): written beside the file, they count for nothing until the run
 * is published, then for exactly the pairs added, all at once; a run closed unpublished leaves nothing; the marks of a
 * run whose process is gone are removed by the next open; a pair marked before V24 (or by an import) and by a run was
 * last exported at the later time. Runs on PostgreSQL too ({@link ExportRunOnPostgresTest}); the SIGKILL harness, on
 * H2, kills a real {@code export} at random moments.
 */
class ExportRunTest extends OnEitherStore {
  /** Stores {@code n} judged pairs, 1,000 per batch. */
  private static List<Long> seed(Database db, int n) {
    PairImports imports = new PairImports(db);
    long set = imports.write(b -> b.pairSet("s", "test", null));
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    List<Long> ids = new ArrayList<>();
    for (int start = 0; start < n; start += 1000) {
      List<ImportedPair> chunk = new ArrayList<>();
      for (int i = start; i < Math.min(n, start + 1000); i++) {
        StoryPair p = new StoryPair(new Story(Gender.MALE, "Tom", "Tom kept it " + i), new Story(Gender.FEMALE, "Ann", "Ann kept it " + i), "Work");
        chunk.add(new ImportedPair(p, 0.5, "m", PairStage.COMPLETE, ReviewStatus.ACCEPTED, false, null, null,
            new PairArchive(at, 0, Boolean.FALSE, null, List.of(), List.of(), List.of())));
      }
      for (long id : imports.write(b -> b.addPairs(set, chunk))) ids.add(id);
    }
    return ids;
  }

  /** @return the pairs that count as exported, by id */
  static List<Long> exported(Database db) {
    return db.read(c -> Sql.list(c, "SELECT p.id FROM story_pair p WHERE " + ExportRun.EXPORTED + " ORDER BY p.id", rs -> rs.getLong(1)));
  }

  private static long count(Database db, String sql, Object... args) { return db.read(c -> Sql.count(c, sql, args)); }

  @Test
  void aRunsPairsCountAsExportedOnlyOncePublishedAndThenExactlyThose() throws Exception {
    try (Database db = open("evenhand")) {
      List<Long> ids = seed(db, 6000);
      List<Long> marked = new ArrayList<>(ids.subList(10, 5110));
      marked.add(ids.get(7));
      marked.add(ids.get(5999));
      marked.removeIf(id -> id % 97 == 0);
      Collections.shuffle(marked, new Random(3)); // an export sorted otherwise than by id
      ArchiveRepository archive = new ArchiveRepository(db);
      Instant before = Instant.now();
      try (ExportRun run = new PairRepository(db).startExport("trl-dpo")) {
        for (long id : marked) run.add(id);
        // two full chunks were handed to the marking thread: once they are written, they still count for nothing
        ChildJvm.await("the marking thread writes the first two chunks", 60,
            () -> count(db, "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM export_mark WHERE run_id = ?", run.id()) == 2L * ExportRun.MARKS_PER_TRANSACTION);
        assertThat(exported(db)).as("marks of an unpublished run").isEmpty();
        assertThat(archive.read(marked.get(0)).exportedAt()).isNull();
        assertThat(run.publish()).isEmpty();
      }
      assertThat(exported(db)).containsExactlyElementsOf(marked.stream().sorted().toList());
      Instant at = archive.read(marked.get(0)).exportedAt();
      assertThat(at).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).isBeforeOrEqualTo(Instant.now());
      assertThat(archive.read(ids.get(8)).exportedAt()).as("a pair not added").isNull();
    }
  }

  @Test
  void aRunClosedUnpublishedLeavesNoMarkAndNoRun() {
    try (Database db = open("evenhand")) {
      List<Long> ids = seed(db, 3000);
      try (ExportRun run = new PairRepository(db).startExport("trl-dpo")) {
        for (long id : ids) run.add(id);
      }
      assertThat(count(db, "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM export_mark")).isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM export_run")).isZero();
      assertThat(exported(db)).isEmpty();
    }
  }

  @Test
  void theMarksOfARunWhoseProcessIsGoneAreRemovedByTheNextOpenAndALiveOnesStay() throws Exception {
    Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").start();
    String goneStart = gone.info().startInstant().map(Instant::toString).orElse(null);
    assertThat(gone.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("java -version ends").isTrue();
    String goneOwner = Owner.me().substring(0, Owner.me().lastIndexOf(':') + 1) + gone.pid();
    long deadRun;
    long liveRun;
    try (Database db = open("evenhand")) {
      List<Long> ids = seed(db, 3000);
      deadRun = db.inTransaction(c -> Sql.insert(c, "INSERT INTO export_run(format, owner, owner_started, started_at) VALUES ('trl-dpo', ?, ?, ?)",
          goneOwner, goneStart, Instant.now()));
      liveRun = db.inTransaction(c -> Sql.insert(c, "INSERT INTO export_run(format, owner, owner_started, started_at) VALUES ('trl-dpo', ?, ?, ?)",
          Owner.me(), Owner.myStart(), Instant.now()));
      for (long run : new long[] {deadRun, liveRun}) {
        db.inTransaction(c -> Sql.update(c, "INSERT INTO export_mark(block, run_id, first_id, last_id) SELECT id / 1024, ?, id, id FROM story_pair WHERE id BETWEEN ? AND ?",
            run, ids.get(0), ids.get(2999)));
      }
    }
    try (Database db = open("evenhand")) {
      assertThat(count(db, "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM export_mark WHERE run_id = ?", deadRun)).as("the marks of the killed export").isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM export_run WHERE id = ?", deadRun)).isZero();
      assertThat(count(db, "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM export_mark WHERE run_id = ?", liveRun)).as("an export of a live process").isEqualTo(3000);
      assertThat(exported(db)).as("neither run counts").isEmpty();
    }
  }

  @Test
  void aPairMarkedBeforeV24AndByARunWasLastExportedAtTheLaterTime() {
    try (Database db = open("evenhand")) {
      List<Long> ids = seed(db, 3);
      Instant old = Instant.parse("2026-02-03T04:05:06Z");
      for (long id : ids.subList(0, 2)) db.inTransaction(c -> Sql.update(c, "INSERT INTO pair_export(pair_id, exported_at) VALUES (?, ?)", id, old));
      try (ExportRun run = new PairRepository(db).startExport("trl-sft")) {
        run.add(ids.get(1));
        run.add(ids.get(2));
        run.publish();
      }
      ArchiveRepository archive = new ArchiveRepository(db);
      assertThat(archive.read(ids.get(0)).exportedAt()).isEqualTo(old);
      assertThat(archive.read(ids.get(1)).exportedAt()).isAfter(old).isEqualTo(archive.read(ids.get(2)).exportedAt());
      assertThat(exported(db)).containsExactlyElementsOf(ids);
    }
  }

  @Test
  void deletingAPairSetDeletesItsPairsMarks() {
    try (Database db = open("evenhand")) {
      List<Long> ids = seed(db, 10);
      try (ExportRun run = new PairRepository(db).startExport("trl-dpo")) {
        for (long id : ids) run.add(id);
        run.publish();
      }
      assertThat(count(db, "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM export_mark")).isEqualTo(10);
      new DeleteRepository(db).deleteSet("s", false);
      assertThat(count(db, "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM export_mark")).as("marks of deleted pairs").isZero();
    }
  }

  @Test
  void aChunkWrittenAgainAfterALostCommitMarksTheSamePairsOnce() {
    try (Database db = open("evenhand")) {
      List<Long> ids = seed(db, 3000);
      long[] chunk = ids.stream().filter(id -> id % 5 != 0).mapToLong(Long::longValue).toArray();
      try (ExportRun run = new PairRepository(db).startExport("trl-dpo")) {
        db.inTransaction(c -> ExportRun.mark(c, run.id(), chunk, false));
        List<String> rows = ranges(db, run.id());
        // the commit of the first attempt did get in: the second attempt merges the same rows
        db.inTransaction(c -> ExportRun.mark(c, run.id(), chunk, true));
        assertThat(ranges(db, run.id())).isEqualTo(rows);
        assertThat(rows).as("one row per run of consecutive ids, cut at blocks of " + ExportRun.MARK_BLOCK).allSatisfy(r -> {
          String[] f = r.split("[:-]");
          assertThat(Long.parseLong(f[1]) / ExportRun.MARK_BLOCK).isEqualTo(Long.parseLong(f[0])).isEqualTo(Long.parseLong(f[2]) / ExportRun.MARK_BLOCK);
        });
        assertThat(count(db, "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM export_mark WHERE run_id = ?", run.id())).isEqualTo(chunk.length);
        assertThat(run.publish()).isEmpty();
      }
      assertThat(exported(db)).containsExactlyElementsOf(java.util.Arrays.stream(chunk).boxed().toList());
    }
  }

  @Test
  void deletingSomePairsOfAMarkedRunKeepsTheOthersExported() {
    try (Database db = open("evenhand")) {
      List<Long> ids = seed(db, 20);
      try (ExportRun run = new PairRepository(db).startExport("trl-dpo")) {
        for (long id : ids) run.add(id);
        run.publish();
      }
      // the first five and one in the middle: the rows that mark them mark the others too
      List<Long> gone = new ArrayList<>(ids.subList(0, 5));
      gone.add(ids.get(12));
      Object[] args = gone.toArray();
      db.inTransaction(c -> DeleteRepository.deletePairs(c, PairSql.placeholders(args.length), args));
      List<Long> left = new ArrayList<>(ids);
      left.removeAll(gone);
      assertThat(exported(db)).containsExactlyElementsOf(left);
      assertThat(count(db, "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM export_mark")).as("marks name only pairs that exist")
          .isEqualTo(left.size());
      // a pair that gets a deleted pair's id (a db copy restarts identities after the largest id it copied) was never exported
      long setId = count(db, "SELECT set_id FROM story_pair WHERE id = ?", ids.get(13));
      for (long reused : new long[] {ids.get(4), ids.get(12)}) {
        db.inTransaction(c -> Sql.update(c, "INSERT INTO story_pair(id, set_id, environment, rouge1, stage, status, created_at) "
            + "VALUES (?, ?, 'Work', 0.5, 'complete', 'accepted', CURRENT_TIMESTAMP)", reused, setId));
      }
      assertThat(exported(db)).as("the pairs that took deleted pairs' ids").doesNotContain(ids.get(4), ids.get(12))
          .containsExactlyElementsOf(left);
      new DeleteRepository(db).deleteSet("s", false);
      assertThat(count(db, "SELECT COUNT(*) FROM export_mark")).as("marks that mark no pair any more").isZero();
    }
  }

  /** @return a run's mark rows as {@code first-last} with their block, {@code block:first-last}, by first id */
  private static List<String> ranges(Database db, long runId) {
    return db.read(c -> Sql.list(c, "SELECT block, first_id, last_id FROM export_mark WHERE run_id = ? ORDER BY first_id",
        rs -> rs.getLong(1) + ":" + rs.getLong(2) + "-" + rs.getLong(3), runId));
  }
}
