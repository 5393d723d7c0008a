package dev.evenhand.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.domain.Draft;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.testing.ChildJvm;
import dev.evenhand.testing.Seeds;
import dev.evenhand.usecase.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A draft survives a SIGKILL of the app (issue 12, point 2): a child JVM types into the Review view
 * model as the GUI does ({@link DraftTyper}), pauses until the draft is in the store, types on, and is
 * killed with SIGKILL mid-edit; the database then opens and holds the draft as it was at the pause.
 */
class DraftKillTest {
  private static final String TEXT = "The main character weighed a child's need against a stranger's loss.";
  @TempDir Path dir;

  private Services open(Path db) {
    return new Services(new AppPaths(dir.resolve("data"), dir.resolve("config")), new Settings("", "ada", 1, Duration.ofSeconds(30), "light"),
        db, List.of("http://127.0.0.1:9"), new RetryPolicy(1, Duration.ofMillis(10), 1));
  }

  @Test
  void aDraftKeptBeforeASigkillIsThereAfterIt() throws Exception {
    Path db = dir.resolve("db/evenhand");
    try (Services s = open(db)) {
      new Seeds(s.pairs(), s.runs()).plain(1, 3);
    }
    Path out = dir.resolve("typer.out");
    Path err = dir.resolve("typer.err");
    Process typer = ChildJvm.start(dir, out, err, DraftTyper.class.getName(), db.toString(), TEXT);
    try {
      ChildJvm.await("the child keeps the draft after its pause", 120, () -> {
        try {
          return Files.readString(out).contains("stored ") || !typer.isAlive();
        } catch (Exception e) {
          return false;
        }
      });
      assertThat(typer.isAlive()).as("the typer is running (stderr: %s)", Files.readString(err)).isTrue();
      long pair = Long.parseLong(Files.readString(out).strip().substring("stored ".length()));
      typer.waitFor(300, java.util.concurrent.TimeUnit.MILLISECONDS); // mid-edit: it types a key every 20 ms
      ChildJvm.kill(typer);
      assertThat(typer.exitValue()).as("killed, not ended").isNotZero();

      try (Services s = open(db)) {
        Optional<Draft> d = s.reviews().draft(pair, "ada");
        assertThat(d).as("the draft kept at the pause").isPresent();
        assertThat(d.get().text().male()).isEqualTo(TEXT);
        assertThat(d.get().reviewer()).isEqualTo("ada");
        assertThat(s.reviews().history(pair)).as("nothing was accepted").isEmpty();
        assertThat(s.reviews().draftPairs("ada")).containsExactly(pair);
      }
    } finally {
      if (typer.isAlive()) ChildJvm.kill(typer);
    }
  }
}
