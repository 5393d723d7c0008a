package dev.evenhand.store;

import dev.evenhand.testing.TestStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store test that runs on H2 files, and on a real PostgreSQL server in a subclass that overrides {@link #onH2}
 * ({@link TestStores}: one database per name and test).
 */
abstract class OnEitherStore {
  @TempDir Path dir;
  private TestStores stores;

  /** @return true when these tests run on H2 (the subclass runs them on PostgreSQL) */
  boolean onH2() { return true; }

  /** @return the database {@code name} of this test, opened and migrated; the same one again for the same name */
  Database open(String name) {
    if (stores == null) stores = new TestStores(dir, onH2());
    return stores.open(name);
  }
}
