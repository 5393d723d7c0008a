package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.store.Database;
import dev.evenhand.store.PairImports;
import dev.evenhand.usecase.ImportUseCase;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batched import (issue 13, point 8) keeps FORMATS.md's rules across its batches of {@value ImportService#CHUNK}
 * records: a pair repeated in the same batch, in a later batch or in the last, partial batch is skipped and counted
 * once stored; every stored pair gets its stories, judgments, balanced judgment, search text and queue key; a
 * second import of the file stores nothing; an import that fails in its last batch leaves nothing.
 */
class BatchedImportTest {
  @TempDir Path dir;

  /**
   * 1,203 pairs: pair 9 again as pair 10 (same batch), pair 100 as 300 (same batch of {@value ImportService#CHUNK}, the
   * other of its two duplicate queries of 250 pairs (ImportWriter.BATCH): imported twice before the
   * twelfth session), pair 5 as 700 (a later batch), pair 1,200 as 1,201 (the last batch).
   */
  private static final IntUnaryOperator STORIES = i -> switch (i) {
    case 10 -> 9;
    case 300 -> 100;
    case 700 -> 5;
    case 1201 -> 1200;
    default -> i;
  };
  private static final int PAIRS = 1203;

  private Path csv(int pairs, String badStatusAt) throws Exception {
    Path f = dir.resolve("pairs-" + pairs + ".csv");
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
         CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").setHeader(RecordFormats.Csv.HEADER).get())) {
      for (int i = 1; i <= pairs; i++) {
        int s = STORIES.applyAsInt(i);
        String status = String.valueOf(i).equals(badStatusAt) ? "maybe" : "accepted";
        p.printRecord(i, "male", "Work", "Tom kept the wallet he found, case " + s + ".", "immoral", "He should return it " + i, "They should return it", status);
        p.printRecord(i, "female", "Work", "Ann kept the wallet she found, case " + s + ".", "moral", "She may keep it " + i, "They should return it", status);
      }
    }
    return f;
  }

  static long scalar(Database db, String sql) {
    return db.read(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /**
   * Two imports of the same file at once, into two sets, store each pair once (V26, store/ImportLock): they checked a
   * batch for stored pairs before the other had committed the same pairs, and a breaker's two imports of 20,000 pairs
   * stored 34,250. Run a few times, as the interleaving is the machine's.
   */
  @Test
  void twoImportsAtOnceStoreEachPairOnce() throws Exception {
    Path file = csv(PAIRS, null);
    long distinct = PAIRS - 4;
    for (int round = 1; round <= 3; round++) {
      try (Database db = Database.open(dir.resolve("db-both-" + round + "/evenhand"))) {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
          java.util.List<java.util.concurrent.Future<ImportService.Result>> runs = new java.util.ArrayList<>();
          for (String set : new String[] {"a", "b"}) {
            runs.add(two.submit(() -> {
              go.await();
              return new ImportService(new PairImports(db), ImportUseCase.FACTS).importFile(ImportService.Source.CSV, file, set, false, n -> { },
                  () -> false);
            }));
          }
          go.countDown();
          ImportService.Result a = runs.get(0).get(5, java.util.concurrent.TimeUnit.MINUTES);
          ImportService.Result b = runs.get(1).get(5, java.util.concurrent.TimeUnit.MINUTES);
          assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair")).as("round " + round + ": pairs stored by both imports").isEqualTo(distinct);
          assertThat(a.imported() + b.imported()).isEqualTo(distinct);
          assertThat(a.duplicates() + b.duplicates()).isEqualTo(2L * PAIRS - distinct);
        } finally {
          two.shutdownNow();
        }
      }
    }
  }

  @Test
  void repeatsInTheSameALaterAndTheLastBatchAreSkippedAndCountedAndEveryStoredPairIsWhole() throws Exception {
    Path file = csv(PAIRS, null);
    try (Database db = Database.open(dir.resolve("db/evenhand"))) {
      ImportService importer = new ImportService(new PairImports(db), ImportUseCase.FACTS);
      assertThat(importer.preview(ImportService.Source.CSV, file).records()).isEqualTo(PAIRS);

      ImportService.Result r = importer.importFile(ImportService.Source.CSV, file, "batched", false, n -> { }, () -> false);
      assertThat(r.imported()).isEqualTo(PAIRS - 4);
      assertThat(r.duplicates()).as("pairs 10, 300, 700 and 1,201 repeat earlier ones").isEqualTo(4);
      assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair")).isEqualTo(PAIRS - 4);
      assertThat(scalar(db, "SELECT COUNT(DISTINCT stories_hash) FROM story_pair")).isEqualTo(PAIRS - 4);
      assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair WHERE source_id IN (10, 300, 700, 1201)")).as("the repeats are the ones left out").isZero();
      assertThat(scalar(db, "SELECT COUNT(*) FROM story")).isEqualTo(2L * (PAIRS - 4));
      assertThat(scalar(db, "SELECT COUNT(*) FROM judgment j JOIN story s ON s.id = j.story_id JOIN story_pair p ON p.id = s.pair_id "
          + "WHERE j.explanation LIKE CASE s.gender WHEN 'male' THEN 'He should return it ' ELSE 'She may keep it ' END || p.source_id"))
          .as("each judgment on its own story of its own pair").isEqualTo(2L * (PAIRS - 4));
      assertThat(scalar(db, "SELECT COUNT(*) FROM balanced_judgment")).isEqualTo(2L * (PAIRS - 4));
      assertThat(scalar(db, "SELECT COUNT(*) FROM pair_search ps JOIN story_pair p ON p.id = ps.pair_id "
          + "WHERE ps.text LIKE 'tom kept the wallet he found, case %.' || CHAR(10) || 'ann kept %he should return it ' || p.source_id || CHAR(10) || '%'"))
          .as("every pair's search text, from its stories and judgments").isEqualTo(PAIRS - 4);
      assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair WHERE divergent AND queue_key = id AND status = 'accepted' AND stage = 'complete'"))
          .as("divergent (immoral / moral), so its queue key is its id").isEqualTo(PAIRS - 4);
      assertThat(scalar(db, "SELECT COUNT(*) FROM story s JOIN story_pair p ON p.id = s.pair_id WHERE s.gender = 'male' AND s.name = 'Tom'"))
          .as("the protagonists' names worked out on import").isEqualTo(PAIRS - 4);

      ImportService.Result again = importer.importFile(ImportService.Source.CSV, file, "again", false, n -> { }, () -> false);
      assertThat(again.imported()).isZero();
      assertThat(again.duplicates()).isEqualTo(PAIRS);
      assertThat(importer.preview(ImportService.Source.CSV, file).stored()).isEqualTo(PAIRS);
    }
  }

  @Test
  void aFailureInTheLastBatchLeavesNothingFromTheBatchesBefore() throws Exception {
    Path file = csv(PAIRS, String.valueOf(PAIRS));
    try (Database db = Database.open(dir.resolve("db/evenhand"))) {
      ImportService importer = new ImportService(new PairImports(db), ImportUseCase.FACTS);
      assertThatThrownBy(() -> importer.importFile(ImportService.Source.CSV, file, "refused", false, n -> { }, () -> false))
          .isInstanceOf(ImportService.InvalidFileException.class).hasMessageContaining("status");
      // with --skip-invalid the batches are written as the file is read: cancelled in the last one, two are stored already
      int[] seen = {0};
      assertThatThrownBy(() -> importer.importFile(ImportService.Source.CSV, file, "cancelled", true, n -> seen[0] = (int) n, () -> seen[0] >= PAIRS - 1))
          .isInstanceOf(java.util.concurrent.CancellationException.class);
      assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair")).as("neither the refused nor the cancelled import left a pair").isZero();
      assertThat(scalar(db, "SELECT COUNT(*) FROM pair_set")).isZero();
    }
  }
}
