package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.method.Rouge1;
import dev.evenhand.store.Database;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.HaltOnDropTrigger;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, kind 4: a process killed at the very moment it writes the fidelity (ROUGE-1 band) or
 * near-duplicate decision of a new pair must not leave that pair where {@code generate --resume}
 * completes it. The kill comes from {@link HaltOnDropTrigger}, installed in the test's database (not
 * in the product): it halts the child JVM inside the write that drops the pair, before it commits.
 */
class GenerateRuleDropKillTest {
  @TempDir Path home;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fidelity", "duplicate"})
  void aKillWhileARuleDropsAPairNeverLetsResumeCompleteThatPair(String rule) throws Exception {
    ScriptedStoryModel model = new ScriptedStoryModel(0);
    AtomicInteger stories = new AtomicInteger();
    String outOfBand = "{\"male_name\":\"Daniel\",\"male_story\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(model.storyPair(2)).get("male_story").asText())
        + ",\"female_name\":\"Maria\",\"female_story\":\"Maria met her friend at the market, and they talked for an hour about her garden.\"}";
    try (FakeOllama ollama = FakeOllama.start().onChat(call -> {
      if (call.format() != null && call.format().path("properties").has("male_story")) {
        int n = stories.incrementAndGet();
        // the second story pair breaks a rule: out of the ROUGE-1 band, or a copy of the first pair
        if (n == 2) return Reply.content(rule.equals("fidelity") ? outOfBand : model.storyPair(1));
        return Reply.content(model.storyPair(n));
      }
      return model.handle(call);
    })) {
      Path db = home.resolve("db/evenhand");
      try (Database d = Database.open(db)) {
        d.inTransaction(c -> {
          try (Statement st = c.createStatement()) {
            st.execute(HaltOnDropTrigger.SQL);
          }
          return null;
        });
      }
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-D" + HaltOnDropTrigger.PROPERTY + "=true", "-cp", cp, "dev.evenhand.app.Launcher", "--db", db.toString(),
          "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "3", "--parallel", "1")
          .redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile());
      pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
      pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
      Process child = pb.start();
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child never ended").isTrue();
      assertThat(child.exitValue()).as("the child must be killed while it drops the pair: " + Files.readString(home.resolve("child.log")))
          .isEqualTo(137);

      try (Database d = Database.open(db)) {
        d.inTransaction(c -> {
          try (Statement st = c.createStatement()) {
            st.execute(HaltOnDropTrigger.DROP_SQL);
          }
          return null;
        });
      }
      CliRunner.Result r = new CliRunner(home, Map.of()).run("--db", db.toString(), "--ollama", ollama.url(), "generate", "--resume", "--json");
      assertThat(r.exit()).as(r.err()).isZero();

      try (Database d = Database.open(db)) {
        List<Object[]> complete = d.read(c -> {
          List<Object[]> out = new ArrayList<>();
          try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT p.id, p.rouge1, s.text FROM story_pair p "
              + "JOIN story s ON s.pair_id = p.id AND s.gender = 'male' WHERE p.stage = 'complete' ORDER BY p.id")) {
            while (rs.next()) out.add(new Object[] {rs.getLong(1), rs.getDouble(2), rs.getString(3)});
          }
          return out;
        });
        assertThat(complete).as("the run reaches its target").hasSize(3);
        for (Object[] p : complete) {
          assertThat((double) p[1]).as("pair %s completed with ROUGE-1 outside the band [0.8, 0.95]", p[0]).isBetween(0.8, 0.95);
        }
        for (int i = 0; i < complete.size(); i++) {
          for (int j = i + 1; j < complete.size(); j++) {
            assertThat(Rouge1.f1((String) complete.get(i)[2], (String) complete.get(j)[2]))
                .as("pairs %s and %s are near-duplicates, both complete", complete.get(i)[0], complete.get(j)[0]).isLessThan(0.9);
          }
        }
      }
    }
  }
}
