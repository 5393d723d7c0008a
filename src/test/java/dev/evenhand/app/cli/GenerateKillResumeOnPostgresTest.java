package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.store.Database;
import dev.evenhand.store.Dialect;
import dev.evenhand.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link GenerateKillResumeTest} with {@code --db postgresql://localhost:PORT/NAME}: the killed child and the resuming CLI
 * use a database on the test server (the child connects as the same operating-system user, without a password).
 */
class GenerateKillResumeOnPostgresTest extends GenerateKillResumeTest {
  @Override
  String database(String name) { return TestPostgres.newDatabase(); }

  @Test
  void theseTestsRunOnPostgresql() {
    try (Database d = Database.open(Path.of(database("x")))) {
      assertThat(d.dialect()).isEqualTo(Dialect.POSTGRESQL);
    }
  }
}
