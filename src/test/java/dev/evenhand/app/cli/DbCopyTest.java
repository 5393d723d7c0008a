package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.store.Database;
import dev.evenhand.store.DatabaseCopy;
import dev.evenhand.store.DraftRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code db copy --to LOCATION} (issue 15): a database with a run, its calls, reviews, a draft and an audit goes to
 * PostgreSQL and back to a new H2 file, every table with the same rows and checksum; each copy takes new work after
 * it; a target that is not empty is refused and keeps what it had.
 */
class DbCopyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  private static List<DatabaseCopy.Table> figures(String location) {
    try (Database d = Database.open(Path.of(location))) {
      return DatabaseCopy.figures(d);
    }
  }

  @Test
  void aDatabaseGoesToPostgresqlAndBackIdentical() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel())) {
      CliRunner cli = new CliRunner(home, Map.of());
      String h2 = home.resolve("db/evenhand").toString();
      assertThat(cli.run("--db", h2, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "4").exit()).isZero();
      JsonNode list = JSON.readTree(cli.run("--db", h2, "review", "list", "--json").out());
      String a = list.get(0).get("id").asText();
      String b = list.get(1).get("id").asText();
      assertThat(cli.run("--db", h2, "review", "accept", a).exit()).isZero();
      assertThat(cli.run("--db", h2, "review", "reject", b, "--reason", "copied").exit()).isZero();
      CliRunner.Result audit = cli.run("--db", h2, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "run-1");
      assertThat(audit.exit()).as(audit.err()).isZero();
      try (Database d = Database.open(Path.of(h2))) {
        new DraftRepository(d).save(Long.parseLong(list.get(2).get("id").asText()), new BalancedJudgment("draft m", "draft f"), "ada",
            Instant.parse("2026-12-01T10:00:00.123456Z"));
      }
      List<DatabaseCopy.Table> original = figures(h2);
      assertThat(original).filteredOn(t -> t.rows() > 0).extracting(DatabaseCopy.Table::table)
          .contains("story_pair", "model_call", "review_action", "balanced_draft", "audit_run", "audit_judgment", "theme");

      String pg = TestPostgres.newDatabase();
      CliRunner.Result there = cli.run("--db", h2, "db", "copy", "--to", pg, "--json");
      assertThat(there.exit()).as(there.err()).isZero();
      assertThat(JSON.readTree(there.out()).get("rows").asLong()).isEqualTo(original.stream().mapToLong(DatabaseCopy.Table::rows).sum());
      assertThat(figures(pg)).isEqualTo(original);

      String back = home.resolve("back/evenhand").toString();
      CliRunner.Result home2 = cli.run("--db", pg, "db", "copy", "--to", back);
      assertThat(home2.exit()).as(home2.err()).isZero();
      assertThat(home2.out()).contains("counts and checksums match");
      assertThat(figures(back)).isEqualTo(original);

      for (String db : List.of(pg, back)) {
        CliRunner.Result more = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "1");
        assertThat(more.exit()).as("new ids follow the copied ones in " + db + ": " + more.err()).isZero();
      }

      List<DatabaseCopy.Table> before = figures(pg);
      CliRunner.Result refused = cli.run("--db", h2, "db", "copy", "--to", pg);
      assertThat(refused.exit()).isEqualTo(2);
      assertThat(refused.err()).contains("is not empty");
      assertThat(figures(pg)).isEqualTo(before);
    }
  }
}
