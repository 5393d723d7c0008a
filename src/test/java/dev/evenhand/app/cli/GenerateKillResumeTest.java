package dev.evenhand.app.cli;

import dev.evenhand.domain.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.ChildJvm;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during {@code generate}, then {@code generate --resume}: N pairs in all, none twice, each complete. The same
 * tests run on a PostgreSQL server in {@link GenerateKillResumeOnPostgresTest}.
 */
class GenerateKillResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  /** @return the {@code --db} of a test: an H2 file under the test folder (a new PostgreSQL database in the subclass) */
  String database(String name) { return home.resolve(name).toString(); }

  @Test
  void aKilledRunResumesToItsTargetWithNoPairStoredTwice() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel()).latency(Duration.ofMillis(60))) {
      String db = database("db/evenhand");
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
          "dev.evenhand.app.Launcher", "--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "6")
          .redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile());
      pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
      pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
      Process child = pb.start();
      // 11 calls: two pairs done (3 + 3 calls + a consistent one's 3) and the next one mid-way
      ChildJvm.await("the child makes 11 calls", 60, () -> ollama.chatCount() >= 11 || !child.isAlive());
      assertThat(child.isAlive()).as("the child must still be generating when it is killed").isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isEqualTo(137);

      int storedBefore;
      try (Database d = Database.open(Path.of(db))) {
        storedBefore = new PairRepository(d).completeCount(1);
        assertThat(new RunRepository(d).find(1).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
      }
      assertThat(storedBefore).isBetween(1, 5);

      CliRunner cli = new CliRunner(home, Map.of());
      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--resume", "--json");
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode summary = JSON.readTree(r.out());
      assertThat(summary.get("run_id").asInt()).isEqualTo(1);
      assertThat(summary.get("stored").asInt()).isEqualTo(6);

      try (Database d = Database.open(Path.of(db))) {
        List<CuratedPair> pairs = new ArrayList<>();
        new PairRepository(d).forEach(PairQuery.ALL, pairs::add);
        assertThat(pairs).hasSize(6).allSatisfy(p -> {
          assertThat(p.maleJudgment()).isPresent();
          assertThat(p.femaleJudgment()).isPresent();
          assertThat(p.balanced()).isPresent();
        });
        Set<String> stories = new HashSet<>();
        for (CuratedPair p : pairs) stories.add(p.pair().male().text());
        assertThat(stories).as("no story pair stored twice").hasSize(6);
        assertThat(new RunRepository(d).find(1).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        long judgmentsPerStory = d.read(c -> {
          try (var st = c.createStatement(); var rs = st.executeQuery(
              "SELECT MAX(n) FROM (SELECT story_id, COUNT(*) n FROM judgment GROUP BY story_id) t")) {
            rs.next();
            return rs.getLong(1);
          }
        });
        assertThat(judgmentsPerStory).as("no judgment made twice").isEqualTo(1);
      }
      // nothing to resume now: exit 0
      assertThat(cli.run("--db", db, "generate", "--resume").exit()).isZero();
    }
  }

  @Test
  void ctrlCStopsAfterTheCallsInFlightPrintsTheSummaryAndLosesNothing() throws Exception {
    // the fake holds every call after the 12th until the signal was handled, so the run cannot finish first on a slow machine
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel()).latency(Duration.ofMillis(300)).holdAfter(12)) {
      String db = database("int/evenhand");
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
          "dev.evenhand.app.Launcher", "--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "20",
          "--parallel", "4", "--json").redirectOutput(home.resolve("int.out").toFile()).redirectError(home.resolve("int.err").toFile());
      pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
      pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
      Process child = pb.start();
      ChildJvm.await("the child makes 12 calls", 60, () -> ollama.chatCount() >= 12 || !child.isAlive());
      new ProcessBuilder("kill", "-" + stopSignal(), Long.toString(child.pid())).start().waitFor();
      ChildJvm.await("the child says it is cancelling after the calls in flight", 60,
          () -> textOf(home.resolve("int.err")).contains("cancelling after the calls in flight") || !child.isAlive());
      ollama.release();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String err = java.nio.file.Files.readString(home.resolve("int.err"));
      assertThat(child.exitValue()).as(err).isEqualTo(3);
      JsonNode summary = JSON.readTree(home.resolve("int.out").toFile());
      assertThat(summary.get("failed").has("dropped_connection")).as("calls in flight were let finish, not cut off").isFalse();
      assertThat(err).contains("resume with").doesNotContain("database error");
      assertThat(summary.get("stored").asInt()).isLessThan(20);
      CliRunner cli = new CliRunner(home, Map.of());
      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--resume", "--json");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(JSON.readTree(r.out()).get("stored").asInt()).isEqualTo(20);
    }
  }

  @Test
  void aRunStoppedByOllamaGoingAwaySaysHowToGoOn() throws Exception {
    FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel()).latency(Duration.ofMillis(100));
    Thread closer = new Thread(() -> {
      try {
        ChildJvm.await("the run makes six calls", 60, () -> ollama.chatCount() >= 6);
      } catch (Exception e) {
        // closed below all the same
      }
      ollama.close(); // Ollama goes away mid-run
    });
    closer.start();
    String db = database("gone/evenhand");
    CliRunner.Result r = new CliRunner(home, Map.of()).run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b",
        "--pairs", "20", "--max-pause", "0");
    closer.join(60_000);
    assertThat(r.exit()).as(r.err()).isEqualTo(4);
    assertThat(r.err()).as("the run stays resumable, and the user is told how").containsPattern("run (\\d+) stopped; the pairs it stored are kept: "
        + "once Ollama answers, go on with `evenhand generate --resume --run \\1`");
  }

  static String pathSep() { return File.pathSeparator; }

  private static String textOf(Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * SIGINT (Ctrl+C), or SIGTERM when this test runs with SIGINT ignored: a shell without job control starts
   * background jobs so, the child inherits it, and the JVM then installs no handler for it (HotSpot leaves
   * an ignored shutdown signal ignored). The child treats both signals the same way (CancelOnSignal).
   */
  private static String stopSignal() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) return (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0 ? "TERM" : "INT";
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // no /proc: assume Ctrl+C reaches the child
    }
    return "INT";
  }
}
