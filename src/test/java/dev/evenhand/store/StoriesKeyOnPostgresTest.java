package dev.evenhand.store;

/** {@link StoriesKeyTest} on a real PostgreSQL server ({@link dev.evenhand.testing.TestPostgres}), one database per test. */
class StoriesKeyOnPostgresTest extends StoriesKeyTest {
  @Override
  boolean onH2() { return false; }
}
