package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.ChildJvm;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one database (the README's promise that the GUI and the CLI can share it): rounds
 * of {@code generate}, {@code review accept}, {@code export}, {@code review list} and {@code import} started together as
 * separate JVMs (3 rounds in {@code mvn verify}; {@code -Devenhand.concurrent.rounds=10} for ten). Every one exits 0; the only line any of them may print on stderr besides generate's
 * progress is the clear "waiting for the database" notice.
 */
class ConcurrentProcessesTest {
  @TempDir Path home;

  /** @return the {@code --db} of the test: an H2 file (a PostgreSQL database in {@link ConcurrentProcessesOnPostgresTest}) */
  String database() { return home.resolve("db/evenhand").toString(); }

  /** @return how many rounds of processes run side by side */
  int rounds() { return Integer.getInteger("evenhand.concurrent.rounds", 3); }

  @Test
  void generateReviewExportAndListSideBySideAllSucceed() throws Exception {
    int rounds = rounds();
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel()).latency(Duration.ofMillis(20))) {
      String db = database();
      CliRunner cli = new CliRunner(home, Map.of());
      CliRunner.Result first = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "3");
      assertThat(first.exit()).as(first.err()).isZero();

      Map<String, Integer> waited = new LinkedHashMap<>();
      List<String> failures = new ArrayList<>();
      int processes = 0;
      for (int r = 0; r < rounds; r++) {
        Map<String, String[]> commands = new LinkedHashMap<>();
        commands.put("generate", new String[] {"--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "2"});
        commands.put("review accept", new String[] {"--db", db, "review", "accept", "--all"});
        // --status all: the accept runs side by side, and an export that matches nothing is refused (exit 3, issue 13)
        commands.put("export", new String[] {"--db", db, "export", "--format", "trl-dpo", "--status", "all", "--out", home.resolve("out/r" + r + ".jsonl").toString()});
        commands.put("review list", new String[] {"--db", db, "review", "list"});
        // an import is one transaction that must not run twice: it has to survive the serving process exiting
        commands.put("import", new String[] {"--db", db, "import", "genmo", dev.evenhand.testing.Genmo.fixture().toString(), "--set", "imp-r" + r});
        Map<String, Process> running = new LinkedHashMap<>();
        long roundStart = System.nanoTime();
        for (var e : commands.entrySet()) {
          String tag = "r" + r + "-" + e.getKey().replace(' ', '-');
          running.put(e.getKey(), ChildJvm.start(home, home.resolve(tag + ".out"), home.resolve(tag + ".err"), "dev.evenhand.app.Launcher", e.getValue()));
        }
        for (var e : running.entrySet()) {
          Process p = e.getValue();
          String tag = "r" + r + "-" + e.getKey().replace(' ', '-');
          if (!p.waitFor(180, TimeUnit.SECONDS)) {
            // seen once in a bare `mvn -B verify` (an export, serving the file, never ended; the others waited 60 s
            // on its refused port): say where it stands before it is killed, the temporary folder goes with the test
            System.out.printf("round %d %s did not end within 180 s; its threads:%n%s%nits stderr:%n%s%n", r, e.getKey(), threads(p),
                Files.readString(home.resolve(tag + ".err")));
            running.values().forEach(Process::destroyForcibly);
          }
          assertThat(p.isAlive()).as("round %d: %s ends within 180 s", r, e.getKey()).isFalse();
          processes++;
          String err = Files.readString(home.resolve(tag + ".err"));
          List<String> problems = err.lines().filter(l -> l.startsWith("evenhand:") && !l.startsWith("evenhand: waiting for the database")).toList();
          if (err.contains("evenhand: waiting for the database")) waited.merge(e.getKey(), 1, Integer::sum);
          if (Boolean.getBoolean("evenhand.concurrent.verbose")) {
            System.out.printf("round %d %s: exit %d after %d ms; %s%n", r, e.getKey(), p.exitValue(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStart), err.lines().filter(l -> l.startsWith("evenhand:")).toList());
          }
          if (p.exitValue() != 0 || !problems.isEmpty()) {
            failures.add("round " + r + ": " + e.getKey() + " exit " + p.exitValue() + ": " + problems);
            Path log = home.resolve("data/evenhand/logs/evenhand.log");
            if (Files.exists(log)) {
              // the stack of the failure is in the log the message points to; the temporary folder goes with the test
              System.out.printf("round %d %s failed; the log's warnings and errors:%n%s%n", r, e.getKey(), Files.readAllLines(log).stream()
                  .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.startsWith("\t") || l.contains("Exception")).limit(200)
                  .collect(java.util.stream.Collectors.joining("\n")));
            }
          }
        }
      }
      System.out.printf("concurrent processes: %d rounds, %d processes, %d failures, waited (with the notice, then succeeded): %s%n",
          rounds, processes, failures.size(), waited);
      assertThat(failures).as("commands that failed side by side").isEmpty();
      CliRunner.Result stats = cli.run("--db", db, "stats");
      assertThat(stats.exit()).as(stats.err()).isZero();
    }
  }

  /** @return the thread dump of a child JVM ({@code jcmd PID Thread.print}), or why there is none */
  private static String threads(Process p) {
    try {
      Process jcmd = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(p.pid()),
          "Thread.print").redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return jcmd.waitFor(30, TimeUnit.SECONDS) ? out : out + "\n(jcmd did not end within 30 s)";
    } catch (java.io.IOException | InterruptedException ex) {
      return "no thread dump: " + ex;
    }
  }
}
