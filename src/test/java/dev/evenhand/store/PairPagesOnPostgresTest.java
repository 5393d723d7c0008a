package dev.evenhand.store;

/** {@link PairPagesTest} on a real PostgreSQL server ({@link dev.evenhand.testing.TestPostgres}), one database per test. */
class PairPagesOnPostgresTest extends PairPagesTest {
  @Override
  boolean onH2() { return false; }
}
