package dev.evenhand.store;

/** {@link PairSearchTest} on a real PostgreSQL server ({@link dev.evenhand.testing.TestPostgres}), one database per test. */
class PairSearchOnPostgresTest extends PairSearchTest {
  @Override
  boolean onH2() { return false; }
}
