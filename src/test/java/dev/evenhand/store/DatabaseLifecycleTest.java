package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.testing.ChildJvm;
import dev.evenhand.testing.CliRunner;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating and upgrading a database is all or nothing (H2 does not roll back DDL): a kill during creation,
 * a migration failing half-way, an old database upgraded with its data, a database of a newer Evenhand.
 */
class DatabaseLifecycleTest {
  @TempDir Path dir;

  private static final List<String> FAILING = List.of("classpath:db/failing");

  /** Every table and column with its type, and the applied migrations: what a migration could leave half-done. */
  private static List<String> schemaAndData(Path db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db + ";ACCESS_MODE_DATA=r", "evenhand", "");
        Statement st = c.createStatement()) {
      try (var rs = st.executeQuery("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS "
          + "WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
        while (rs.next()) out.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3));
      }
      try (var rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"")) {
        while (rs.next()) out.add("V" + rs.getString(1) + " " + rs.getBoolean(2));
      }
      try (var rs = st.executeQuery("SELECT name, kind FROM pair_set ORDER BY id")) {
        while (rs.next()) out.add("set " + rs.getString(1) + " " + rs.getString(2));
      }
    }
    return out;
  }

  private static void addSet(Database db, String name) {
    db.inTransaction(c -> Sql.update(c, "INSERT INTO pair_set(name, kind, created_at) VALUES (?, 'imported', ?)", name,
        java.sql.Timestamp.from(Instant.now())));
  }

  private List<String> leftovers() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".evenhand-new") || n.contains(".evenhand-upgrade")).toList();
    }
  }

  @Test
  void aMigrationFailingHalfWayLeavesAnExistingDatabaseAsItWas() throws Exception {
    Path db = dir.resolve("evenhand");
    try (Database d = Database.open(db)) {
      addSet(d, "kept");
    }
    List<String> before = schemaAndData(db);

    assertThatThrownBy(() -> Database.open(db, Database.Opening.DEFAULT, FAILING, "")).isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot upgrade the database").hasMessageContaining("the database is unchanged")
        .hasMessageContaining("NO_SUCH_TABLE");

    assertThat(schemaAndData(db)).as("schema, applied migrations and data as before").isEqualTo(before)
        .noneMatch(s -> s.startsWith("HALF_WAY"));
    assertThat(leftovers()).isEmpty();
    try (Database d = Database.open(db)) {
      addSet(d, "still usable");
      assertThat(new PairRepository(d).countBySet()).containsKeys("kept", "still usable");
    }
  }

  @Test
  void aMigrationFailingHalfWayCreatesNoDatabase() throws Exception {
    Path db = dir.resolve("new/evenhand");
    assertThatThrownBy(() -> Database.open(db, Database.Opening.DEFAULT, FAILING, "")).isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot create the database").hasMessageContaining("nothing was created");
    assertThat(db.resolveSibling("evenhand.mv.db")).doesNotExist();
    assertThat(leftovers()).isEmpty();
    try (Database d = Database.open(db)) {
      addSet(d, "created");
    }
    assertThat(schemaAndData(db)).contains("set created imported");
  }

  @Test
  void anOlderDatabaseIsUpgradedWithItsData() throws Exception {
    Path db = dir.resolve("old");
    String url = "jdbc:h2:file:" + db + Database.URL_SETTINGS;
    Flyway.configure().dataSource(url, "evenhand", "").locations(Dialect.H2.locations().toArray(String[]::new)).target("5").load().migrate();
    try (Connection c = DriverManager.getConnection(url, "evenhand", ""); Statement st = c.createStatement()) {
      st.execute("INSERT INTO pair_set(name, kind, created_at) VALUES ('from v5', 'imported', CURRENT_TIMESTAMP)");
      st.execute("INSERT INTO theme(id, environment, text) VALUES ('t1', 'Work', 'a theme')");
    }
    assertThat(schemaAndData(db)).doesNotContain("AUDIT_RUN.ID BIGINT", "PAIR_EXPORT.EXPORTED_AT TIMESTAMP WITH TIME ZONE");

    try (Database d = Database.open(db)) {
      assertThat(new PairRepository(d).countBySet()).containsKey("from v5");
      long themes = d.read(c -> Sql.count(c, "SELECT COUNT(*) FROM theme WHERE id = 't1'"));
      assertThat(themes).isEqualTo(1);
    }
    List<String> after = schemaAndData(db);
    // V6 added story_pair.exported_at; V10 moved it to pair_export
    assertThat(after).contains("AUDIT_RUN.ID BIGINT", "PAIR_EXPORT.EXPORTED_AT TIMESTAMP WITH TIME ZONE", "V6 true", "V10 true", "set from v5 imported");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aDatabaseOfANewerEvenhandIsRefusedWithAClearMessage() throws Exception {
    Path db = dir.resolve("evenhand");
    try (Database d = Database.open(db, Database.Opening.DEFAULT, List.of("classpath:db/future"), "")) {
      addSet(d, "newer");
    }
    assertThatThrownBy(() -> Database.open(db)).isInstanceOf(StoreException.class)
        .hasMessageContaining("was written by a newer Evenhand (schema version 98")
        .satisfies(e -> assertThat(((StoreException) e).badLocation()).isTrue());
  }

  @Test
  void temporariesOfAKilledProcessAreRemovedByTheNextOpen() throws Exception {
    Path db = dir.resolve("evenhand");
    Files.writeString(dir.resolve("evenhand.evenhand-new.mv.db"), "half a database");
    Files.writeString(dir.resolve("evenhand.evenhand-upgrade.mv.db"), "half an upgrade");
    try (Database d = Database.open(db)) {
      addSet(d, "fine");
    }
    assertThat(leftovers()).isEmpty();
  }

  /**
   * SIGKILL of a child JVM in its first seconds on a new --db (the open, create and migrate phase), many times
   * with a seed: after each, the database opens, a command works, and no temporary is left.
   * {@code -Devenhand.crash.seed} and {@code -Devenhand.crash.count} change the seed and the number of kills.
   */
  @Test
  void aKillWhileANewDatabaseIsCreatedNeverBricksIt() throws Exception {
    long seed = Long.getLong("evenhand.crash.seed", 20261201L);
    int count = Integer.getInteger("evenhand.crash.count", 8);
    Random rnd = new Random(seed);
    int duringCreation = 0;
    int afterCreation = 0;
    int beforeCreation = 0;
    CliRunner cli = new CliRunner(dir, Map.of());
    for (int i = 0; i < count; i++) {
      Path folder = dir.resolve("k" + i);
      Path db = folder.resolve("evenhand");
      Process child = ChildJvm.start(dir, dir.resolve("k" + i + ".out"), dir.resolve("k" + i + ".err"), "dev.evenhand.app.Launcher",
          "--db", db.toString(), "stats");
      // the child is in its open phase once it has made the folder; every other kill waits for the temporary
      // database to appear (creation under way, however fast the machine), the others land at a random
      // moment of the next 1.5 s
      ChildJvm.await("child " + i + " starts opening the database", 60, () -> Files.exists(folder) || !child.isAlive());
      if (i % 2 == 0) {
        ChildJvm.await("child " + i + " starts creating the database", 60, () -> Files.exists(folder.resolve("evenhand.evenhand-new.mv.db"))
            || Files.exists(folder.resolve("evenhand.mv.db")) || !child.isAlive());
        child.waitFor(rnd.nextInt(30), TimeUnit.MILLISECONDS);
      } else {
        child.waitFor(rnd.nextInt(1500), TimeUnit.MILLISECONDS);
      }
      boolean creating = Files.exists(folder.resolve("evenhand.evenhand-new.mv.db"));
      boolean created = Files.exists(folder.resolve("evenhand.mv.db"));
      ChildJvm.kill(child);
      if (creating) duringCreation++;
      else if (created) afterCreation++;
      else beforeCreation++;

      CliRunner.Result r = cli.run("--db", db.toString(), "stats");
      assertThat(r.exit()).as("kill %d (seed %d): stats after the kill: %s", i, seed, r.err()).isZero();
      try (Database d = Database.open(db)) {
        addSet(d, "after kill " + i);
      }
      try (Stream<Path> s = Files.list(folder)) {
        assertThat(s.map(p -> p.getFileName().toString())).as("kill %d (seed %d): no temporary left", i, seed)
            .noneMatch(n -> n.contains(".evenhand-new") || n.contains(".evenhand-upgrade"));
      }
    }
    System.out.printf("creation kills (seed %d): %d in all, %d while the temporary was being migrated, %d after the move, %d before it; "
        + "0 unopenable%n", seed, count, duringCreation, afterCreation, beforeCreation);
    assertThat(duringCreation).as("some kills must land while the database is being created").isPositive();
  }
}
