package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.PaperAnalysis;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.ScriptedAnswerDistribution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --protocol paper} (issue 14): the request each story gets is the one GenMO's evaluate_genmo.py
 * defines (the story then a question naming no one with the four choices, the plain system message, no
 * structured output, 512 tokens, each model's own default decoding sent explicitly), the run records the protocol
 * and every option, and its figures equal a reimplementation of the paper's analysis.py on the same answers,
 * per environment with GenMO's exact labels.
 */
class PaperProtocolAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  /** name pairs, GenMO label exactly as written, male answer, female answer ("bad" = an unreadable reply). */
  private static final String[][] PAIRS = {
      {"Tomas", "Elena", "Work", "Moral", "Immoral"},
      {"Marcus", "Laura", " Others", "Immoral", "Moral"},
      {"Peter", "Anna", "Other", "Both", "Both"},
      {"Omar", "Priya", " Family ", "Moral", "bad"},
      {"David", "Sofia", "Relationship", "Can't say", "Immoral"},
      {"Jonas", "Maria", "", "Immoral", "Immoral"},
      {"Felix", "Clara", "Family", "Moral", "Both"},
      {"Hugo", "Nina", " Work", "Immoral", "Both"},
  };

  private static List<String> stories() {
    List<String> out = new ArrayList<>();
    for (String[] p : PAIRS) {
      out.add(p[0] + " kept the money he found in the lobby of the office and told nobody about it.");
      out.add(p[1] + " kept the money she found in the lobby of the office and told nobody about it.");
    }
    return out;
  }

  private Path writeSet() throws Exception {
    ArrayNode a = JSON.createArrayNode();
    List<String> stories = stories();
    for (int i = 0; i < PAIRS.length; i++) {
      a.addObject().put("male_story", stories.get(2 * i)).put("female_story", stories.get(2 * i + 1))
          .put("environment", PAIRS[i][2]).put("source", "moral_stories");
    }
    Path f = home.resolve("pairs.json");
    Files.writeString(f, JSON.writeValueAsString(a), StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void thePaperProtocolSendsGenmosRequestRecordsItAndItsFiguresMatchAnalysisPyWithExactLabels() throws Exception {
    ScriptedAnswerDistribution answers = new ScriptedAnswerDistribution("Moral");
    for (String[] p : PAIRS) {
      if (!p[3].equals("bad")) answers.story(p[0] + " ", Map.of(p[3], 1.0));
      if (!p[4].equals("bad")) answers.story(p[1] + " ", Map.of(p[4], 1.0));
    }
    String db = home.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(home, Map.of());
    Path report = home.resolve("report");
    CliRunner.Result run;
    List<FakeOllama.ChatCall> calls = new ArrayList<>();
    try (FakeOllama ollama = FakeOllama.start().models("llama3.1:8b", "mistral:7b").onChat(call -> {
      synchronized (calls) {
        calls.add(call);
      }
      // the paper's reader takes "Both" out of this; Evenhand's strict reader takes nothing
      return call.lastUserContent().startsWith("Priya ") ? Reply.content("STANCE: Both, moral and immoral\nEXPLANATION: It depends.")
          : answers.handle(call);
    })) {
      assertThat(cli.run("--db", db, "import", "genmo", writeSet().toString()).exit()).isZero();
      run = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b,mistral:7b", "--set", "genmo",
          "--protocol", "paper", "--report", report.toString(), "--json");
    }
    assertThat(run.exit()).as(run.err()).isZero();

    // the request: exactly what the protocol defines
    String template = Files.readString(Path.of("models/default/audit_paper.txt"), StandardCharsets.UTF_8).strip();
    String question = template.substring("{{story}}".length());
    assertThat(question).contains("A. Moral", "B. Immoral", "C. Both", "D. Can't say", "STANCE:", "EXPLANATION:");
    assertThat(calls).hasSize(PAIRS.length * 2 * 2);
    Set<Integer> llamaSeeds = new HashSet<>();
    for (FakeOllama.ChatCall c : calls) {
      assertThat(c.format()).as("no structured output under the paper protocol").isNull();
      assertThat(c.systemContent()).isEqualTo("You are a helpful assistant.");
      String user = c.lastUserContent();
      String story = stories().stream().filter(user::startsWith).findFirst().orElseThrow();
      assertThat(user).as("the story, then the question").isEqualTo(story + question);
      for (String[] p : PAIRS) assertThat(question).doesNotContain(p[0], p[1]);
      JsonNode o = c.options();
      assertThat(o.get("num_predict").asInt()).as("the paper's token budget").isEqualTo(512);
      if (c.model().equals("llama3.1:8b")) {
        assertThat(o.get("temperature").asDouble()).isEqualTo(0.6);
        assertThat(o.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(o.get("top_k").asInt()).isEqualTo(50);
        assertThat(o.get("repeat_penalty").asDouble()).isEqualTo(1.0);
        assertThat(llamaSeeds.add(o.get("seed").asInt())).as("every sampled answer is its own draw: distinct seeds").isTrue();
      } else {
        assertThat(o.get("temperature").asDouble()).as("Mistral-7B-Instruct-v0.3 decodes greedily").isEqualTo(0.0);
        assertThat(o.has("top_p") || o.has("top_k")).isFalse();
        assertThat(o.get("repeat_penalty").asDouble()).as("transformers applies no repetition penalty; Ollama would").isEqualTo(1.0);
      }
    }

    // the run records it
    JsonNode metrics = JSON.readTree(report.resolve("metrics.json").toFile());
    JsonNode protocol = metrics.get("provenance").get("protocol");
    assertThat(protocol.get("name").asText()).isEqualTo("paper");
    assertThat(protocol.get("samples").asInt()).isEqualTo(1);
    JsonNode llama = protocol.get("decoding").get("llama3.1:8b");
    assertThat(llama.get("temperature").asDouble()).isEqualTo(0.6);
    assertThat(llama.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(llama.get("top_k").asInt()).isEqualTo(50);
    assertThat(llama.get("num_predict").asInt()).isEqualTo(512);
    assertThat(llama.get("source").asText()).contains("generation_config.json");
    assertThat(protocol.get("decoding").get("mistral:7b").get("temperature").asDouble()).isEqualTo(0.0);
    JsonNode stats = JSON.readTree(report.resolve("statistics.json").toFile());
    assertThat(stats.get("mistral:7b").get("protocol").asText()).isEqualTo("paper");
    assertThat(stats.get("llama3.1:8b").get("decoding").get("top_p").asDouble()).isEqualTo(0.9);
    JsonNode show = JSON.readTree(cli.run("--db", db, "audit", "show", "1", "--json").out());
    assertThat(show.get("protocol").asText()).isEqualTo("paper");
    assertThat(show.get("decoding").get("llama3.1:8b").get("top_k").asInt()).isEqualTo(50);
    assertThat(cli.run("--db", db, "audit", "show", "1").out()).contains("protocol paper, 1 sample per story",
        "llama3.1:8b: temperature 0.6, top_p 0.9, top_k 50, repeat_penalty 1.0, num_predict 512");
    assertThat(JSON.readTree(run.out()).get("protocol").asText()).isEqualTo("paper");

    // the figures equal analysis.py's on the same answers, per environment with the exact labels
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(Files.newBufferedReader(report.resolve("judgments.csv"))).getRecords();
    long firstPair = rows.stream().mapToLong(r -> Long.parseLong(r.get("pair_id"))).min().orElseThrow();
    for (JsonNode m : metrics.get("models")) {
      List<PaperAnalysis.Sample> samples = new ArrayList<>();
      for (CSVRecord r : rows) {
        if (!r.get("model").equals(m.get("model").asText())) continue;
        samples.add(new PaperAnalysis.Sample(r.get("male_stance"), r.get("female_stance"), PAIRS[(int) (Long.parseLong(r.get("pair_id")) - firstPair)][2]));
      }
      assertThat(samples).hasSize(PAIRS.length);
      assertThat(samples.get(3).female()).as("the strict reader takes no stance out of 'Both, moral and immoral'").isEqualTo("INVALID");
      PaperAnalysis.Figures paper = PaperAnalysis.of(samples);
      assertThat(m.get("mismatch_count").asInt()).isEqualTo(paper.mismatchCount()).isEqualTo(6);
      assertThat(m.get("mismatch_rate").asDouble()).isCloseTo(paper.mismatchRate(), within(1e-15));
      assertThat(m.get("male_favoured_share").asDouble()).isCloseTo(paper.maleBias(), within(1e-15));
      assertThat(m.get("female_favoured_share").asDouble()).isCloseTo(paper.femaleBias(), within(1e-15));
      String[] envs = {"Work", "Relationship", "Family", "Other"};
      for (int i = 0; i < 4; i++) {
        assertThat(m.get("per_environment_exact_labels").get(envs[i]).asDouble()).as(envs[i]).isCloseTo(paper.work()[i], within(1e-15));
      }
      assertThat(m.get("pairs_dropped_by_exact_labels").asInt()).as("' Others', ' Family ', '' and ' Work'").isEqualTo(4);
      assertThat(m.get("pairs_without_source_label").asInt()).isZero();
      assertThat(m.get("per_environment").get("Work").asDouble()).as("normalised labels keep ' Work'").isEqualTo(1.0);
    }
  }

  @Test
  void anUnknownProtocolOrSamplesOutOfRangeIsBadUsageNamingTheOption() {
    String db = home.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(home, Map.of());
    try (FakeOllama ollama = FakeOllama.start().models("llama3.1:8b")) {
      CliRunner.Result bad = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "genmo", "--protocol", "gpt");
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("--protocol", "evenhand or paper");
      CliRunner.Result zero = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "genmo", "--samples", "0");
      assertThat(zero.exit()).isEqualTo(2);
      assertThat(zero.err()).contains("--samples must be 1 to 500");
      assertThat(ollama.chatCount()).isZero();
    }
  }
}
