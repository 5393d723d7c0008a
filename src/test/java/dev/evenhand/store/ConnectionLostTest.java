package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which database errors mean "the process serving the database went away" (then an import reads its file
 * again, and nothing was stored): seen beside other processes under CPU stress, an import failed with
 * "Transaction 1 is closed", a general error, because the serving process closed the database under it.
 */
class ConnectionLostTest {
  @Test
  void aStoreClosedUnderTheTransactionIsALostConnection() {
    SQLException closed = new SQLException("General error: \"org.h2.mvstore.MVStoreException: Transaction 1 is closed [2.5.252/4]\"; "
        + "SQL statement:\nINSERT INTO story_pair ...", "HY000", 50000);
    assertThat(ConnectionPool.lost(closed)).isTrue();
    assertThat(ConnectionPool.lost(new RuntimeException("wrapped", closed))).isTrue();
    SQLException rolledBack = new SQLException("General error: \"org.h2.mvstore.MVStoreException: Transaction 1 has status ROLLED_BACK, not OPEN "
        + "[2.5.252/103]\"; SQL statement:", "HY000", 50000);
    assertThat(ConnectionPool.lost(rolledBack)).as("the serving process rolled the transaction back as it closed").isTrue();
    // as a remote client's saveThemes got it on a busy machine (ConcurrentProcessesTest's log): no exception class name
    SQLException remote = new SQLException("General error: \"Transaction 1 has status ROLLED_BACK, not OPEN [2.5.252/103]\"; SQL statement:\n"
        + "INSERT INTO generation_theme ...", "HY000", 50000);
    assertThat(ConnectionPool.lost(remote)).as("the same, as a remote client reads it").isTrue();
    assertThat(ConnectionPool.lost(new SQLException("General error: \"Transaction 3 is closed [2.5.252/4]\"", "HY000", 50000)))
        .as("a closed store, as a remote client reads it").isTrue();
    SQLException reopen = new SQLException("Error opening database: \"Lock file recently modified\" [8000-252]", "08000", 8000);
    assertThat(ConnectionPool.lost(new RuntimeException(reopen))).as("AUTO_SERVER's reconnect lost the open race").isTrue();
    assertThat(ConnectionPool.lost(new SQLException("General error: \"org.h2.mvstore.MVStoreException: Transaction 1 has status COMMITTED, "
        + "not OPEN [2.5.252/103]\"", "HY000", 50000))).as("another illegal state is no lost connection").isFalse();
  }

  @Test
  void aBrokenConnectionIsLostAndOtherGeneralErrorsAreNot() {
    assertThat(ConnectionPool.lost(new SQLException("Connection is broken", "08006", 90067))).isTrue();
    assertThat(ConnectionPool.lost(new SQLException("General error: \"org.h2.mvstore.MVStoreException: File corrupted [2.5.252/6]\"",
        "HY000", 50000))).as("a corrupt file is not a server that went away").isFalse();
    assertThat(ConnectionPool.lost(new SQLException("Unique index or primary key violation", "23505", 23505))).isFalse();
  }

  @Test
  void aResultCutOffByTheServingProcessIsLostAndOtherIoErrorsAreNot() {
    // as an export reading pairs got it when the other export, serving the database, exited (breaker, session eleven)
    assertThat(ConnectionPool.lost(new SQLException("IO Exception: \"java.io.EOFException\" [90028-252]", "90028", 90028))).isTrue();
    assertThat(ConnectionPool.lost(new SQLException("IO Exception", "90028", 90028, new java.net.SocketException("Connection reset")))).isTrue();
    assertThat(ConnectionPool.lost(new SQLException("IO Exception: \"java.io.IOException: No space left on device\" [90028-252]", "90028", 90028)))
        .as("a full disk is not a server that went away").isFalse();
  }
}
