package dev.evenhand.ui.review;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A child process for {@link DraftKillTest}: the Review screen's view model as the app wires it (a thread
 * pool for the work, one thread standing in for the FX thread, drafts kept after {@link ReviewViewModel#DRAFT_IDLE})
 * on a database, typing into the first pair's balanced judgment like a reviewer. {@code DB TEXT} types
 * TEXT a key at a time, pauses until its own read of the store shows the draft, prints "stored", then
 * types on without pausing (a key every 20 ms) until it is killed.
 */
public final class DraftTyper {
  private DraftTyper() {}

  /** @param args {@code DB TEXT} */
  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    String text = args[1];
    Path home = db.getParent();
    Services services = new Services(new AppPaths(home.resolve("data"), home.resolve("config")),
        new Settings("", "ada", 1, Duration.ofSeconds(30), "light"), db, List.of("http://127.0.0.1:9"), new RetryPolicy(1, Duration.ofMillis(10), 1));
    ExecutorService background = Executors.newCachedThreadPool();
    ExecutorService fx = Executors.newSingleThreadExecutor();
    ReviewViewModel vm = new ReviewViewModel(services.reviews(), services.regenerate(), "ada", new TaskExecutor(background, fx),
        ResourceBundle.getBundle("i18n.messages"));
    fx.submit(vm::refresh).get(60, TimeUnit.SECONDS);
    long id = org.awaitility.Awaitility.await("a pair shows in the Review view model").atMost(Duration.ofSeconds(60))
        .until(() -> fx.submit(() -> vm.selected().get() == null ? -1L : vm.selected().get().id()).get(), shown -> shown >= 0);
    for (int i = 1; i <= text.length(); i++) {
      String typed = text.substring(0, i);
      fx.submit(() -> vm.balancedMale().set(typed)).get();
    }
    long pair = id;
    // the reviewer pauses: the draft is kept a second after the last key
    org.awaitility.Awaitility.await("the draft of pair " + pair + " is stored").atMost(Duration.ofSeconds(60))
        .until(() -> services.reviews().draft(pair, "ada").map(d -> d.text().male().equals(text)).orElse(false));
    System.out.println("stored " + pair);
    System.out.flush();
    for (int i = 0; ; i++) { // mid-edit until killed: every key comes well within the second a draft waits for
      String typed = text + " more" + i;
      fx.submit(() -> vm.balancedMale().set(typed)).get();
    }
  }
}
