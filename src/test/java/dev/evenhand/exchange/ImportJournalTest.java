package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairImports;
import dev.evenhand.store.PairRepository;
import dev.evenhand.usecase.ImportUseCase;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import is all or nothing without being one large transaction (V15): its batches are committed hidden (stage
 * {@code importing}) and published after one tiny commit point; a failed import deletes what it wrote; an import
 * whose process died is rolled back (before its commit point) or finished (after it) by the next open. The kills
 * themselves are in the crash harness (CrashHarness.importGenmo); here the states a kill leaves are made by hand.
 */
class ImportJournalTest {
  @TempDir Path dir;

  private static final int PAIRS = 1203;

  private Path csv(int pairs, String badStatusAt) throws Exception { return csv(dir, pairs, badStatusAt); }

  /** A CSV export of {@code pairs} accepted pairs (one with the invalid status "maybe" at {@code badStatusAt}, if given). */
  static Path csv(Path dir, int pairs, String badStatusAt) throws Exception {
    Path f = dir.resolve("pairs-" + pairs + ".csv");
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
         CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").setHeader(RecordFormats.Csv.HEADER).get())) {
      for (int i = 1; i <= pairs; i++) {
        String status = String.valueOf(i).equals(badStatusAt) ? "maybe" : "accepted";
        p.printRecord(i, "male", "Work", "Tom kept the wallet he found, case " + i + ".", "immoral", "He should return it", "They should return it", status);
        p.printRecord(i, "female", "Work", "Ann kept the wallet she found, case " + i + ".", "moral", "She may keep it", "They should return it", status);
      }
    }
    return f;
  }

  private static long scalar(Database db, String sql) { return BatchedImportTest.scalar(db, sql); }

  private static String text(Database db, String sql) {
    return db.read(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getString(1);
      }
    });
  }

  private static void exec(Database db, String sql) {
    db.inTransaction(c -> {
      try (var st = c.createStatement()) {
        return st.executeUpdate(sql);
      }
    });
  }

  @Test
  void whileAnImportWritesItsCommittedBatchesAreHiddenAndAFailureLaterDeletesThemAndTheSetItMade() throws Exception {
    Path file = csv(PAIRS, String.valueOf(PAIRS));
    try (Database db = Database.open(dir.resolve("db/evenhand"))) {
      ImportService importer = new ImportService(new PairImports(db), ImportUseCase.FACTS);
      PairRepository pairs = new PairRepository(db);
      AuditRepository audits = new AuditRepository(db);
      List<long[]> seen = new ArrayList<>();
      // with --skip-invalid the batches are written as the file is read; cancelled near the end
      assertThatThrownBy(() -> importer.importFile(ImportService.Source.CSV, file, "half", true, n -> {
        if (n >= 1100 && seen.isEmpty()) {
          seen.add(new long[] {scalar(db, "SELECT COUNT(*) FROM story_pair"), scalar(db, "SELECT COUNT(*) FROM story_pair WHERE stage <> 'importing'"),
              pairs.countBySet().getOrDefault("half", 0L), audits.pairCount("half"), pairs.countByStatus().values().stream().mapToLong(Long::longValue).sum()});
        }
      }, () -> !seen.isEmpty())).isInstanceOf(java.util.concurrent.CancellationException.class);
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0)[0]).as("batches committed while the import ran (read on another connection)").isGreaterThanOrEqualTo(500);
      assertThat(seen.get(0)[1]).as("none of them visible with a real stage").isZero();
      assertThat(seen.get(0)[2]).as("the set's count on the Datasets screen").isZero();
      assertThat(seen.get(0)[3]).as("an audit of the set").isZero();
      assertThat(seen.get(0)[4]).as("the review queue's counts").isZero();

      assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair")).as("the cancelled import's committed batches are deleted").isZero();
      assertThat(scalar(db, "SELECT COUNT(*) FROM story")).isZero();
      assertThat(scalar(db, "SELECT COUNT(*) FROM pair_set")).as("and the set it created").isZero();
      assertThat(text(db, "SELECT state FROM pair_import")).isEqualTo("rolled_back");

      ImportService.Result r = importer.importFile(ImportService.Source.CSV, file, "whole", true, n -> { }, () -> false);
      assertThat(r.imported()).isEqualTo(PAIRS - 1);
      assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair WHERE stage = 'complete' AND import_stage IS NULL")).isEqualTo(PAIRS - 1);
      assertThat(text(db, "SELECT state FROM pair_import ORDER BY id DESC LIMIT 1")).isEqualTo("done");
    }
  }

  /** A process id that no running process has: a child that has exited. */
  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  /** Imports {@code set}, then puts it back in the state a kill left: its pairs hidden, its journal row in {@code state}. */
  private void interrupted(Path db, String set, String state, long ownerPid) throws Exception {
    Path file = csv(600, null);
    try (Database d = Database.open(db)) {
      new ImportService(new PairImports(d), ImportUseCase.FACTS).importFile(ImportService.Source.CSV, file, set, false, n -> { }, () -> false);
      String owner = text(d, "SELECT owner FROM pair_import ORDER BY id DESC LIMIT 1");
      String host = owner.substring(0, owner.lastIndexOf(':'));
      // half of the pairs still hidden, as a kill during publishing leaves them; all of them while writing
      String which = state.equals("publishing") ? " WHERE id % 2 = 0" : "";
      exec(d, "UPDATE story_pair SET import_stage = stage, stage = 'importing'" + which);
      exec(d, "UPDATE pair_import SET state = '" + state + "', ended_at = NULL, owner = '" + host + ":" + ownerPid + "', owner_started = NULL");
    }
  }

  @Test
  void anImportWhoseProcessDiedBeforeItsCommitPointIsRolledBackAtTheNextOpen() throws Exception {
    Path db = dir.resolve("w/evenhand");
    interrupted(db, "killed", "writing", deadPid());
    try (Database d = Database.open(db)) {
      assertThat(scalar(d, "SELECT COUNT(*) FROM story_pair")).isZero();
      assertThat(scalar(d, "SELECT COUNT(*) FROM pair_set")).as("the set the import created").isZero();
      assertThat(text(d, "SELECT state FROM pair_import")).isEqualTo("rolled_back");
    }
  }

  @Test
  void anImportWhoseProcessDiedAfterItsCommitPointIsFinishedAtTheNextOpen() throws Exception {
    Path db = dir.resolve("p/evenhand");
    interrupted(db, "killed", "publishing", deadPid());
    try (Database d = Database.open(db)) {
      assertThat(scalar(d, "SELECT COUNT(*) FROM story_pair WHERE stage = 'complete'")).isEqualTo(600);
      assertThat(scalar(d, "SELECT COUNT(*) FROM story_pair WHERE stage = 'importing' OR import_stage IS NOT NULL")).isZero();
      assertThat(new PairRepository(d).countBySet()).containsEntry("killed", 600L);
      assertThat(text(d, "SELECT state FROM pair_import")).isEqualTo("done");
    }
  }

  @Test
  void anImportOfALiveProcessIsLeftAlone() throws Exception {
    Path db = dir.resolve("l/evenhand");
    interrupted(db, "running", "writing", ProcessHandle.current().pid());
    try (Database d = Database.open(db)) {
      assertThat(scalar(d, "SELECT COUNT(*) FROM story_pair WHERE stage = 'importing'")).as("this process is alive: its import goes on").isEqualTo(600);
      assertThat(text(d, "SELECT state FROM pair_import")).isEqualTo("writing");
      assertThat(new PairRepository(d).countBySet()).containsEntry("running", 0L);
    }
  }
}
