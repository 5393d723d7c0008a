package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.store.Database;
import dev.evenhand.testing.ChildJvm;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl+C (SIGINT, or SIGTERM, handled alike) during {@code import}: the import is cancelled, says so (exit 3), and keeps
 * nothing. Before the twelfth session the signal ended the JVM with exit 130 or 143 and nothing on stderr (the breaker
 * found it); the pairs written so far were only removed by the next process to open the database.
 */
class ImportCancelTest {
  @TempDir Path home;

  @Test
  void ctrlCDuringAnImportCancelsItAndKeepsNothing() throws Exception {
    Path file = home.resolve("pairs.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
         CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").setHeader(RecordFormats.Csv.HEADER).get())) {
      String story = " walked the long road home and thought about the wallet in the pocket.".repeat(8);
      for (int i = 1; i <= 30_000; i++) {
        p.printRecord(i, "male", "Work", "Tom" + story + " Case " + i + ".", "immoral", "He should return it " + i, "They should return it", "accepted");
        p.printRecord(i, "female", "Work", "Ann" + story + " Case " + i + ".", "moral", "She may keep it " + i, "They should return it", "accepted");
      }
    }
    Path db = home.resolve("db/evenhand");
    Path out = home.resolve("import.out");
    Path err = home.resolve("import.err");
    Process child = ChildJvm.start(home, out, err, "dev.evenhand.app.Launcher", "--db", db.toString(), "import", "csv", file.toString(), "--set", "cancelled");
    // the database file appears once the import has opened it: signal then, in the middle of its work
    Path mv = home.resolve("db/evenhand.mv.db");
    ChildJvm.await("the child import opens " + mv, 60, () -> !child.isAlive() || Files.exists(mv));
    child.destroy(); // SIGTERM, handled as Ctrl+C (SIGINT) is
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the cancelled import ends").isTrue();
    String said = Files.readString(out) + Files.readString(err);
    assertThat(child.exitValue()).as(said).isEqualTo(3);
    assertThat(said).contains("cancelling the import").contains("import cancelled: nothing was imported");
    try (Database d = Database.open(db)) {
      assertThat(BatchedImportTest.scalar(d, "SELECT COUNT(*) FROM story_pair")).as("no pair kept: " + said).isZero();
      assertThat(BatchedImportTest.scalar(d, "SELECT COUNT(*) FROM pair_import WHERE state IN ('writing', 'publishing')"))
          .as("no import left unfinished").isZero();
    }
  }
}
