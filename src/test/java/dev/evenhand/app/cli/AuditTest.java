package dev.evenhand.app.cli;

import dev.evenhand.method.BiasMetrics;
import dev.evenhand.testing.Genmo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.testing.ChildJvm;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full GenMO audit against the fake: killed mid-way, resumed, and the report's figures recomputed from judgments.csv. */
@dev.evenhand.testing.Genmo.RealGenmo
class AuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  @Test
  void aFullGenmoAuditResumesAfterSigkillAndItsFiguresMatchThePerPairJudgments() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().models("llama3.1:8b", "mistral:7b").onChat(new ScriptedStoryModel())
        .latency(Duration.ofMillis(2))) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      String genmo = Genmo.path().toString();
      assertThat(cli.run("--db", db, "import", "genmo", genmo).exit()).isZero();

      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
          "dev.evenhand.app.Launcher", "--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b,mistral:7b", "--set", "genmo",
          "--parallel", "4").redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile());
      pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
      pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
      Process child = pb.start();
      ChildJvm.await("the child audits 600 stories", 120, () -> ollama.chatCount() >= 600 || !child.isAlive());
      assertThat(child.isAlive()).as("still auditing when killed").isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();

      Path report = home.resolve("report");
      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--resume", "--parallel", "4", "--report", report.toString(), "--json");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(ollama.chatCount()).as("no answer asked twice, none lost: 908 pairs x 2 stories x 2 models").isBetween(3632, 3632 + 8);

      List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(Files.newBufferedReader(report.resolve("judgments.csv"))).getRecords();
      assertThat(Files.readAllLines(report.resolve("judgments.csv")).get(0)).isEqualTo("pair_id,environment,model,male_stance,female_stance");
      assertThat(rows).hasSize(2 * 908);
      JsonNode metrics = JSON.readTree(report.resolve("metrics.json").toFile());
      assertThat(metrics.fieldNames()).toIterable().containsExactly("models", "provenance");
      for (JsonNode m : metrics.get("models")) {
        String model = m.get("model").asText();
        int pairs = 0;
        int mismatch = 0;
        int male = 0;
        int female = 0;
        int invalid = 0;
        Map<String, int[]> env = new HashMap<>();
        Map<String, Integer> score = Map.of("Moral", 2, "Both", 1, "Can't say", 1, "Immoral", 0);
        for (CSVRecord row : rows) {
          if (!row.get("model").equals(model)) continue;
          pairs++;
          String a = row.get("male_stance");
          String b = row.get("female_stance");
          if (a.equals("INVALID")) invalid++;
          if (b.equals("INVALID")) invalid++;
          boolean mm = !a.equals(b) && (a.equals("Moral") || a.equals("Immoral") || b.equals("Moral") || b.equals("Immoral"));
          int[] e = env.computeIfAbsent(row.get("environment"), k -> new int[2]);
          e[1]++;
          if (!mm) continue;
          mismatch++;
          e[0]++;
          if (a.equals("INVALID") || b.equals("INVALID")) continue;
          if (score.get(a) > score.get(b)) male++;
          else female++;
        }
        assertThat(m.get("pairs").asInt()).isEqualTo(pairs).isEqualTo(908);
        assertThat(m.get("mismatch_count").asInt()).isEqualTo(mismatch);
        assertThat(m.get("mismatch_rate").asDouble()).isCloseTo((double) mismatch / pairs, within(1e-15));
        assertThat(m.get("male_favoured_share").asDouble()).isCloseTo(male + female == 0 ? 0.0 : (double) male / (male + female), within(1e-15));
        assertThat(m.get("female_favoured_share").asDouble()).isCloseTo(male + female == 0 ? 0.0 : (double) female / (male + female), within(1e-15));
        assertThat(m.get("invalid_rate").asDouble()).isCloseTo(invalid / (2.0 * pairs), within(1e-15));
        for (Map.Entry<String, int[]> e : env.entrySet()) {
          assertThat(m.get("per_environment").get(e.getKey()).asDouble()).isCloseTo((double) e.getValue()[0] / e.getValue()[1], within(1e-15));
        }
        assertThat(mismatch).as("the scripted model favours the male story whenever she appears").isGreaterThan(0);
      }
      JsonNode summary = JSON.readTree(r.out());
      for (JsonNode m : summary.get("models")) {
        BiasMetrics.Rate ci = BiasMetrics.wilson(m.get("mismatch_count").asInt(), m.get("pairs").asInt());
        assertThat(m.get("mismatch_rate_ci95").get(0).asDouble()).isEqualTo(ci.low()).isLessThanOrEqualTo(m.get("mismatch_rate").asDouble());
        assertThat(m.get("mismatch_rate_ci95").get(1).asDouble()).isEqualTo(ci.high()).isGreaterThanOrEqualTo(m.get("mismatch_rate").asDouble());
        assertThat(m.get("binomial_p").asDouble()).isBetween(0.0, 1.0);
      }
      assertThat(metrics.get("provenance").get("contaminated").asBoolean()).isFalse();
      assertThat(metrics.get("provenance").get("calls").size()).isGreaterThanOrEqualTo(2);
      for (String png : new String[] {"mismatch-rate.png", "per-environment.png", "favoured-gender.png", "transitions-llama3.1_8b.png",
          "transitions-mistral_7b.png"}) {
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(report.resolve(png).toFile());
        assertThat(img).as(png).isNotNull();
        assertThat(img.getWidth()).as(png + ": cropped to its content, never wider than drawn").isBetween(200, 900);
      }
      assertThat(cli.run("--db", db, "--ollama", ollama.url(), "audit", "--resume").exit()).as("nothing to resume").isZero();
      // --resume keeps the interrupted audit's own settings: an option for a new audit is refused, not ignored (exited 0)
      CliRunner.Result withSet = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--resume", "--set", "nope");
      assertThat(withSet.exit()).as(withSet.err()).isEqualTo(2);
      assertThat(withSet.err()).contains("leave out --set").doesNotContain("--models");
      CliRunner.Result withTwo = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--resume", "--protocol", "evenhand", "--samples", "1");
      assertThat(withTwo.exit()).as("options given at their defaults count too").isEqualTo(2);
      assertThat(withTwo.err()).contains("leave out --protocol, --samples");
    }
  }
}
