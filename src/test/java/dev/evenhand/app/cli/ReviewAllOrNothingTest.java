package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review actions on several pairs are all or nothing, and a reviewer name that a backup could not carry
 * back in is refused before it is stored (breaker findings of issue 10).
 */
class ReviewAllOrNothingTest {
  @TempDir Path home;

  private long queuePair(String db) {
    try (Database d = Database.open(Path.of(db))) {
      return new Seeds(new PairRepository(d), new RunRepository(d)).pair("Tom", "Tom kept the wallet.", "Ann", "Ann kept the wallet.", "Work",
          Stance.MORAL, "He needed it.", Stance.IMMORAL, "She stole it.", "The main character weighed need.", "The main character weighed need.");
    }
  }

  @Test
  void acceptingAQueuedPairWithOneOutsideTheQueueChangesNothing() {
    String db = home.resolve("db/evenhand").toString();
    long queued = queuePair(db);
    CliRunner cli = new CliRunner(home, Map.of());
    assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString(), "--set", "fx").exit()).isZero();
    long imported = queued + 1; // imported GenMO pairs are not in the review queue until curated
    CliRunner.Result r = cli.run("--db", db, "review", "accept", String.valueOf(queued), String.valueOf(imported));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("no pair " + imported + " in the review queue").contains("nothing was changed");
    assertThat(cli.run("--db", db, "review", "show", String.valueOf(queued)).out()).as("the queued pair is still pending").contains("[pending]");
    assertThat(cli.run("--db", db, "review", "reject", String.valueOf(queued), "999999").exit()).isEqualTo(2);
    assertThat(cli.run("--db", db, "review", "show", String.valueOf(queued)).out()).contains("[pending]");
  }

  @Test
  void aReviewerNameWithANulOrALoneSurrogateIsRefusedBeforeAnythingIsStored() throws Exception {
    String db = home.resolve("db/evenhand").toString();
    long queued = queuePair(db);
    CliRunner cli = new CliRunner(home, Map.of());
    Files.createDirectories(cli.paths().configDir());
    Files.writeString(cli.paths().settingsFile(), "reviewer=\\u0000nul\n");
    CliRunner.Result r = cli.run("--db", db, "review", "accept", String.valueOf(queued));
    assertThat(r.exit()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).contains("reviewer").contains("NUL");
    Files.writeString(cli.paths().settingsFile(), "reviewer=bob\\ud800x\n");
    r = cli.run("--db", db, "review", "accept", String.valueOf(queued));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("reviewer").contains("surrogate");
    Files.writeString(cli.paths().settingsFile(), "reviewer=ada\n");
    assertThat(cli.run("--db", db, "review", "show", String.valueOf(queued)).out()).contains("[pending]");
  }
}
