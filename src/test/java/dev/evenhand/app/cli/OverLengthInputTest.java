package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.store.Database;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, kind 10: a value longer than the store's column (FieldLimits) is bad input, exit 2, with one
 * line naming the option (or file:line:field) with its length and the limit, and nothing is written;
 * before, such values reached an INSERT and ended with exit 1 and an SQL message.
 */
class OverLengthInputTest {
  @TempDir Path home;
  private CliRunner cli;
  private String db;
  private Path genmo;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(home, Map.of());
    db = home.resolve("db/evenhand").toString();
    genmo = home.resolve("g.json");
    Files.writeString(genmo, "[{\"male_story\": \"Tom kept the wallet for his son.\", \"female_story\": \"Ann kept the wallet for her son.\", "
        + "\"environment\": \"Work\", \"source\": \"t\"}]");
  }

  private void refused(CliRunner.Result r, String line) {
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(line).doesNotContain("SQL").doesNotContain("database error");
    assertThat(r.err().strip().lines().count()).as("one line").isEqualTo(1);
  }

  @Test
  void overLengthOptionsExit2NamingTheOptionItsLengthAndTheLimit() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel())) {
      refused(cli.run("--db", db, "import", "genmo", genmo.toString(), "--set", "s".repeat(250)), "--set: 250 characters, at most 200");
      refused(cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "m".repeat(201), "--pairs", "1"),
          "--model: 201 characters, at most 200");
      refused(cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--from-set", "x".repeat(300)),
          "--from-set: 300 characters, at most 200");
      refused(cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b," + "m".repeat(210), "--set", "genmo"),
          "--models: 210 characters, at most 200");
      refused(cli.run("--db", db, "export", "--format", "csv", "--out", home.resolve("x.csv").toString(), "--environment", "e".repeat(101)),
          "--environment: 101 characters, at most 100");
      refused(cli.run("--db", db, "export", "--format", "csv", "--out", home.resolve("x.csv").toString(), "--reviewer", "r".repeat(201)),
          "--reviewer: 201 characters, at most 200");
      refused(cli.run("--db", db, "review", "reject", "1", "--reason", "because ".repeat(501)), "--reason: 4008 characters, at most 4000");
      assertThat(Files.exists(home.resolve("x.csv"))).isFalse();
      assertStoreEmpty();
    }
  }

  @Test
  void overLengthSeedThemesExit2WithFileLineAndField() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel())) {
      Path themes = home.resolve("themes.jsonl");
      Files.writeString(themes, "{\"id\": \"t1\", \"environment\": \"Work\", \"theme\": \"A colleague takes credit.\"}\n"
          + "{\"id\": \"t2\", \"environment\": \"Work\", \"theme\": \"" + "a long theme ".repeat(400) + "\"}\n");
      refused(cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "1", "--themes", themes.toString()),
          themes + ":2:theme: 5199 characters, at most 4000");
      Files.writeString(themes, "{\"id\": \"t1\", \"environment\": \"" + "E".repeat(130) + "\", \"theme\": \"A colleague takes credit.\"}\n");
      refused(cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "1", "--themes", themes.toString()),
          themes + ":1:environment: 130 characters, at most 100");
      Files.writeString(themes, "{\"id\": \"" + "i".repeat(201) + "\", \"environment\": \"Work\", \"theme\": \"A colleague takes credit.\"}\n");
      refused(cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "1", "--themes", themes.toString()),
          themes + ":1:id: 201 characters, at most 200");
      assertThat(ollama.chatCount()).isZero();
      assertStoreEmpty();
    }
  }

  private void assertStoreEmpty() {
    try (Database d = Database.open(Path.of(db))) {
      for (String table : new String[] {"pair_set", "generation_run", "theme", "audit_run", "story_pair"}) {
        String n = d.read(c -> {
          try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getString(1);
          }
        });
        assertThat(n).as("nothing written to " + table).isEqualTo("0");
      }
    }
  }
}
