package dev.evenhand.store;

/** {@link StoreTest} on a real PostgreSQL server ({@link dev.evenhand.testing.TestPostgres}), one database per test. */
class StoreOnPostgresTest extends StoreTest {
  @Override
  boolean onH2() { return false; }
}
