package dev.evenhand.testing;

import dev.evenhand.store.Database;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a test's databases live, so one test class runs on both stores: H2 files under the test's folder, or
 * databases on the test PostgreSQL server ({@link TestPostgres}), one per name and test, the same one when a name is
 * opened again.
 */
public final class TestStores {
  private final Path dir;
  private final boolean h2;
  private final Map<String, String> servers = new HashMap<>();

  /**
   * @param dir the test's temporary folder (H2 files go under it)
   * @param h2  true for H2 files, false for PostgreSQL
   */
  public TestStores(Path dir, boolean h2) {
    this.dir = dir;
    this.h2 = h2;
  }

  /** @return true for H2 files, false for PostgreSQL */
  public boolean h2() { return h2; }

  /**
   * @param name a file path under the test folder (H2), or just a name (PostgreSQL)
   * @return what {@code --db} takes for it: the H2 path, or {@code postgresql://localhost:PORT/NAME}
   */
  public Path location(String name) {
    return h2 ? dir.resolve(name) : Path.of(servers.computeIfAbsent(name, n -> TestPostgres.newDatabase()));
  }

  /** @return the database {@code name}, opened and migrated ({@link #location}) */
  public Database open(String name) { return Database.open(location(name)); }
}
