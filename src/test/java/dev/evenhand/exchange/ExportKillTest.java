package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.ChildJvm;
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

/**
 * SIGKILL during {@code export}: the temporary it leaves is removed by the next export, never one a live process writes;
 * and killed at random moments, an export marks every pair it wrote as exported or none (V24, {@link
 * dev.evenhand.store.ExportRun}).
 */
class ExportKillTest {
  private static final int PAIRS = 600;
  @TempDir Path home;

  /** Stores {@value #PAIRS} accepted pairs with stories of about 10,000 characters, so an export takes a while. */
  private static void seed(Path db) { seed(db, PAIRS, 140); }

  /** Stores {@code pairs} accepted pairs with stories of about {@code 70 * repeat} characters. */
  private static void seed(Path db, int pairs, int repeat) {
    try (Database d = Database.open(db)) {
      String story = "walked the long road home and thought about the wallet in the pocket. ".repeat(repeat);
      new Seeds(new PairRepository(d), new RunRepository(d)).pair("Tom", "Tom " + story, "Ann", "Ann " + story, "Work", Stance.MORAL, "Fine.",
          Stance.IMMORAL, "Wrong.", "Keeping it was wrong.", "Keeping it was wrong.");
      d.inTransaction(c -> {
        try (var st = c.createStatement()) {
          st.executeUpdate("INSERT INTO story_pair(set_id, environment, rouge1, identical, stage, divergent, model_tag, status, flagged, created_at) "
              + "SELECT set_id, environment, rouge1, identical, stage, divergent, model_tag, status, flagged, created_at "
              + "FROM story_pair, SYSTEM_RANGE(2, " + pairs + ") WHERE id = 1");
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

  @Test
  void ctrlCDuringAnExportCancelsItAndLeavesNothingBehind() throws Exception {
    Path db = home.resolve("db/evenhand");
    seed(db);
    Path out = home.resolve("fresh/deeper/dpo.jsonl");
    Path log = home.resolve("cancelled.log");
    Process child = exportChild(db, out, log);
    writing(child, out);
    child.destroy(); // SIGTERM, handled as Ctrl+C (SIGINT) is
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the cancelled export ends").isTrue();
    String said = Files.readString(log) + Files.readString(home.resolve(log.getFileName() + ".err"));
    assertThat(child.exitValue()).as(said).isEqualTo(3);
    assertThat(said).contains("cancelling the export").contains("export cancelled: nothing was written");
    assertThat(home.resolve("fresh")).as("not even the folders it made: " + said).doesNotExist();
    try (Database d = Database.open(db)) {
      long left = BatchedImportTest.scalar(d, "SELECT (SELECT COUNT(*) FROM export_run) + (SELECT COUNT(*) FROM export_mark)");
      assertThat(left).as("the cancelled export's run and marks are gone").isZero();
    }
  }

  /**
   * The crash harness of the export marks: 6,000 pairs exported by a child {@code export} killed at a random moment
   * after it starts writing its file (up to 1.2 times what one export that is not killed takes from there), six times. After each kill, the next open removes the killed run's
   * marks, and every mark left belongs to a finished run that marked all 6,000 pairs: a kill while the marks are being
   * written, or after the file is in place but before the run is finished, leaves no pair marked by that export.
   */
  @Test
  void killedAtRandomMomentsAnExportMarksEveryPairItWroteOrNone() throws Exception {
    int pairs = 6000;
    Path db = home.resolve("db/evenhand");
    seed(db, pairs, 2);
    Path out = home.resolve("out/dpo.jsonl");
    long seed = System.nanoTime();
    java.util.Random rnd = new java.util.Random(seed);
    Process whole = exportChild(db, out, home.resolve("whole.log"));
    long t0 = writing(whole, out);
    assertThat(whole.waitFor(120, TimeUnit.SECONDS)).as("an export of %d pairs ends within 120 s", pairs).isTrue();
    assertThat(whole.exitValue()).as(Files.readString(home.resolve("whole.log"))).isZero();
    // from the first bytes of the data file to the end: writing, marking, the manifest, the run's finish
    long tailMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    int killed = 0;
    for (int i = 0; i < 6; i++) {
      Path log = home.resolve("kill-" + i + ".log");
      Process child = exportChild(db, out, log);
      writing(child, out);
      long at = (long) (tailMs * 1.2 * rnd.nextDouble());
      if (child.waitFor(at, TimeUnit.MILLISECONDS)) {
        assertThat(child.exitValue()).as(Files.readString(log)).isZero();
      } else {
        ChildJvm.kill(child);
        killed++;
      }
      try (Database d = Database.open(db)) {
        List<long[]> runs = d.read(c -> {
          List<long[]> r = new java.util.ArrayList<>();
          try (var rs = c.createStatement().executeQuery("SELECT r.id, CASE WHEN r.finished_at IS NULL THEN 0 ELSE 1 END, "
              + "(SELECT COALESCE(SUM(m.last_id - m.first_id + 1), 0) FROM export_mark m WHERE m.run_id = r.id) FROM export_run r ORDER BY r.id")) {
            while (rs.next()) r.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
          }
          return r;
        });
        long orphans = BatchedImportTest.scalar(d, "SELECT COUNT(*) FROM export_mark m WHERE NOT EXISTS (SELECT 1 FROM export_run r WHERE r.id = m.run_id)");
        String what = "after kill " + i + " at " + at + " ms of an export writing for " + tailMs + " ms (seed " + seed + "): ";
        assertThat(orphans).as(what + "marks of no run").isZero();
        for (long[] r : runs) {
          assertThat(r[1]).as(what + "run %d is finished (the killed one's marks are removed on open)", r[0]).isEqualTo(1);
          assertThat(r[2]).as(what + "marks of finished run %d", r[0]).isEqualTo(pairs);
        }
      }
    }
    System.out.printf("ExportKillTest: %d of 6 exports killed at random moments of %d ms of writing (seed %d)%n", killed, tailMs, seed);
    assertThat(killed).as("exports killed before they ended (seed %d)", seed).isPositive();
  }

  /**
   * The process serving the database (H2 AUTO_SERVER: the first to open it) exits under an export, three times: another
   * export that ends, or one killed, at a random moment. The export either succeeds, with a manifest that describes its file and its
   * pairs marked (or a line saying why not), or fails with a clear message and leaves the earlier file and manifest as
   * they were (the breaker of session eleven saw the file replaced, the old manifest gone and no new one, exit 1).
   */
  @Test
  void whenTheServingProcessExitsUnderAnExportTheEarlierFilesStayOrTheNewOnesAreWholeAndMarked() throws Exception {
    int pairs = 6000;
    Path db = home.resolve("db/evenhand");
    seed(db, pairs, 2);
    Path out = home.resolve("mine/dpo.jsonl");
    CliRunner cli = new CliRunner(home, Map.of());
    CliRunner.Result first = cli.run("--db", db.toString(), "export", "--format", "trl-dpo", "--out", out.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    Path manifest = out.resolveSibling(".manifests/dpo.jsonl.manifest.json");
    long seed = System.nanoTime();
    java.util.Random rnd = new java.util.Random(seed);
    int failed = 0;
    int rounds = 3;
    for (int i = 0; i < rounds; i++) {
      byte[] earlier = Files.readAllBytes(out);
      byte[] earlierManifest = Files.readAllBytes(manifest);
      Path log = home.resolve("server-" + i + ".log");
      Process server = exportChild(db, home.resolve("theirs/dpo.jsonl"), log);
      writing(server, home.resolve("theirs/dpo.jsonl"));
      boolean kill = rnd.nextBoolean();
      long at = rnd.nextInt(1500);
      Thread killer = new Thread(() -> {
        try {
          if (kill && !server.waitFor(at, TimeUnit.MILLISECONDS)) ChildJvm.kill(server);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      killer.start();
      CliRunner.Result mine = cli.run("--db", db.toString(), "export", "--format", "trl-dpo", "--out", out.toString());
      killer.join();
      assertThat(server.waitFor(120, TimeUnit.SECONDS)).as("the serving export ends").isTrue();
      String what = "round " + i + (kill ? ", serving export killed at " + at + " ms" : ", serving export ran to its end") + " (seed " + seed + "): "
          + mine.err() + "; serving export: " + Files.readString(log);
      assertThat(mine.err()).as(what).doesNotContain("IO Exception").doesNotContain("internal error");
      if (mine.exit() == 0) {
        com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile());
        assertThat(m.path("sha256").asText()).as(what + "the manifest describes the new file").isEqualTo(sha256(out));
        if (!mine.err().contains("could not mark the exported pairs")) {
          long marked = marks(db);
          assertThat(marked).as(what + "the export's pairs marked").isEqualTo(pairs);
        }
      } else {
        failed++;
        assertThat(Files.readAllBytes(out)).as(what + "the earlier file is untouched").isEqualTo(earlier);
        assertThat(Files.readAllBytes(manifest)).as(what + "the earlier manifest is untouched").isEqualTo(earlierManifest);
      }
    }
    System.out.printf("ExportKillTest: %d of %d exports failed while the serving process exited (seed %d)%n", failed, rounds, seed);
  }

  private static String sha256(Path f) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  /** @return the marks of this process's latest finished export run */
  private static long marks(Path db) {
    try (Database d = Database.open(db)) {
      return BatchedImportTest.scalar(d, "SELECT COALESCE(SUM(m.last_id - m.first_id + 1), 0) FROM export_mark m WHERE m.run_id = "
          + "(SELECT MAX(id) FROM export_run WHERE finished_at IS NOT NULL AND owner LIKE '%:" + ProcessHandle.current().pid() + "')");
    }
  }

  /** Waits until the child has started writing its data file; @return the time it was seen ({@link System#nanoTime}) */
  private static long writing(Process child, Path out) throws Exception {
    Path folder = out.getParent();
    String prefix = "." + out.getFileName() + ".";
    ChildJvm.await("the child export starts writing " + out, 60, () -> {
      if (!child.isAlive()) return true;
      try (Stream<Path> s = Files.exists(folder) ? Files.list(folder) : Stream.empty()) {
        return s.anyMatch(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".partial"));
      } catch (java.io.IOException e) {
        return false; // the temporary went away while listed: look again
      }
    });
    return System.nanoTime();
  }

  private Process exportChild(Path db, Path out, Path log) throws java.io.IOException {
    return ChildJvm.start(home, log, home.resolve(log.getFileName() + ".err"), "dev.evenhand.app.Launcher", "--db", db.toString(), "export",
        "--format", "trl-dpo", "--out", out.toString());
  }
}
