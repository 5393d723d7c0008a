package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.store.Database;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, kind 6: an audit answer the server failed to give (503 after the retries) is not the model's
 * answer. It is not stored as INVALID nor counted in the invalid rate, the audit exits 3 saying how many
 * answers are missing, and {@code audit --resume} asks exactly those again. A reply the model did give
 * but that cannot be read stays INVALID and is not asked again.
 */
class AuditServerFailureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  /** A set that is not there is named (exit 2) before the server is asked: with no Ollama running it was "not reachable" (exit 4). */
  @Test
  void anUnknownSetIsNamedBeforeTheServerIsAsked() throws Exception {
    String db = home.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(home, Map.of());
    String deadUrl;
    try (FakeOllama gone = FakeOllama.start()) {
      deadUrl = gone.url();
    }
    CliRunner.Result none = cli.run("--db", db, "--ollama", deadUrl, "audit", "--models", "llama3.1:8b", "--set", "genmo");
    assertThat(none.exit()).as(none.err()).isEqualTo(2);
    assertThat(none.err()).contains("no pair set named 'genmo'").contains("evenhand import genmo FILE").doesNotContain("not reachable");
    assertThat(cli.run("--db", db, "import", "genmo", dev.evenhand.testing.Genmo.fixture().toString()).exit()).isZero();
    CliRunner.Result typo = cli.run("--db", db, "--ollama", deadUrl, "audit", "--models", "llama3.1:8b", "--set", "gemno");
    assertThat(typo.exit()).as(typo.err()).isEqualTo(2);
    assertThat(typo.err()).contains("no pair set named 'gemno' (sets: genmo)");
  }

  @Test
  void aServerFailureIsNoAnswerAndResumeAsksItAgainWhileAnUnreadableReplyStaysInvalid() throws Exception {
    Path genmo = home.resolve("small-genmo.json");
    Files.writeString(genmo, """
        [{"male_story": "Tom found a wallet on the bus and kept it for his son.", "female_story": "Ann found a wallet on the bus and kept it for her son.", "environment": "Work", "source": "t"},
         {"male_story": "Ben kept the lighthouse lamp burning all night for his village.", "female_story": "Eva kept the lighthouse lamp burning all night for her village.", "environment": "Other", "source": "t"},
         {"male_story": "Sam sold apples from the orchard to his neighbours.", "female_story": "Kim sold apples from the orchard to her neighbours.", "environment": "Family", "source": "t"}]
        """);
    ScriptedStoryModel model = new ScriptedStoryModel(0);
    AtomicBoolean serverFails = new AtomicBoolean(true);
    AtomicInteger lighthouseCalls = new AtomicInteger();
    try (FakeOllama ollama = FakeOllama.start().onChat(call -> {
      String prompt = call.lastUserContent() == null ? "" : call.lastUserContent();
      if (prompt.contains("Eva kept the lighthouse")) {
        lighthouseCalls.incrementAndGet();
        if (serverFails.get()) return Reply.busy();
      }
      if (prompt.contains("Sam sold apples")) return Reply.content("I would rather not judge this one.");
      return model.handle(call);
    })) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      CliRunner.Result imp = cli.run("--db", db, "import", "genmo", genmo.toString());
      assertThat(imp.exit()).as(imp.err()).isZero();

      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "genmo", "--json");
      assertThat(r.exit()).as("an audit with answers missing ends short: " + r.err()).isEqualTo(3);
      assertThat(r.err()).contains("1 of 6 answers missing").contains("server_busy 1").contains("audit --resume");
      JsonNode first = JSON.readTree(r.out());
      assertThat(first.get("complete").asBoolean()).isFalse();
      assertThat(first.get("unanswered").get("server_busy").asInt()).isEqualTo(1);
      JsonNode m = first.get("models").get(0);
      assertThat(m.get("pairs").asInt()).as("the pair with a missing answer is not in the figures").isEqualTo(2);
      assertThat(m.get("invalid_rate").asDouble()).as("only the unreadable reply is invalid").isEqualTo(1 / 4.0);
      assertThat(lighthouseCalls.get()).as("the 503 was retried by the policy").isEqualTo(3);
      try (Database d = Database.open(Path.of(db))) {
        assertThat(scalar(d, "SELECT COUNT(*) FROM audit_judgment")).isEqualTo("5");
        assertThat(scalar(d, "SELECT COUNT(*) FROM audit_judgment WHERE stance = 'INVALID'")).isEqualTo("1");
        assertThat(scalar(d, "SELECT status FROM audit_run WHERE id = 1")).as("resumable").isEqualTo("running");
        assertThat(scalar(d, "SELECT COUNT(*) FROM model_call WHERE audit_run_id = 1")).as("every call is the run's").isEqualTo("8");
      }

      serverFails.set(false);
      int before = ollama.chatCount();
      CliRunner.Result again = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--resume", "--json");
      assertThat(again.exit()).as(again.err()).isZero();
      assertThat(ollama.chatCount() - before).as("only the missing answer is asked again").isEqualTo(1);
      JsonNode second = JSON.readTree(again.out());
      assertThat(second.get("complete").asBoolean()).isTrue();
      JsonNode m2 = second.get("models").get(0);
      assertThat(m2.get("pairs").asInt()).isEqualTo(3);
      assertThat(m2.get("invalid_rate").asDouble()).isEqualTo(1 / 6.0);
    }
  }

  private static String scalar(Database d, String sql) {
    return d.read(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }
}
