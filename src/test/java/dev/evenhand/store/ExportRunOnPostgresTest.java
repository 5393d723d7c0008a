package dev.evenhand.store;

/** {@link ExportRunTest} on a real PostgreSQL server ({@link dev.evenhand.testing.TestPostgres}), one database per test. */
class ExportRunOnPostgresTest extends ExportRunTest {
  @Override
  boolean onH2() { return false; }
}
