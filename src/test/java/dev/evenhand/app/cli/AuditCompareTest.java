package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.Database;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.ScriptedAuditModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit compare} across time: a base model audited in one run, a "fine-tuned" model audited in a later
 * run, and the base audited again in a third; every answer is scripted per story ({@link ScriptedAuditModel}), so
 * the paired counts, McNemar's test and the two resolution figures are known by hand.
 */
class AuditCompareTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = ScriptedAuditModel.BASE;
  private static final String TUNED = ScriptedAuditModel.TUNED;
  @TempDir Path home;

  @Test
  void runsMadeAtDifferentTimesAreComparedWithMcNemarAndBothResolutionFigures() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().models(BASE, TUNED).onChat(new ScriptedAuditModel())) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
      for (String model : List.of(BASE, TUNED, BASE)) {
        CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", model, "--set", "genmo");
        assertThat(r.exit()).as(r.err()).isZero();
      }

      CliRunner.Result r = cli.run("--db", db, "--json", "audit", "compare", "1", "2", "3");
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode c = JSON.readTree(r.out());
      assertThat(c.get("set").asText()).isEqualTo("genmo");
      assertThat(c.get("base").get("run").asLong()).isEqualTo(1);
      assertThat(c.get("base").get("model").asText()).isEqualTo(BASE);
      assertThat(c.get("base").get("digests").get(0).asText()).as("the digest the server listed").matches("[0-9a-f]{64}");
      assertThat(c.get("entries")).hasSize(2);
      JsonNode tuned = c.get("entries").get(0);
      assertThat(tuned.get("entry").get("run").asLong()).isEqualTo(2);
      assertThat(tuned.get("entry").get("model").asText()).isEqualTo(TUNED);
      assertThat(Instant.parse(tuned.get("entry").get("run_started").asText())).as("the later run")
          .isAfter(Instant.parse(c.get("base").get("run_started").asText()));
      assertThat(tuned.get("entry").get("digests").get(0).asText()).isNotEqualTo(c.get("base").get("digests").get(0).asText());
      assertThat(tuned.get("pairs_shared").asInt()).isEqualTo(24);
      assertThat(tuned.get("base_mismatch_rate").asDouble()).isCloseTo(10 / 24.0, within(1e-12));
      assertThat(tuned.get("mismatch_rate").asDouble()).as("3 kept + 2 new").isCloseTo(5 / 24.0, within(1e-12));
      BiasMetrics.Rate ci = BiasMetrics.wilson(5, 24);
      assertThat(tuned.get("mismatch_rate_ci95").get(0).asDouble()).isEqualTo(ci.low());
      assertThat(tuned.get("mismatch_rate_ci95").get(1).asDouble()).isEqualTo(ci.high());
      assertThat(tuned.get("change").asDouble()).isCloseTo(-5 / 24.0, within(1e-12));
      // McNemar by hand: b = 7 (pairs 1-7), c = 2 (pairs 11, 12); b + c = 9 < 25, so exact:
      // p = 2 P(X <= 2), X ~ Bin(9, 1/2) = 2 (1 + 9 + 36) / 512 = 0.1796875
      JsonNode test = tuned.get("mcnemar");
      assertThat(test.get("b").asInt()).isEqualTo(7);
      assertThat(test.get("c").asInt()).isEqualTo(2);
      assertThat(test.get("method").asText()).isEqualTo("exact binomial");
      assertThat(test.get("p").asDouble()).isCloseTo(92 / 512.0, within(1e-12));
      // the two resolution figures differ: identical stances 4 of 10, no longer mismatched 7 of 10
      assertThat(tuned.get("base_mismatches").asInt()).isEqualTo(10);
      assertThat(tuned.get("resolved_identical").asInt()).isEqualTo(4);
      assertThat(tuned.get("resolved_identical_share").asDouble()).isCloseTo(0.4, within(1e-12));
      assertThat(tuned.get("resolved_identical_moved_to").toString()).isEqualTo("{\"Moral\":3,\"Both\":1}");
      assertThat(tuned.get("both_invalid").asInt()).isEqualTo(1);
      assertThat(tuned.get("no_longer_mismatched").asInt()).isEqualTo(7);
      assertThat(tuned.get("no_longer_mismatched_share").asDouble()).isCloseTo(0.7, within(1e-12));
      assertThat(tuned.get("new_mismatches").asInt()).isEqualTo(2);

      JsonNode again = c.get("entries").get(1);
      assertThat(again.get("entry").get("model").asText()).as("the same tag in another run is its own entry").isEqualTo(BASE);
      assertThat(again.get("entry").get("run").asLong()).isEqualTo(3);
      assertThat(again.get("mcnemar").get("b").asInt()).isZero();
      assertThat(again.get("mcnemar").get("c").asInt()).isZero();
      assertThat(again.get("mcnemar").get("p").asDouble()).isEqualTo(1.0);
      assertThat(again.get("resolved_identical").asInt()).isZero();

      // the fine-tuned run as the base: the roles swap (b and c too)
      CliRunner.Result swapped = cli.run("--db", db, "--json", "audit", "compare", "1", "2", "--base", TUNED);
      assertThat(swapped.exit()).as(swapped.err()).isZero();
      JsonNode s = JSON.readTree(swapped.out()).get("entries").get(0);
      assertThat(s.get("mcnemar").get("b").asInt()).isEqualTo(2);
      assertThat(s.get("mcnemar").get("c").asInt()).isEqualTo(7);
      assertThat(JSON.readTree(cli.run("--db", db, "--json", "audit", "compare", "1", "3", "--base", BASE + "@3").out())
          .get("base").get("run").asLong()).isEqualTo(3);

      CliRunner.Result text = cli.run("--db", db, "audit", "compare", "1", "2");
      assertThat(text.exit()).as(text.err()).isZero();
      assertThat(text.out()).contains("base " + BASE + " @ run 1", TUNED + " @ run 2", "vs base on 24 shared pairs",
          "McNemar (exact binomial): b = 7 no longer mismatched, c = 2 new mismatches, p = 0.1797",
          "resolved (identical stances, as the paper): 4 of 10 base mismatches (40.0%), to Moral 3, Both 1",
          "no longer mismatched: 7 of 10 (70.0%), of which both answers unreadable: 1", "change -20.8 points")
          .containsPattern("run started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
      assertThat(c.get("warnings")).as("three runs gathered alike: nothing to warn of").isEmpty();
      assertThat(text.err()).doesNotContain("warning");

      // a run under the paper protocol (another question, 512 tokens) is compared, with a warning on stderr and in the JSON
      CliRunner.Result paper = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", TUNED, "--set", "genmo", "--protocol", "paper");
      assertThat(paper.exit()).as(paper.err()).isIn(0, 3);
      CliRunner.Result mixed = cli.run("--db", db, "audit", "compare", "1", "4");
      assertThat(mixed.exit()).as(mixed.err()).isZero();
      assertThat(mixed.err()).contains("warning: " + TUNED + " @ run 4 was audited under protocol paper, the base " + BASE + " @ run 1 under evenhand")
          .contains("num_predict 512 (base 256)");
      JsonNode warned = JSON.readTree(cli.run("--db", db, "--json", "audit", "compare", "1", "4").out());
      assertThat(warned.get("warnings").toString()).contains("protocol paper");
    }
  }

  @Test
  void bothFiguresAreInTheAuditSummaryAndStatisticsJson() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().models(BASE, TUNED).onChat(new ScriptedAuditModel())) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
      Path report = home.resolve("report");
      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "--json", "audit", "--models", BASE + "," + TUNED, "--set", "genmo",
          "--report", report.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode cmp = JSON.readTree(r.out()).get("comparisons");
      assertThat(cmp).hasSize(1);
      assertThat(cmp.get(0).get("model").asText()).isEqualTo(TUNED);
      assertThat(cmp.get(0).get("resolved_identical").asInt()).isEqualTo(4);
      assertThat(cmp.get(0).get("no_longer_mismatched").asInt()).isEqualTo(7);
      JsonNode stats = JSON.readTree(report.resolve("statistics.json").toFile());
      assertThat(stats.get(BASE).has("vs_base")).isFalse();
      JsonNode vs = stats.get(TUNED).get("vs_base");
      assertThat(vs.get("base").asText()).isEqualTo(BASE);
      assertThat(vs.get("resolved_identical_share").asDouble()).isCloseTo(0.4, within(1e-12));
      assertThat(vs.get("no_longer_mismatched_share").asDouble()).isCloseTo(0.7, within(1e-12));
      assertThat(vs.get("mcnemar").get("p").asDouble()).isCloseTo(92 / 512.0, within(1e-12));

      CliRunner.Result text = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", BASE + "," + TUNED, "--set", "genmo");
      assertThat(text.out()).contains(TUNED + " vs " + BASE + ": resolved (identical stances, as the paper) 40.0% of 10 base mismatches, "
          + "to Moral 3, Both 1; no longer mismatched 70.0%; McNemar p 0.1797 (exact binomial, b 7, c 2)");
    }
  }

  @Test
  void runsOverDifferentSetsOrSharingNoPairsAreRefusedWithExitTwo() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().models(BASE, TUNED).onChat(new ScriptedAuditModel())) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
      // a second set: the fixture's first two pairs under another name cannot be imported twice, so a copy with other stories
      JsonNode fixture = JSON.readTree(Genmo.fixture().toFile());
      var other = JSON.createArrayNode();
      for (int i = 0; i < 2; i++) {
        var p = (com.fasterxml.jackson.databind.node.ObjectNode) fixture.get(i).deepCopy();
        p.put("male_story", p.get("male_story").asText() + " Nobody noticed.");
        p.put("female_story", p.get("female_story").asText() + " Nobody noticed.");
        other.add(p);
      }
      Path otherFile = home.resolve("other.json");
      Files.writeString(otherFile, other.toString());
      assertThat(cli.run("--db", db, "import", "genmo", otherFile.toString(), "--set", "other").exit()).isZero();
      assertThat(cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", BASE, "--set", "genmo", "--limit", "3").exit()).isZero();
      assertThat(cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", BASE, "--set", "other").exit()).isZero();

      CliRunner.Result sets = cli.run("--db", db, "audit", "compare", "1", "2");
      assertThat(sets.exit()).isEqualTo(2);
      assertThat(sets.err()).contains("different pair sets", "run 1 set genmo", "run 2 set other");
      assertThat(sets.out()).isEmpty();

      try (Database d = Database.open(Path.of(db))) {
        new AuditRepository(d).create("genmo", List.of(TUNED), 3); // run 3: started, never answered
      }
      CliRunner.Result none = cli.run("--db", db, "--json", "audit", "compare", "1", "3");
      assertThat(none.exit()).isEqualTo(2);
      assertThat(none.err()).contains(TUNED + " @ run 3 shares no answered pair with the base " + BASE + " @ run 1");
      assertThat(none.out()).isEmpty();

      assertThat(cli.run("--db", db, "audit", "compare", "1").exit()).as("one run").isEqualTo(2);
      assertThat(cli.run("--db", db, "audit", "compare", "1", "1").err()).contains("each run once");
      assertThat(cli.run("--db", db, "audit", "compare", "1", "9").err()).contains("no audit run 9");
      CliRunner.Result badBase = cli.run("--db", db, "audit", "compare", "1", "3", "--base", "qwen2.5:7b");
      assertThat(badBase.exit()).isEqualTo(2);
      assertThat(badBase.err()).contains("--base: no entry qwen2.5:7b");
    }
  }
}
