package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, kind 10, through the CLI: the model's context length comes from Ollama's {@code /api/show};
 * a judgment prompt longer than the profile's num_ctx goes out with num_ctx raised (and the live log says
 * so), and one longer than the model's context is not sent and is counted as {@code prompt_too_long}.
 */
class ContextLengthGuardCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  private String importLongPair(CliRunner cli) throws Exception {
    String tail = " He walked along the river, greeted the baker, and thought about the letter he had not answered yet.".repeat(200);
    ArrayNode arr = JSON.createArrayNode();
    arr.addObject().put("male_story", "Tom kept the money he found." + tail).put("female_story", "Ann kept the money she found." + tail.replace(" He ", " She ").replace(" he ", " she "))
        .put("environment", "Work").put("source", "t");
    Path genmo = home.resolve("long-genmo.json");
    Files.writeString(genmo, arr.toString());
    String db = home.resolve("db/evenhand").toString();
    CliRunner.Result imp = cli.run("--db", db, "import", "genmo", genmo.toString());
    assertThat(imp.exit()).as(imp.err()).isZero();
    return db;
  }

  @Test
  void aLongPromptIsSentWithNumCtxRaisedUpToTheModelsContext() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel(0)).contextLength(131072)) {
      CliRunner cli = new CliRunner(home, Map.of());
      String db = importLongPair(cli);
      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--from-set", "genmo", "--model", "llama3.1:8b", "--json");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(JSON.readTree(r.out()).get("stored").asInt()).isEqualTo(1);
      for (JsonNode req : ollama.chatRequests()) {
        assertThat(req.path("options").path("num_ctx").asInt()).as("every prompt was sent with a context it fits").isGreaterThan(8192);
      }
      assertThat(r.err()).contains("more than num_ctx 8192: sent with num_ctx 16384 (the model's context length is 131072)");
    }
  }

  @Test
  void aPromptLongerThanTheModelsContextIsNotSentAndCounted() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel(0)).contextLength(8192)) {
      CliRunner cli = new CliRunner(home, Map.of());
      String db = importLongPair(cli);
      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--from-set", "genmo", "--model", "llama3.1:8b", "--json");
      JsonNode summary = JSON.readTree(r.out());
      assertThat(summary.get("stored").asInt()).isZero();
      assertThat(summary.get("failed").get("prompt_too_long").asInt()).isEqualTo(2);
      assertThat(ollama.chatCount()).as("nothing was sent to be cut silently").isZero();
      assertThat(r.err()).contains("more than the model's context length of 8192 tokens: not sent");
    }
  }
}
