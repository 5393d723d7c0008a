package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.store.Database;
import dev.evenhand.store.DeleteRepository;
import dev.evenhand.store.PairImports;
import dev.evenhand.usecase.ImportUseCase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delete is all or nothing without one large transaction (V19): recorded first, done a few hundred rows per
 * transaction, its record removed last; a delete whose process died is finished by the next open, one of a live
 * process left to it. The kill is made by hand here: the record of a dead owner, with part of the rows already gone.
 */
class DeleteJournalTest {
  @TempDir Path dir;

  private static long scalar(Database db, String sql) { return BatchedImportTest.scalar(db, sql); }

  private Path withSet(String name, int pairs) throws Exception {
    Path db = dir.resolve(name + "/evenhand");
    Path file = ImportJournalTest.csv(dir, pairs, null);
    try (Database d = Database.open(db)) {
      new ImportService(new PairImports(d), ImportUseCase.FACTS).importFile(ImportService.Source.CSV, file, name, false, n -> { }, () -> false);
    }
    return db;
  }

  /** Records a delete of set {@code name} by {@code pid} on this host and deletes {@code done} of its pairs, as a kill part-way leaves it. */
  private static void interrupted(Path db, String name, long pid, int done) {
    try (Database d = Database.open(db)) {
      d.inTransaction(c -> {
        try (var st = c.createStatement()) {
          var rs = st.executeQuery("SELECT owner FROM pair_import ORDER BY id DESC LIMIT 1");
          rs.next();
          String owner = rs.getString(1);
          String host = owner.substring(0, owner.lastIndexOf(':'));
          st.executeUpdate("INSERT INTO pending_delete(target, target_id, keep_accepted, owner, started_at) SELECT 'set', id, FALSE, '" + host + ":"
              + pid + "', CURRENT_TIMESTAMP FROM pair_set WHERE name = '" + name + "'");
          return st.executeUpdate("DELETE FROM story_pair WHERE id IN (SELECT id FROM story_pair ORDER BY id LIMIT " + done + ")");
        }
      });
    }
  }

  @Test
  void aDeleteOfASetTakesEveryPairAndTheSetAndLeavesNoRecord() throws Exception {
    Path db = withSet("gone", 600);
    try (Database d = Database.open(db)) {
      DeleteRepository.Deleted r = new DeleteRepository(d).deleteSet("gone", false);
      assertThat(r.pairsDeleted()).isEqualTo(600);
      assertThat(scalar(d, "SELECT COUNT(*) FROM story_pair")).isZero();
      nothingLeft(d);
    }
  }

  @Test
  void aDeleteWhoseProcessDiedPartWayIsFinishedAtTheNextOpen() throws Exception {
    Path db = withSet("killed", 600);
    interrupted(db, "killed", ImportJournalTest.deadPid(), 250);
    try (Database d = Database.open(db)) {
      assertThat(scalar(d, "SELECT COUNT(*) FROM story_pair")).as("the other 350 pairs").isZero();
      nothingLeft(d);
    }
  }

  @Test
  void aDeleteOfALiveProcessIsLeftToIt() throws Exception {
    Path db = withSet("running", 600);
    interrupted(db, "running", ProcessHandle.current().pid(), 250);
    try (Database d = Database.open(db)) {
      assertThat(scalar(d, "SELECT COUNT(*) FROM story_pair")).isEqualTo(350);
      assertThat(scalar(d, "SELECT COUNT(*) FROM pending_delete")).isEqualTo(1);
    }
  }

  /** The set's stories, the set and the delete's record are gone. */
  private static void nothingLeft(Database d) {
    assertThat(scalar(d, "SELECT COUNT(*) FROM story")).isZero();
    assertThat(scalar(d, "SELECT COUNT(*) FROM pair_set")).isZero();
    assertThat(scalar(d, "SELECT COUNT(*) FROM pending_delete")).isZero();
  }
}
