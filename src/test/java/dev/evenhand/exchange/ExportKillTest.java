package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL during {@code export}: the temporary it leaves is removed by the next export, never one a live process writes. */
class ExportKillTest {
  private static final int PAIRS = 600;
  @TempDir Path home;

  /** Stores {@value #PAIRS} accepted pairs with stories of about 10,000 characters, so an export takes a while. */
  private static void seed(Path db) {
    try (Database d = Database.open(db)) {
      String story = "walked the long road home and thought about the wallet in the pocket. ".repeat(140);
      new Seeds(new PairRepository(d), new RunRepository(d)).pair("Tom", "Tom " + story, "Ann", "Ann " + story, "Work", Stance.MORAL, "Fine.",
          Stance.IMMORAL, "Wrong.", "Keeping it was wrong.", "Keeping it was wrong.");
      d.inTransaction(c -> {
        try (var st = c.createStatement()) {
          st.executeUpdate("INSERT INTO story_pair(set_id, environment, rouge1, identical, stage, divergent, model_tag, status, flagged, created_at) "
              + "SELECT set_id, environment, rouge1, identical, stage, divergent, model_tag, status, flagged, created_at "
              + "FROM story_pair, SYSTEM_RANGE(2, " + PAIRS + ") WHERE id = 1");
          st.executeUpdate("INSERT INTO story(pair_id, gender, name, text) SELECT p.id, s.gender, s.name, s.text || ' ' || p.id "
              + "FROM story_pair p JOIN story s ON s.pair_id = 1 WHERE p.id > 1");
          st.executeUpdate("INSERT INTO judgment(story_id, model_tag, template_id, template_version, stance, explanation, created_at) "
              + "SELECT s.id, j.model_tag, j.template_id, j.template_version, j.stance, j.explanation, j.created_at FROM story s "
              + "JOIN story s1 ON s1.pair_id = 1 AND s1.gender = s.gender JOIN judgment j ON j.story_id = s1.id WHERE s.pair_id > 1");
          st.executeUpdate("INSERT INTO balanced_judgment(pair_id, gender, proposed_text, text, updated_at) "
              + "SELECT p.id, b.gender, b.proposed_text, b.text, b.updated_at FROM story_pair p JOIN balanced_judgment b ON b.pair_id = 1 WHERE p.id > 1");
          st.executeUpdate("UPDATE story_pair SET status = 'accepted', queue_key = id");
        }
        return null;
      });
    }
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aKilledExportLeavesATemporaryThatTheNextExportRemovesAndATemporaryOfALiveProcessStays() throws Exception {
    Path db = home.resolve("db/evenhand");
    seed(db);
    Path folder = home.resolve("out");
    Path out = folder.resolve("dpo.jsonl");
    Files.createDirectories(folder);
    // being written by a live process (this one): never touched
    Path live = folder.resolve(".other.jsonl.evenhand-" + ProcessHandle.current().pid() + "-" + AtomicFile.HOST + "-7.partial");
    Files.writeString(live, "still being written");

    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
        "dev.evenhand.app.Launcher", "--db", db.toString(), "export", "--format", "trl-dpo", "--out", out.toString())
        .redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile());
    pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    Process child = pb.start();
    Optional<Path> partial = Optional.empty();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (child.isAlive() && System.nanoTime() < deadline) {
      try (Stream<Path> s = Files.list(folder)) {
        partial = s.filter(p -> p.getFileName().toString().startsWith(".dpo.jsonl.") && p.getFileName().toString().endsWith(".partial")
            && p.toFile().length() > 0).findFirst();
      }
      if (partial.isPresent()) break;
      Thread.onSpinWait();
    }
    assertThat(partial).as("the child never started writing its data file: " + Files.readString(home.resolve("child.log"))).isPresent();
    child.destroyForcibly();
    assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed mid-export, not finished: " + Files.readString(home.resolve("child.log"))).isEqualTo(137);
    assertThat(partial.get()).as("SIGKILL leaves the temporary behind").exists();
    assertThat(out).as("nothing under the final name").doesNotExist();

    CliRunner.Result again = new CliRunner(home, Map.of()).run("--db", db.toString(), "export", "--format", "trl-dpo", "--out", out.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(names(folder)).containsExactly(".manifests", live.getFileName().toString(), "dpo.jsonl");
    assertThat(names(folder.resolve(".manifests"))).containsExactly("dpo.jsonl.manifest.json");
    try (Stream<String> lines = Files.lines(out)) {
      assertThat(lines.count()).isEqualTo(2L * PAIRS);
    }
  }
}
