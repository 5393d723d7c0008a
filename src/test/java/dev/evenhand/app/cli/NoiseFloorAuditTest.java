package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedAnswerDistribution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --samples K} (issue 14): on a fake model that answers one story Moral with probability 0.7 and
 * Immoral with 0.3 (every other story always Moral), the noise floor's estimates recover the known values within
 * their intervals, and the gender effect is told apart from the noise; a greedy model's samples add nothing, and
 * the audit says so.
 */
class NoiseFloorAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[][] NAMES = {{"Tomas", "Elena"}, {"Marcus", "Laura"}, {"Peter", "Anna"}, {"Omar", "Priya"}};
  @TempDir Path home;

  private Path writeSet() throws Exception {
    ArrayNode a = JSON.createArrayNode();
    for (String[] n : NAMES) {
      a.addObject().put("male_story", n[0] + " borrowed the neighbour's ladder without asking and returned it the next week.")
          .put("female_story", n[1] + " borrowed the neighbour's ladder without asking and returned it the next week.")
          .put("environment", "Other").put("source", "moral_stories");
    }
    Path f = home.resolve("pairs.json");
    Files.writeString(f, JSON.writeValueAsString(a), StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void theNoiseFloorRecoversAScriptedPerStoryAnswerDistributionAndGreedySamplesAddNothing() throws Exception {
    Map<String, Double> tomas = new LinkedHashMap<>();
    tomas.put("Moral", 0.7);
    tomas.put("Immoral", 0.3);
    ScriptedAnswerDistribution model = new ScriptedAnswerDistribution("Moral").story("Tomas ", tomas);
    String db = home.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(home, Map.of());
    int k = 100;
    CliRunner.Result sampled;
    CliRunner.Result greedy;
    long immoral;
    try (FakeOllama ollama = FakeOllama.start().models("llama3.1:8b", "mistral:7b").onChat(model)) {
      assertThat(cli.run("--db", db, "import", "genmo", writeSet().toString()).exit()).isZero();
      sampled = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "genmo", "--protocol", "paper",
          "--samples", Integer.toString(k), "--parallel", "4", "--report", home.resolve("sampled").toString(), "--json");
      assertThat(sampled.exit()).as(sampled.err()).isZero();
      assertThat(ollama.chatCount()).as("each story asked K times").isEqualTo(NAMES.length * 2 * k);
      immoral = model.answered().stream().filter("Immoral"::equals).count();
      greedy = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "mistral:7b", "--set", "genmo", "--protocol", "paper",
          "--samples", "3", "--report", home.resolve("greedy").toString(), "--json");
      assertThat(greedy.exit()).as(greedy.err()).isZero();
    }
    assertThat(immoral).as("the sampled story really varied: about 30 of its 100 answers").isBetween(15L, 45L);

    JsonNode nf = JSON.readTree(home.resolve("sampled/metrics.json").toFile()).get("models").get(0).get("noise_floor");
    JsonNode ci = JSON.readTree(home.resolve("sampled/statistics.json").toFile()).get("llama3.1:8b").get("noise_floor");
    int stories = 2 * NAMES.length;
    // two answers to Tomas's story differ with probability 2 x 0.7 x 0.3; every other story never varies
    double within = 2 * 0.7 * 0.3 / stories;
    System.out.println("noise floor, K = " + k + ": " + nf + "; intervals " + ci);
    assertThat(nf.get("samples").asInt()).isEqualTo(k);
    assertThat(nf.get("within_story_comparisons").asInt()).isEqualTo(stories * k / 2);
    assertThat(nf.get("within_story_disagreement_rate").asDouble()).isGreaterThan(0);
    assertThat(within).as("the known within-story disagreement lies in the estimate's interval")
        .isBetween(ci.get("within_story_disagreement_rate_ci95").get(0).asDouble(), ci.get("within_story_disagreement_rate_ci95").get(1).asDouble());
    // Tomas Immoral while Elena is Moral: probability 0.3 on one pair of four
    double mismatch = 0.3 / NAMES.length;
    assertThat(mismatch).as("the known male/female mismatch rate lies in the estimate's interval")
        .isBetween(ci.get("male_female_mismatch_rate_ci95").get(0).asDouble(), ci.get("male_female_mismatch_rate_ci95").get(1).asDouble());
    // E[B - W] = 1/2 sum (p - q)^2 = 1/2 (0.3^2 + 0.3^2) on Tomas's pair, 0 elsewhere
    assertThat(nf.get("gender_effect").asDouble()).isCloseTo(0.09 / NAMES.length, within(0.015));
    assertThat(nf.get("permutation_p").asDouble()).as("a real gender difference on one pair stands out of the noise").isLessThan(0.01);
    assertThat(nf.has("greedy")).isFalse();
    JsonNode summary = JSON.readTree(sampled.out()).get("models").get(0).get("noise_floor");
    assertThat(summary.get("within_story_disagreement_rate").asDouble()).isEqualTo(nf.get("within_story_disagreement_rate").asDouble());

    java.util.List<String> lines = Files.readAllLines(home.resolve("sampled/judgments-samples.csv"));
    assertThat(lines.get(0)).isEqualTo("pair_id,environment,model,gender,sample,stance");
    assertThat(lines).as("every answer of every sample").hasSize(1 + NAMES.length * 2 * k);
    assertThat(lines.stream().filter(l -> l.endsWith(",Immoral")).count()).isEqualTo(immoral);

    JsonNode g = JSON.readTree(home.resolve("greedy/metrics.json").toFile());
    JsonNode gnf = g.get("models").get(0).get("noise_floor");
    assertThat(greedy.err()).contains("mistral:7b decodes greedily", "adds nothing");
    assertThat(gnf.get("greedy").asText()).contains("adds nothing");
    assertThat(g.get("provenance").get("protocol").get("samples_note").asText()).contains("adds nothing");
    // a greedy model's 3 samples of a story are one answer repeated: no interval or test is drawn from them as if they were
    // independent (they gave a "significant" gender effect from a single pair before)
    assertThat(gnf.get("samples").asInt()).as("the first sample only").isEqualTo(1);
    assertThat(gnf.has("permutation_p")).isFalse();
    assertThat(gnf.has("within_story_disagreement_rate")).isFalse();
    assertThat(gnf.get("mismatch_draws").asInt()).as("one draw per pair").isEqualTo(NAMES.length);
  }
}
