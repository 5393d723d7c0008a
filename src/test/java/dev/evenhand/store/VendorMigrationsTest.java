package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.TestPostgres;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration folders (issue 15): {@code db/migration} is shared, {@code db/vendor/h2} and {@code db/vendor/postgresql}
 * hold the same versions written for each database; an H2 database migrated when all migrations sat in one folder
 * still validates; and PostgreSQL ends with the same tables, columns and nullability as H2.
 */
class VendorMigrationsTest {
  @TempDir Path dir;

  private static Path resources(String folder) throws URISyntaxException {
    return Path.of(VendorMigrationsTest.class.getClassLoader().getResource(folder).toURI());
  }

  private static Set<String> versions(String folder) throws Exception {
    try (Stream<Path> s = Files.list(resources(folder))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
          .map(n -> n.substring(1, n.indexOf("__"))).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void eachVendorFolderHoldsTheSameVersionsAndNoneIsAlsoShared() throws Exception {
    Set<String> h2 = versions("db/vendor/h2");
    assertThat(h2).as("V1 creates the tables in each database's own SQL").contains("1");
    assertThat(versions("db/vendor/postgresql")).isEqualTo(h2);
    assertThat(versions("db/migration")).doesNotContainAnyElementsOf(h2);
  }

  @Test
  void anH2DatabaseMigratedFromOneFolderStillValidates() throws Exception {
    // the layout before issue 15: every migration in db/migration
    Path old = Files.createDirectories(dir.resolve("old-layout"));
    for (String folder : List.of("db/migration", "db/vendor/h2")) {
      try (Stream<Path> s = Files.list(resources(folder))) {
        for (Path p : s.toList()) Files.copy(p, old.resolve(p.getFileName()));
      }
    }
    Path file = dir.resolve("evenhand");
    String url = "jdbc:h2:file:" + file + Database.URL_SETTINGS;
    Flyway.configure().dataSource(url, "evenhand", "").locations("filesystem:" + old).load().migrate();
    Flyway.configure().dataSource(url, "evenhand", "").locations(Dialect.H2.locations().toArray(String[]::new)).load().validate();
    try (Database db = Database.open(file)) {
      long sets = db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM pair_set"));
      assertThat(sets).isZero();
    }
  }

  @Test
  void postgresqlEndsWithTheTablesAndColumnsOfH2() throws Exception {
    List<String> h2;
    try (Database db = Database.open(dir.resolve("evenhand"))) {
      h2 = db.read(c -> columns(c, "PUBLIC"));
    }
    List<String> pg;
    try (Database db = Database.open(Path.of(TestPostgres.newDatabase()))) {
      assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
      pg = db.read(c -> columns(c, "public"));
    }
    assertThat(h2).hasSizeGreaterThan(100);
    assertThat(pg).containsExactlyElementsOf(h2);
  }

  /** @return "table.column nullable" of every column in the schema, lower case, sorted; Flyway's own table left out */
  private static List<String> columns(Connection c, String schema) throws SQLException {
    List<String> out = new ArrayList<>(Sql.list(c, "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = ?",
        rs -> (rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3)).toLowerCase(java.util.Locale.ROOT), schema));
    out.removeIf(s -> s.startsWith("flyway_schema_history."));
    out.sort(null);
    return out;
  }
}
