package dev.evenhand.store;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Opens a database on a PostgreSQL server ({@code --db postgresql://HOST[:PORT]/NAME}) and migrates it to the newest
 * schema with the same Flyway migrations as H2 ({@link Dialect#locations()}).
 *
 * <p>None of H2's file machinery applies: no side files, no copy-and-rename upgrade, no AUTO_SERVER hand-over. A
 * server rolls DDL back, and Flyway runs each PostgreSQL migration in a transaction of its own, so a migration cut short
 * leaves the schema at the previous version; Flyway holds a PostgreSQL advisory lock while it migrates, so two
 * Evenhand processes starting at once migrate once. The database itself must exist (a lab's administrator creates it
 * and the role, see README); Evenhand creates its tables in it.
 */
final class ServerDatabases {
  private ServerDatabases() {}

  /**
   * @param location       the server and database
   * @param opening        who opens it and how long connections are waited for
   * @param extraLocations Flyway locations added after Evenhand's (tests)
   * @return the open, migrated database
   * @throws StoreException when the server cannot be reached, refuses the login, the database does not exist, was
   *                        written by a newer Evenhand (bad location), or a migration fails (the schema then stays at
   *                        the last version that was applied whole)
   */
  static Database open(ServerLocation location, Database.Opening opening, List<String> extraLocations) {
    Database db = new Database(location, ServerLocation.properties(System.getenv()), opening);
    List<String> locations = new ArrayList<>(Dialect.POSTGRESQL.locations());
    locations.addAll(extraLocations);
    try {
      Flyway flyway = Flyway.configure().dataSource(db.dataSource()).locations(locations.toArray(String[]::new)).load();
      SchemaFiles.Schema s = SchemaFiles.schema(flyway.info());
      if (s.future() != null) throw SchemaFiles.newer(location.path(), s);
      if (s.pending() > 0) flyway.migrate();
      return db;
    } catch (RuntimeException e) {
      db.close();
      if (e instanceof StoreException se) throw se;
      throw new StoreException("cannot open the database " + location + ": " + Database.rootMessage(e), e);
    }
  }
}
