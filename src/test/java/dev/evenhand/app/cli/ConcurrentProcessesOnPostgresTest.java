package dev.evenhand.app.cli;

import dev.evenhand.testing.TestPostgres;

/**
 * {@link ConcurrentProcessesTest} with every process on one PostgreSQL database of the test server, as a lab's reviewers
 * are: one round in {@code mvn verify} (H2's run has three), {@code -Devenhand.concurrent.rounds=N} for more.
 */
class ConcurrentProcessesOnPostgresTest extends ConcurrentProcessesTest {
  @Override
  String database() { return TestPostgres.newDatabase(); }

  @Override
  int rounds() { return Integer.getInteger("evenhand.concurrent.rounds", 1); }
}
