package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit show}: the pairs behind an audit figure with each audited model's answers (stance and
 * explanation) for both stories, without Ollama; and {@code review show} on an audited GenMO pair points
 * there instead of printing an "undecided" pair with a blank model.
 */
class AuditShowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  @Test
  void aHeatMapCellAndAPairShowEachModelsAnswersForBothStories() throws Exception {
    String db = home.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(home, Map.of());
    ScriptedStoryModel base = new ScriptedStoryModel();
    try (FakeOllama ollama = FakeOllama.start().models("llama3.1:8b", "evenhand-dpo:8b").onChat(call -> call.model().equals("evenhand-dpo:8b")
        ? Reply.content("{\"answer\":\"Moral\",\"explanation\":\"The main character acted with care.\"}") : base.handle(call))) {
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
      CliRunner.Result audit = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b,evenhand-dpo:8b", "--set", "genmo",
          "--limit", "6", "--json");
      assertThat(audit.exit()).as(audit.err()).isZero();
    }
    // Ollama is gone: audit show reads the store only

    CliRunner.Result cell = cli.run("--db", db, "audit", "show", "1", "--cell", "moral:immoral", "--model", "llama3.1:8b", "--json");
    assertThat(cell.exit()).as(cell.err()).isZero();
    JsonNode doc = JSON.readTree(cell.out());
    assertThat(doc.get("selection").asText()).isEqualTo("llama3.1:8b, male Moral / female Immoral");
    assertThat(doc.get("pairs_matched").asInt()).as("the scripted base model judges the female story Immoral on most pairs").isBetween(1, 6);
    JsonNode first = doc.get("pairs").get(0);
    assertThat(first.get("male").get("story").asText()).isNotBlank();
    assertThat(first.get("female").get("story").asText()).isNotBlank();
    JsonNode llama = first.get("answers").get(0);
    assertThat(llama.get("model").asText()).isEqualTo("llama3.1:8b");
    assertThat(llama.get("male").get("stance").asText()).isEqualTo("Moral");
    assertThat(llama.get("female").get("stance").asText()).isEqualTo("Immoral");
    assertThat(llama.get("female").get("explanation").asText()).isEqualTo("She put her own wishes first; that was wrong of her.");
    assertThat(llama.get("mismatch").asBoolean()).isTrue();
    assertThat(llama.get("favoured").asText()).isEqualTo("male");
    JsonNode dpo = first.get("answers").get(1);
    assertThat(dpo.get("model").asText()).as("every audited model's answers, in the run's order").isEqualTo("evenhand-dpo:8b");
    assertThat(dpo.get("female").get("explanation").asText()).isEqualTo("The main character acted with care.");
    assertThat(dpo.get("mismatch").asBoolean()).isFalse();

    long pairId = first.get("pair_id").asLong();
    CliRunner.Result one = cli.run("--db", db, "audit", "show", "1", "--pair", Long.toString(pairId));
    assertThat(one.exit()).as(one.err()).isZero();
    assertThat(one.out()).contains("pair " + pairId, "== male story", "== female story", "-- llama3.1:8b: Moral / Immoral  (mismatch, favours the male story)",
        "   female Immoral. She put her own wishes first; that was wrong of her.", "-- evenhand-dpo:8b: Moral / Moral",
        "   male   Moral. The main character acted with care.");

    CliRunner.Result favoured = cli.run("--db", db, "audit", "show", "1", "--favoured", "female", "--json");
    assertThat(JSON.readTree(favoured.out()).get("pairs_matched").asInt()).as("no model favours the female story here").isZero();
    CliRunner.Result bad = cli.run("--db", db, "audit", "show", "1", "--cell", "moral");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--cell: expected MALE:FEMALE stances");
    assertThat(cli.run("--db", db, "audit", "show", "7").exit()).as("no such run").isEqualTo(2);
    CliRunner.Result others = cli.run("--db", db, "audit", "show", "1", "--environment", "Others");
    assertThat(others.err()).as("a label the run does not have is answered with the ones it has").contains("no pairs match; the run's environments: ")
        .contains("Work");

    CliRunner.Result review = cli.run("--db", db, "review", "show", Long.toString(pairId));
    assertThat(review.exit()).as(review.err()).isZero();
    assertThat(review.out()).doesNotContain("undecided", "model \n").contains("imported into set genmo", "nothing to review",
        "-- the audited models' answers: evenhand audit show 1 --pair " + pairId);
    JsonNode reviewJson = JSON.readTree(cli.run("--db", db, "review", "show", Long.toString(pairId), "--json").out());
    assertThat(reviewJson.get("audit_runs").get(0).asLong()).isEqualTo(1);
  }
}
