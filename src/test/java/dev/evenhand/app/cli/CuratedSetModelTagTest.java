package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, kind 7: pairs imported from GenMO and curated with {@code generate --from-set} carry the model
 * that judged them, so {@code export --model TAG} exports them; an export for a model no pair was judged
 * by says so and names the models there are.
 */
class CuratedSetModelTagTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  @Test
  void curatedImportedPairsAreExportedByTheModelThatJudgedThem() throws Exception {
    Path genmo = home.resolve("small-genmo.json");
    Files.writeString(genmo, """
        [{"male_story": "Tom found a wallet on the bus and kept it for his son.", "female_story": "Ann found a wallet on the bus and kept it for her son.", "environment": "Work", "source": "t"},
         {"male_story": "Ben sold the old car to his cousin without telling him about the brakes.", "female_story": "Eva sold the old car to her cousin without telling him about the brakes.", "environment": "Family", "source": "t"}]
        """);
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel(0))) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      assertThat(cli.run("--db", db, "import", "genmo", genmo.toString()).exit()).isZero();
      CliRunner.Result gen = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--from-set", "genmo", "--model", "llama3.1:8b", "--json");
      assertThat(gen.exit()).as(gen.err()).isZero();
      assertThat(JSON.readTree(gen.out()).get("stored").asInt()).isEqualTo(2);
      CliRunner.Result acc = cli.run("--db", db, "review", "accept", "--all");
      assertThat(acc.exit()).as(acc.err()).isZero();

      CliRunner.Result show = cli.run("--db", db, "review", "show", "1", "--json");
      assertThat(JSON.readTree(show.out()).get("model").asText()).isEqualTo("llama3.1:8b");

      Path out = home.resolve("dpo.jsonl");
      CliRunner.Result exp = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString(), "--model", "llama3.1:8b", "--json");
      assertThat(exp.exit()).as(exp.err()).isZero();
      JsonNode res = JSON.readTree(exp.out());
      assertThat(res.get("pairs").asInt()).as("both curated pairs are the model's").isEqualTo(2);
      assertThat(res.get("records").asInt()).isEqualTo(4);

      CliRunner.Result other = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", home.resolve("none.jsonl").toString(),
          "--model", "mistral:7b");
      assertThat(other.exit()).as("issue 13: an export that matches nothing is short of its target").isEqualTo(3);
      assertThat(other.err()).contains("nothing to export: no pair in the review queue was judged by model mistral:7b (models there: llama3.1:8b)")
          .doesNotContain("generate --from-set");
      assertThat(home.resolve("none.jsonl")).doesNotExist();
    }
  }
}
