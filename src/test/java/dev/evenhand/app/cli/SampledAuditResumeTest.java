package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.ScriptedAnswerDistribution;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --samples K --resume}: answers the server could not give in the first session are asked again, each
 * sample once, with the seed that sample always has; no sample already stored is asked twice.
 */
class SampledAuditResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  @Test
  void aSampledAuditResumesOnlyTheMissingSamplesWithTheirOwnSeeds() throws Exception {
    String db = home.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(home, Map.of());
    AtomicBoolean failing = new AtomicBoolean(true);
    List<Integer> firstSeeds = new ArrayList<>();
    List<Integer> resumedSeeds = new ArrayList<>();
    ScriptedAnswerDistribution model = new ScriptedAnswerDistribution("Moral").story("Laura", Map.of("Immoral", 0.5, "Moral", 0.5));
    try (FakeOllama ollama = FakeOllama.start().models("llama3.1:8b").onChat(call -> {
      boolean laura = call.lastUserContent().startsWith("Laura");
      synchronized (firstSeeds) {
        (failing.get() ? firstSeeds : resumedSeeds).add(call.options().get("seed").asInt());
      }
      if (failing.get() && laura) return Reply.error(400, "refused");
      return model.handle(call);
    })) {
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
      CliRunner.Result first = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "genmo",
          "--limit", "3", "--protocol", "paper", "--samples", "4", "--json");
      assertThat(first.exit()).as("short: Laura's story got no answer").isEqualTo(3);
      assertThat(JSON.readTree(first.out()).get("answers").asInt()).isEqualTo(3 * 2 * 4 - 4);
      failing.set(false);
      CliRunner.Result resumed = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--resume", "--json");
      assertThat(resumed.exit()).as(resumed.err()).isZero();
      JsonNode out = JSON.readTree(resumed.out());
      assertThat(out.get("answers").asInt()).isEqualTo(3 * 2 * 4);
      assertThat(out.get("samples").asInt()).isEqualTo(4);
      assertThat(out.get("protocol").asText()).isEqualTo("paper");
    }
    assertThat(resumedSeeds).as("only Laura's four samples are asked again").hasSize(4);
    Set<Integer> all = new HashSet<>(firstSeeds);
    assertThat(all).as("the failed calls were Laura's four samples; resumed, each gets the seed it always has")
        .containsAll(resumedSeeds);
    assertThat(new HashSet<>(resumedSeeds)).hasSize(4);
  }
}
