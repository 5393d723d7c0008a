package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.store.Database;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run a live process is generating cannot be deleted under it (breaker finding of issue 10). */
class DeleteWhileGeneratingTest {
  @TempDir Path home;

  @Test
  void deletingARunOrItsSetWhileItIsGeneratedIsRefusedNamingTheOwnerAndWorksOnceReleased() {
    String db = home.resolve("db/evenhand").toString();
    long runId;
    try (Database d = Database.open(Path.of(db))) {
      RunRepository runs = new RunRepository(d);
      GenerationRun run = runs.create("llama3.1:8b", "default", 3, 15, false, "{}");
      runId = run.id();
      assertThat(runs.acquire(runId, "lab-pc:4242", Duration.ofSeconds(60), o -> true)).isEmpty();
    }
    CliRunner cli = new CliRunner(home, Map.of());
    CliRunner.Result r = cli.run("--db", db, "delete", "run", String.valueOf(runId), "--yes");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("is being generated").contains("lab-pc:4242");
    String set = cli.run("--db", db, "stats", "--json").out().replaceAll("(?s).*\"sets\":\\{\"([^\"]+)\".*", "$1");
    r = cli.run("--db", db, "delete", "set", set, "--yes");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("is being generated");
    try (Database d = Database.open(Path.of(db))) {
      new RunRepository(d).release(runId, "lab-pc:4242");
    }
    r = cli.run("--db", db, "delete", "run", String.valueOf(runId), "--yes");
    assertThat(r.exit()).as(r.err()).isZero();
  }
}
