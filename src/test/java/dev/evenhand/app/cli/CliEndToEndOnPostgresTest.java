package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.store.Database;
import dev.evenhand.store.Dialect;
import dev.evenhand.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CliEndToEndTest} with {@code --db postgresql://localhost:PORT/NAME}, a new database on the test server per test:
 * the tests that store, review, export, resume, import and delete (the others test the Ollama side and options, the
 * same on either database, and are left to the H2 run to keep the build short).
 */
class CliEndToEndOnPostgresTest extends CliEndToEndTest {
  private static final Set<String> ON_BOTH = Set.of("generateStoresFiveDivergentPairsWithJudgmentsBalancedJudgmentsAndEveryCall",
      "reviewAcceptThenExportWritesTwoTrlDpoRecordsPerAcceptedPairAndAManifest", "reviewEditSetsBothBalancedJudgmentsAndAcceptsWithHistory",
      "faultyRepliesAreStoredAsFailedCallsAndTheBatchGoesOn", "aShortRunGoesOnWhenResumedWithMoreAttempts",
      "aRunHeldByAnotherLiveProcessIsNotWorkedOnTwice", "generateFromAnImportedSetCuratesItsPairsWithoutWritingStories",
      "deletingARunKeepsItsAcceptedPairsUnlessToldOtherwise", "theseTestsRunOnPostgresql");

  @RegisterExtension
  static final ExecutionCondition ONLY_STORE_TESTS = ctx -> ctx.getTestMethod()
      .map(m -> ON_BOTH.contains(m.getName()) ? ConditionEvaluationResult.enabled("stores data")
          : ConditionEvaluationResult.disabled("the same on H2: runs in CliEndToEndTest"))
      .orElse(ConditionEvaluationResult.enabled("the class"));

  @Override
  String database() { return TestPostgres.newDatabase(); }

  @Test
  void theseTestsRunOnPostgresql() {
    try (Database d = Database.open(Path.of(database()))) {
      assertThat(d.dialect()).isEqualTo(Dialect.POSTGRESQL);
    }
  }
}
