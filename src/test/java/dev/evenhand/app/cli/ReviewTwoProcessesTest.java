package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.app.AppPaths;
import dev.evenhand.domain.Review;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.ChildCli;
import dev.evenhand.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two reviewers' CLIs, each in its own JVM, deciding one pair on one H2 file (AUTO_SERVER) on the same version
 * (issue 15, point 3): exactly one changes the pair; the other exits 2 naming who decided, and both decisions are in
 * the history.
 */
class ReviewTwoProcessesTest {
  @TempDir Path dir;

  private static Path home(Path dir, String reviewer) throws Exception {
    Path home = dir.resolve(reviewer);
    // the child reads XDG_DATA_HOME and XDG_CONFIG_HOME (ChildJvm), under which the app keeps an evenhand folder
    AppPaths paths = new AppPaths(home.resolve("data").resolve("evenhand"), home.resolve("config").resolve("evenhand"));
    Files.createDirectories(paths.settingsFile().getParent());
    Files.writeString(paths.settingsFile(), "reviewer=" + reviewer + "\n");
    return home;
  }

  @Test
  void twoCliProcessesOnOneVersionNeverOverwriteEachOtherSilently() throws Exception {
    Path db = dir.resolve("db/evenhand");
    long id;
    try (Database d = Database.open(db)) {
      new Seeds(new PairRepository(d), new RunRepository(d)).plain(1, 1);
      id = new PairRepository(d).ids(dev.evenhand.store.PairQuery.ALL).get(0);
    }
    Path ada = home(dir, "ada");
    Path bob = home(dir, "bob");
    Process a = ChildCli.start(ada, dir.resolve("a.out"), dir.resolve("a.err"), "--db", db.toString(), "review", "reject", String.valueOf(id),
        "--on-version", "0", "--reason", "ada's reason");
    Process b = ChildCli.start(bob, dir.resolve("b.out"), dir.resolve("b.err"), "--db", db.toString(), "review", "edit", String.valueOf(id),
        "--male", "Bob's neutral text.", "--female", "Bob's neutral text.", "--on-version", "0");
    assertThat(a.waitFor(180, TimeUnit.SECONDS)).as("ada's CLI ends").isTrue();
    assertThat(b.waitFor(180, TimeUnit.SECONDS)).as("bob's CLI ends").isTrue();
    String aErr = Files.readString(dir.resolve("a.err"));
    String bErr = Files.readString(dir.resolve("b.err"));
    assertThat(List.of(a.exitValue(), b.exitValue())).as("ada: %s / bob: %s", aErr, bErr).containsExactlyInAnyOrder(0, 2);
    boolean adaWon = a.exitValue() == 0;
    String loserErr = adaWon ? bErr : aErr;
    assertThat(loserErr).contains("pair " + id + " was decided meanwhile: " + (adaWon ? "ada rejected it at " : "bob accepted it with edits at "))
        .contains("did not change the pair");
    try (Database d = Database.open(db)) {
      List<Review> h = new ReviewRepository(d).history(id);
      assertThat(h).extracting(Review::reviewer).as("both decisions kept").containsExactly(adaWon ? "ada" : "bob", adaWon ? "bob" : "ada");
      assertThat(h.get(1).before()).as("the second changed nothing").isEqualTo(h.get(1).after());
      assertThat(new PairRepository(d).find(id).orElseThrow().status().label()).isEqualTo(adaWon ? "rejected" : "accepted");
    }
  }
}
