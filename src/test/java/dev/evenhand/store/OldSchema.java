package dev.evenhand.store;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** An H2 database as an older Evenhand left it, for the migration tests: the schema migrated up to a given version only. */
final class OldSchema {
  private OldSchema() {}

  /**
   * Creates the database at {@code db} with the migrations up to {@code version} (H2's locations, as Evenhand runs them).
   *
   * @return its JDBC URL (user {@code evenhand}, empty password), to write rows as that version did
   */
  static String at(Path db, String version) {
    String url = "jdbc:h2:file:" + db + ";AUTO_SERVER=TRUE";
    Flyway.configure().dataSource(url, "evenhand", "").locations(Dialect.H2.locations().toArray(String[]::new)).target(version).load().migrate();
    return url;
  }
}
