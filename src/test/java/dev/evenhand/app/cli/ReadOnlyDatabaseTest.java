package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that cannot be written (kind 10): reading commands and exports work, export says it could not
 * mark the pairs, writing commands say in one line that the database is read-only and why. Tests run as root,
 * for whom permission bits do not stop writes, so the file is made immutable ({@code chattr +i}) and, in a
 * child process, its folder is mounted read-only ({@code unshare -m}); each case is skipped, saying so, where
 * the machine cannot do it.
 */
class ReadOnlyDatabaseTest {
  @TempDir Path home;

  private static boolean run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private String prepare(CliRunner cli) {
    String db = home.resolve("db/evenhand").toString();
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel())) {
      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "3");
      assertThat(r.exit()).as(r.err()).isZero();
    }
    CliRunner.Result a = cli.run("--db", db, "review", "accept", "--all");
    assertThat(a.exit()).as(a.err()).isZero();
    return db;
  }

  @Test
  void anImmutableDatabaseIsReadAndExportedButNotWritten() throws Exception {
    CliRunner cli = new CliRunner(home, Map.of());
    String db = prepare(cli);
    Path file = Path.of(db + ".mv.db");
    assumeTrue(run("chattr", "+i", file.toString()), "chattr +i is not available here: the immutable-file case is skipped");
    try {
      assertThat(Files.isWritable(file)).as("chattr +i makes the file unwritable even for root").isFalse();
      CliRunner.Result stats = cli.run("--db", db, "stats");
      assertThat(stats.exit()).as(stats.err()).isZero();
      CliRunner.Result list = cli.run("--db", db, "review", "list");
      assertThat(list.exit()).as(list.err()).isZero();
      assertThat(list.out()).isNotBlank();
      CliRunner.Result show = cli.run("--db", db, "review", "show", "1");
      assertThat(show.exit()).as(show.err()).isZero();

      Path out = home.resolve("out/dpo.jsonl");
      CliRunner.Result export = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString());
      assertThat(export.exit()).as(export.err()).isZero();
      assertThat(Files.readAllLines(out)).isNotEmpty();
      assertThat(export.err()).contains("could not mark the exported pairs as exported: the database is read-only");
      CliRunner.Result asJson = cli.run("--db", db, "--json", "export", "--format", "trl-dpo", "--out", out.toString());
      assertThat(asJson.exit()).as(asJson.err()).isZero();
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(asJson.out()).path("not_marked").asText())
          .as("a script sees it too").startsWith("could not mark the exported pairs as exported: the database is read-only");

      CliRunner.Result reject = cli.run("--db", db, "review", "reject", "1");
      assertThat(reject.exit()).isEqualTo(2);
      assertThat(reject.err().lines().toList()).hasSize(1);
      assertThat(reject.err()).contains("is read-only (the file cannot be written: Operation not permitted)").contains("this command needs to change it")
          .doesNotContain("AUTO_SERVER").doesNotContain("Exception");
    } finally {
      run("chattr", "-i", file.toString());
    }
    assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()).toList())
        .as("nothing written beside a read-only database").noneMatch(n -> n.endsWith(".lock.db") || n.contains(".evenhand-"));
  }

  @Test
  void aDatabaseOnAReadOnlyFileSystemIsReadButNotWritten() throws Exception {
    CliRunner cli = new CliRunner(home, Map.of());
    String db = prepare(cli);
    Path folder = Path.of(db).getParent();
    assumeTrue(run("unshare", "-m", "sh", "-c", "mount --bind " + folder + " " + folder + " && mount -o remount,ro,bind " + folder + " " + folder),
        "cannot mount a folder read-only here (unshare -m and mount need root): the read-only file system case is skipped");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String mount = "mount --bind " + folder + " " + folder + " && mount -o remount,ro,bind " + folder + " " + folder + " && ";
    for (List<String> c : List.of(List.of("stats"), List.of("review", "reject", "1"))) {
      String cmd = mount + "exec " + java + " -cp '" + cp + "' dev.evenhand.app.Launcher --db " + db + " " + String.join(" ", c);
      ProcessBuilder pb = new ProcessBuilder("unshare", "-m", "sh", "-c", cmd);
      pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
      pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
      Path err = home.resolve("ro.err");
      Process p = pb.redirectError(err.toFile()).redirectOutput(home.resolve("ro.out").toFile()).start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String e = Files.readString(err);
      if (c.get(0).equals("stats")) {
        assertThat(p.exitValue()).as(e).isZero();
      } else {
        assertThat(p.exitValue()).as(e).isEqualTo(2);
        assertThat(e).contains("is read-only (it is on a read-only file system)").doesNotContain("AUTO_SERVER");
      }
    }
  }
}
