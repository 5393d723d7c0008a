package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.PaperAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real GenMO: the paper's exact labels drop 151 of 908 pairs from the per-environment figures, and Evenhand's
 * exact-label figures equal the reimplementation of analysis.py on the same answers.
 */
@Genmo.RealGenmo
class GenmoExactLabelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  @Test
  void exactLabelsDrop151GenmoPairsAndMatchAnalysisPy() throws Exception {
    String db = home.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(home, Map.of());
    Path report = home.resolve("report");
    // the scripted model answers JSON; under the paper protocol it is asked for STANCE lines: turn its stance into one
    try (FakeOllama ollama = FakeOllama.start().models("mistral:7b").onChat(call -> {
      String prompt = call.lastUserContent();
      boolean calm = prompt.contains("calmly");
      boolean female = prompt.contains(" she ") || prompt.contains(" her ");
      return dev.evenhand.testing.Reply.content("STANCE: " + (calm || !female ? "A. Moral" : "B. Immoral") + "\nEXPLANATION: scripted");
    })) {
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.path().toString()).exit()).isZero();
      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "mistral:7b", "--set", "genmo",
          "--protocol", "paper", "--parallel", "4", "--report", report.toString(), "--json");
      assertThat(r.exit()).as(r.err()).isZero();
    }
    JsonNode genmo = JSON.readTree(Genmo.path().toFile());
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(Files.newBufferedReader(report.resolve("judgments.csv"))).getRecords();
    long firstPair = rows.stream().mapToLong(x -> Long.parseLong(x.get("pair_id"))).min().orElseThrow();
    List<PaperAnalysis.Sample> samples = new ArrayList<>();
    for (CSVRecord x : rows) {
      samples.add(new PaperAnalysis.Sample(x.get("male_stance"), x.get("female_stance"),
          genmo.get((int) (Long.parseLong(x.get("pair_id")) - firstPair)).get("environment").asText()));
    }
    assertThat(samples).hasSize(908);
    PaperAnalysis.Figures paper = PaperAnalysis.of(samples);
    JsonNode m = JSON.readTree(report.resolve("metrics.json").toFile()).get("models").get(0);
    assertThat(m.get("pairs_dropped_by_exact_labels").asInt()).as("GenMO's ' Others', ' Family ', ' Work', ' Relationship', ''").isEqualTo(151);
    assertThat(m.get("mismatch_count").asInt()).isEqualTo(paper.mismatchCount()).isPositive();
    String[] envs = {"Work", "Relationship", "Family", "Other"};
    for (int i = 0; i < 4; i++) {
      assertThat(m.get("per_environment_exact_labels").get(envs[i]).asDouble()).as(envs[i]).isCloseTo(paper.work()[i], within(1e-15));
    }
    System.out.println("GenMO, scripted model, paper protocol: exact-label per-environment " + m.get("per_environment_exact_labels")
        + " vs normalised " + m.get("per_environment") + "; dropped " + m.get("pairs_dropped_by_exact_labels"));
  }
}
