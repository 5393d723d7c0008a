package dev.evenhand.store;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A child process for {@link CommitKillTest}: {@code commit DB TAG URL} commits one pair set row after another
 * as fast as it can and prints each row's name on stdout after its commit returned; {@code hold DB} opens the
 * database (so this process serves it to the others over AUTO_SERVER), prints "ready" and waits to be killed.
 */
public final class Committer {
  private Committer() {}

  /** @param args {@code commit DB TAG EXTRA_URL [PAUSE_MS]} or {@code hold DB} */
  public static void main(String[] args) throws Exception {
    Database.Opening opening = new Database.Opening("committer", s -> { }, Duration.ofSeconds(60));
    Database db = Database.open(Path.of(args[1]), opening, List.of(), args.length > 3 ? args[3] : "");
    if (args[0].equals("hold")) {
      db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM pair_set"));
      System.out.println("ready");
      System.out.flush();
      new java.util.concurrent.CountDownLatch(1).await(); // held until the test kills this process
    }
    String tag = args[2];
    // an optional pause after each commit (ms), as a person editing leaves the store idle between saves
    long pause = args.length > 4 ? Long.parseLong(args[4]) : 0;
    // the pause ends when the next save is due or when the process is asked to end (SIGTERM), whichever is first
    java.util.concurrent.CountDownLatch ending = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(ending::countDown));
    for (long i = 0; ; i++) {
      String name = tag + "-" + i;
      db.inTransaction(c -> Sql.update(c, "INSERT INTO pair_set(name, kind, created_at) VALUES (?, 'imported', ?)", name,
          Timestamp.from(Instant.now())));
      System.out.println(name);
      System.out.flush();
      if (pause > 0 && ending.await(pause, java.util.concurrent.TimeUnit.MILLISECONDS)) return;
    }
  }
}
