package dev.evenhand.store;

/** {@link FilterChoicesTest} on a real PostgreSQL server ({@link dev.evenhand.testing.TestPostgres}), one database per test. */
class FilterChoicesOnPostgresTest extends FilterChoicesTest {
  @Override
  boolean onH2() { return false; }
}
