package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.ChildJvm;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kind 8, "committed work was lost once": a child commits rows as fast as it can, printing each after its
 * commit returned, and is killed with SIGKILL at a random moment; every printed row must be in the database.
 * Three roles: the committer serves the database itself; it is a client of another process that serves it
 * (both killed); the serving process is killed under the committing client. A fourth case shows the harness
 * can fail: with H2's default write delay (500 ms) it finds lost commits.
 * {@code -Devenhand.commitkill.count} (kills per role) and {@code -Devenhand.commitkill.seed} change the run.
 */
class CommitKillTest {
  @TempDir Path dir;

  private enum Role { OWNER, CLIENT, OWNER_KILLED_UNDER_CLIENT }

  /** @return the names printed on complete lines (a line cut by the kill is not a confirmed commit) */
  private static List<String> confirmed(Path out) throws Exception {
    String s = Files.readString(out);
    int end = s.lastIndexOf('\n');
    return end < 0 ? List.of() : s.substring(0, end).lines().toList();
  }

  /** @return how many printed commits are missing from the database after the kills */
  private int killOnce(Role role, int i, Random rnd, String extraUrl, int[] printed) throws Exception {
    Path db = dir.resolve(role + "-" + i + "/evenhand");
    Process holder = null;
    if (role != Role.OWNER) {
      Path hout = dir.resolve(role + "-" + i + ".hold.out");
      holder = ChildJvm.start(dir, hout, dir.resolve(role + "-" + i + ".hold.err"), Committer.class.getName(), "hold", db.toString());
      ChildJvm.await("the serving process opens the database", 60, () -> {
        try {
          return Files.readString(hout).contains("ready");
        } catch (Exception e) {
          return false;
        }
      });
    }
    Path out = dir.resolve(role + "-" + i + ".out");
    String tag = "c" + i;
    Process committer = ChildJvm.start(dir, out, dir.resolve(role + "-" + i + ".err"), Committer.class.getName(), "commit", db.toString(), tag, extraUrl);
    ChildJvm.await("the committer commits its first row", 60, () -> {
      try {
        return !confirmed(out).isEmpty() || !committer.isAlive();
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(committer.isAlive()).as("committer %s %d is running (stderr: %s)", role, i, Files.readString(dir.resolve(role + "-" + i + ".err"))).isTrue();
    committer.waitFor(rnd.nextInt(800), TimeUnit.MILLISECONDS); // a random moment of its commits
    if (role == Role.OWNER_KILLED_UNDER_CLIENT) {
      ChildJvm.kill(holder);
      committer.waitFor(rnd.nextInt(1500), TimeUnit.MILLISECONDS);
      ChildJvm.kill(committer);
    } else {
      ChildJvm.kill(committer);
      if (holder != null) ChildJvm.kill(holder);
    }
    List<String> names = confirmed(out);
    printed[0] += names.size();
    Set<String> stored = new HashSet<>();
    try (Database d = Database.open(db)) {
      stored.addAll(new PairRepository(d).countBySet().keySet());
    }
    List<String> missing = new ArrayList<>(names);
    missing.removeAll(stored);
    return missing.size();
  }

  @Test
  void noCommitAKilledProcessConfirmedIsLost() throws Exception {
    long seed = Long.getLong("evenhand.commitkill.seed", 8L);
    int count = Integer.getInteger("evenhand.commitkill.count", 2);
    Random rnd = new Random(seed);
    StringBuilder totals = new StringBuilder();
    for (Role role : Role.values()) {
      int[] printed = {0};
      int lost = 0;
      for (int i = 0; i < count; i++) lost += killOnce(role, i, rnd, "", printed);
      totals.append(String.format("%s: %d kills, %d confirmed commits, %d lost; ", role, count, printed[0], lost));
      assertThat(lost).as("%s (seed %d): confirmed commits missing after the kills", role, seed).isZero();
    }
    System.out.println("commit kills (seed " + seed + "): " + totals);
  }

  @Test
  void theHarnessFindsLostCommitsWhenH2DelaysWrites() throws Exception {
    Random rnd = new Random(1);
    int[] printed = {0};
    int lost = 0;
    for (int i = 0; i < 3 && lost == 0; i++) lost += killOnce(Role.OWNER, 100 + i, rnd, ";WRITE_DELAY=500", printed);
    System.out.println("with WRITE_DELAY=500: " + lost + " of " + printed[0] + " confirmed commits lost");
    assertThat(lost).as("with H2's default write delay a kill loses the last commits").isPositive();
  }

  /**
   * A database with a history, as a researcher's is: space freed inside the file, closed cleanly, then a committer
   * killed with SIGKILL, reopened, and killed again, round after round on the same file ({@link UsedFileKills}), with
   * commits as fast as they go. With a pause of seconds between commits (a person saving drafts) H2's recovery loses
   * confirmed commits: {@code DurabilityBench} prints how many; see its Javadoc.
   */
  @Test
  void aUsedFileKeepsEveryConfirmedCommitOfAFastCommitterAcrossRepeatedKills() throws Exception {
    long seed = Long.getLong("evenhand.commitkill.seed", 12L);
    UsedFileKills.Result r = UsedFileKills.run(dir.resolve("used"), seed, 6, 0, 200);
    System.out.println("used file, fast commits (seed " + seed + "): " + r);
    assertThat(r.lost()).as("confirmed commits missing after a kill on a used file (seed %d): %s", seed, r).isZero();
  }
}
