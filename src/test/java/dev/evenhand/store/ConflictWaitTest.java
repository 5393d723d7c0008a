package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change that conflicts with a transaction of this very process is retried until the patience runs out, and the
 * message then names this process, not "the process serving it at localhost:PORT" (which is this process too: CI's
 * crash harness once printed that for a lone recovery whose one answer stayed refused with "Concurrent update").
 */
class ConflictWaitTest {
  @TempDir Path dir;

  private static int insert(Connection c, int k) throws SQLException {
    try (Statement st = c.createStatement()) {
      return st.executeUpdate("INSERT INTO held(k) VALUES (" + k + ")");
    }
  }

  @Test
  void aConflictWithThisProcessOwnTransactionNamesThisProcessWhenTheWaitRunsOut() {
    List<String> notices = new CopyOnWriteArrayList<>();
    try (Database db = Database.open(dir.resolve("db/evenhand"), new Database.Opening("test", notices::add, Duration.ofSeconds(3)))) {
      db.inTransaction(c -> {
        try (Statement st = c.createStatement()) {
          return st.executeUpdate("CREATE TABLE held(id INT AUTO_INCREMENT PRIMARY KEY, k INT UNIQUE)");
        }
      });
      // the outer transaction writes k = 1 and keeps it uncommitted while a second transaction writes the same key
      assertThatThrownBy(() -> db.inTransactionOnce(c -> insert(c, 1) + db.inTransaction(c2 -> insert(c2, 1))))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("stayed busy for 3 s (held by this process: no other Evenhand process has the database open)")
          .hasMessageContaining("Concurrent update")
          .hasMessageNotContaining("localhost:");
      assertThat(notices).as("the notice after 2 s of waiting").anySatisfy(n -> assertThat(n).contains("held by this process"));
      // the outer transaction was rolled back: the key is free again
      int stored = db.inTransaction(c -> insert(c, 1));
      assertThat(stored).isEqualTo(1);
    }
  }
}
