package dev.evenhand.store;

import dev.evenhand.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Kills on a used database file: space is freed inside the file (a large table written and dropped) and the file is
 * closed cleanly; then, round after round on the same file, a {@link Committer} child commits rows, is killed with
 * SIGKILL at a random moment, and the file is opened again to check that every commit the child confirmed is there.
 * Used by {@code CommitKillTest} (fast commits) and {@code DurabilityBench} (commits seconds apart).
 */
public final class UsedFileKills {
  private UsedFileKills() {}

  /**
   * @param confirmed commits the children confirmed, in all rounds
   * @param lost      confirmed commits missing after the round that first lost any (0: none lost)
   * @param round     that round, or -1
   * @param example   a few of the missing commits' names
   */
  public record Result(int confirmed, int lost, int round, List<String> example) {}

  /**
   * @param dir     a fresh folder
   * @param seed    the seed of the kill moments
   * @param rounds  how many kill rounds
   * @param pauseMs the pause after each commit in odd rounds (even rounds commit as fast as they go, killed after
   *                0.2 to 1.7 s); 0 makes every round fast
   * @param liveMs  how long an odd round's committer runs before its kill, plus up to 1.5 s at random
   * @return what was confirmed and lost; stops at the first round that lost a commit
   * @throws Exception when a child cannot be started or the file cannot be read
   */
  public static Result run(Path dir, long seed, int rounds, long pauseMs, long liveMs) throws Exception {
    Random rnd = new Random(seed);
    Path db = dir.resolve("evenhand");
    try (Database d = Database.open(db)) {
      d.inTransaction(c -> {
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("CREATE TABLE filler AS SELECT X, SPACE(2000) AS PAD FROM SYSTEM_RANGE(1, 4000)");
        }
        return null;
      });
      d.inTransaction(c -> {
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("DROP TABLE filler");
        }
        return null;
      });
    }
    List<String> every = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      Path out = dir.resolve("round-" + i + ".out");
      Path err = dir.resolve("round-" + i + ".err");
      boolean slow = i % 2 == 1 && pauseMs > 0;
      Process committer = ChildJvm.start(dir, out, err, Committer.class.getName(), "commit", db.toString(), "u" + i, "",
          String.valueOf(slow ? pauseMs : 0));
      ChildJvm.await("the committer commits its first row", 60, () -> {
        try {
          return !confirmed(out).isEmpty() || !committer.isAlive();
        } catch (Exception e) {
          return false;
        }
      });
      if (!committer.isAlive()) throw new AssertionError("committer " + i + " ended: " + Files.readString(err));
      committer.waitFor((slow ? liveMs : 200) + rnd.nextInt(1500), TimeUnit.MILLISECONDS);
      ChildJvm.kill(committer);
      every.addAll(confirmed(out));
      Set<String> stored = new HashSet<>();
      try (Database d = Database.open(db)) {
        stored.addAll(new PairRepository(d).countBySet().keySet());
      }
      System.out.printf("[durability] round %d (%s): %d confirmed so far, file %d MB after reopening%n", i,
          slow ? "slow" : "fast", every.size(), Files.size(Database.mvFile(db)) >> 20);
      List<String> missing = new ArrayList<>(every);
      missing.removeAll(stored);
      if (!missing.isEmpty()) return new Result(every.size(), missing.size(), i, missing.subList(0, Math.min(5, missing.size())));
    }
    return new Result(every.size(), 0, -1, List.of());
  }

  /** @return the names printed on complete lines (a line cut by the kill is not a confirmed commit) */
  private static List<String> confirmed(Path out) throws Exception {
    String s = Files.readString(out);
    int end = s.lastIndexOf('\n');
    return end < 0 ? List.of() : s.substring(0, end).lines().toList();
  }
}
