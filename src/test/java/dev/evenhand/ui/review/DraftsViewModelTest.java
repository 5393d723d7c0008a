package dev.evenhand.ui.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.domain.DeleteTarget;
import dev.evenhand.domain.Draft;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.Stance;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.testing.Seeds;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drafts of balanced judgments (issue 12, point 2) through the Review view model, on a real H2 file:
 * an edit is kept in the store per pair when moving away and when typing pauses, comes back with the
 * pair (also after a restart), is saved as the accepted text by Accept and dropped by Discard.
 */
class DraftsViewModelTest {
  private static final String STORED = "The main character kept a found wallet; the need was real, but so was the owner's loss.";
  private static final String EDIT = "The main character weighed a child's need against a stranger's loss.";
  @TempDir Path dir;
  private Services services;
  private ReviewViewModel vm;
  private long first;

  private Services open() {
    return new Services(new AppPaths(dir.resolve("data"), dir.resolve("config")), new Settings("", "ada", 1, Duration.ofSeconds(30), "light"),
        dir.resolve("db/evenhand"), List.of("http://127.0.0.1:9"), new RetryPolicy(2, Duration.ofMillis(10), 2));
  }

  private ReviewViewModel viewModel(TaskExecutor tasks, Duration idle) {
    return new ReviewViewModel(services.reviews(), services.regenerate(), "ada", tasks, ResourceBundle.getBundle("i18n.messages"), idle);
  }

  @BeforeEach
  void seed() {
    services = open();
    new Seeds(services.pairs(), services.runs()).plain(1, 3);
    first = services.reviews().ids(new ReviewViewModel(services.reviews(), services.regenerate(), "ada", TaskExecutor.direct(),
        ResourceBundle.getBundle("i18n.messages"), Duration.ZERO).query()).get(0);
    vm = viewModel(TaskExecutor.direct(), Duration.ZERO);
    vm.refresh();
  }

  @AfterEach
  void close() { services.close(); }

  private Optional<Draft> stored(long id) { return services.reviews().draft(id, "ada"); }

  @Test
  void aDraftSurvivesJAndKWithItsMarks() {
    assertThat(vm.selected().get().id()).isEqualTo(first);
    assertThat(vm.drafts().shownHasDraft().get()).isFalse();
    vm.balancedMale().set(EDIT);
    assertThat(vm.drafts().shownHasDraft().get()).as("the editor marks the draft at once").isTrue();
    assertThat(stored(first)).as("idle 0: every change is kept at once").map(d -> d.text().male()).contains(EDIT);
    assertThat(stored(first).orElseThrow().reviewer()).isEqualTo("ada");
    assertThat(vm.drafts().note().get()).startsWith("Draft kept by ada at ");
    assertThat(vm.drafts().pairs()).as("the queue marks the pair").containsExactly(first);

    vm.next();
    assertThat(vm.selected().get().id()).isNotEqualTo(first);
    assertThat(vm.balancedMale().get()).isEqualTo(STORED);
    assertThat(vm.drafts().shownHasDraft().get()).isFalse();
    assertThat(vm.drafts().pairs()).containsExactly(first);

    vm.previous();
    assertThat(vm.selected().get().id()).isEqualTo(first);
    assertThat(vm.balancedMale().get()).as("the draft comes back").isEqualTo(EDIT);
    assertThat(vm.balancedFemale().get()).as("one text for both, as it was edited").isEqualTo(EDIT);
    assertThat(vm.sameForBoth().get()).isTrue();
    assertThat(vm.drafts().shownHasDraft().get()).isTrue();
    assertThat(services.reviews().history(first)).as("a draft is no review action").isEmpty();
    assertThat(services.reviews().pair(first).orElseThrow().balanced().orElseThrow().male()).as("nor the stored text").isEqualTo(STORED);
  }

  @Test
  void aDraftSurvivesARestartOnTheSameFile() {
    vm.sameForBoth().set(false);
    vm.balancedFemale().set(EDIT + "  ");
    vm.filters().search().set("bus 2");
    vm.refreshQueue();
    services.close();

    services = open();
    ReviewViewModel again = viewModel(TaskExecutor.direct(), Duration.ZERO);
    again.refresh();
    assertThat(again.drafts().pairs()).containsExactly(first);
    assertThat(again.selected().get().id()).isEqualTo(first);
    assertThat(again.balancedFemale().get()).as("exactly as typed").isEqualTo(EDIT + "  ");
    assertThat(again.balancedMale().get()).isEqualTo(STORED);
    assertThat(again.drafts().shownHasDraft().get()).isTrue();
  }

  @Test
  void acceptingSavesTheDraftAsTheAcceptedTextAndDropsIt() {
    vm.balancedMale().set(EDIT);
    vm.next();
    vm.previous();
    vm.accept();
    List<Review> h = services.reviews().history(first);
    assertThat(h).extracting(Review::action).containsExactly(ReviewAction.ACCEPT_EDITED);
    assertThat(h.get(0).balancedAfter().male()).isEqualTo(EDIT);
    assertThat(stored(first)).isEmpty();
    assertThat(services.reviews().draftPairs("ada")).isEmpty();
    assertThat(vm.drafts().pairs()).isEmpty();
    assertThat(vm.selected().get().id()).isNotEqualTo(first);
    vm.previous();
    assertThat(vm.balancedMale().get()).isEqualTo(EDIT);
    assertThat(vm.drafts().shownHasDraft().get()).isFalse();
  }

  @Test
  void discardingDropsTheDraftAndShowsTheStoredTextAgain() {
    vm.balancedMale().set(EDIT);
    vm.drafts().discard();
    assertThat(vm.balancedMale().get()).isEqualTo(STORED);
    assertThat(vm.drafts().shownHasDraft().get()).isFalse();
    assertThat(vm.message().get()).isEqualTo("Draft of pair " + first + " discarded: the stored balanced judgment is back.");
    assertThat(stored(first)).isEmpty();
    assertThat(vm.drafts().pairs()).isEmpty();
    vm.next();
    vm.previous();
    assertThat(vm.balancedMale().get()).isEqualTo(STORED);
  }

  @Test
  void typingBackToTheStoredTextLeavesNoDraft() {
    vm.balancedMale().set(EDIT);
    assertThat(stored(first)).isPresent();
    vm.balancedMale().set(STORED + " ");
    assertThat(stored(first)).as("equal but for spaces at the end: no draft").isEmpty();
    assertThat(vm.drafts().shownHasDraft().get()).isFalse();
    assertThat(services.reviews().saveDraft(first, "ada", new dev.evenhand.domain.BalancedJudgment(STORED, STORED))).isEmpty();
    assertThat(services.reviews().draftPairs("ada")).isEmpty();
  }

  @Test
  void anotherReviewersDraftNeverShowsAndTheirsStaysTheirs() {
    // bob, say in a blind second review, keeps a draft of the same pair
    services.reviews().saveDraft(first, "bob", new dev.evenhand.domain.BalancedJudgment("Bob's own text.", "Bob's own text."));
    vm.refresh();
    assertThat(vm.balancedMale().get()).as("ada sees the stored text, not bob's draft").isEqualTo(STORED);
    assertThat(vm.drafts().shownHasDraft().get()).isFalse();
    assertThat(services.reviews().draftPairs("ada")).isEmpty();
    vm.balancedMale().set(EDIT);
    vm.next();
    assertThat(stored(first).orElseThrow().text().male()).isEqualTo(EDIT);
    assertThat(services.reviews().draft(first, "bob").orElseThrow().text().male()).as("ada's draft does not overwrite bob's")
        .isEqualTo("Bob's own text.");
    services.reviews().discardDraft(first, "ada");
    assertThat(services.reviews().draftPairs("bob")).containsExactly(first);
  }

  @Test
  void aDeletedPairTakesItsDraftWithIt() {
    vm.balancedMale().set(EDIT);
    assertThat(services.reviews().draftPairs("ada")).containsExactly(first);
    services.deletes().delete(DeleteTarget.RUN, "1", true);
    assertThat(services.reviews().pair(first)).isEmpty();
    assertThat(services.reviews().draftPairs("ada")).as("ON DELETE CASCADE").isEmpty();
    assertThat(services.reviews().saveDraft(first, "ada", new dev.evenhand.domain.BalancedJudgment(EDIT, EDIT))).as("no pair, no draft").isEmpty();
  }

  @Test
  void typingIsKeptOnceItPausesAndOnlyTheLatestTextWins() throws Exception {
    ExecutorService background = Executors.newCachedThreadPool();
    ExecutorService uiThread = Executors.newSingleThreadExecutor();
    try {
      ReviewViewModel live = viewModel(new TaskExecutor(background, uiThread), Duration.ofSeconds(2));
      onUi(uiThread, () -> { live.refresh(); return null; });
      await("the first pair shows").atMost(Duration.ofSeconds(30)).until(() -> onUi(uiThread, () -> live.selected().get() != null));
      onUi(uiThread, () -> {
        for (int i = 1; i <= EDIT.length(); i++) live.balancedMale().set(EDIT.substring(0, i)); // one change a key
        return null;
      });
      assertThat(stored(first)).as("typing has not paused for 2 s yet").isEmpty();
      await("the draft is kept after the pause").atMost(Duration.ofSeconds(30)).until(() -> stored(first).isPresent());
      assertThat(stored(first).orElseThrow().text().male()).isEqualTo(EDIT);
      onUi(uiThread, () -> { live.balancedMale().set(EDIT + " Then he left."); live.next(); return null; });
      await("moving away keeps the newest text at once").atMost(Duration.ofSeconds(30))
          .until(() -> stored(first).map(d -> d.text().male().endsWith("he left.")).orElse(false));
    } finally {
      background.shutdownNow();
      background.awaitTermination(10, TimeUnit.SECONDS);
      uiThread.shutdownNow();
    }
  }

  @Test
  void closingTheWindowKeepsTheDraftOnTheCallingThread() {
    boolean[] background = {true};
    List<Runnable> dropped = new java.util.ArrayList<>();
    ReviewViewModel closing = viewModel(new TaskExecutor(r -> { if (background[0]) r.run(); else dropped.add(r); }, Runnable::run), Duration.ZERO);
    closing.refresh();
    background[0] = false; // the executor stops, as the app's does right after the window closes
    closing.balancedMale().set(EDIT);
    assertThat(dropped).as("the pause's wait went to the stopped executor").isNotEmpty();
    assertThat(stored(first)).isEmpty();
    closing.drafts().keepNow();
    assertThat(stored(first)).map(d -> d.text().male()).contains(EDIT);

    closing.balancedMale().set(EDIT + " Later.");
    closing.drafts().keep(); // handed to the stopped executor: not written
    assertThat(stored(first)).map(d -> d.text().male()).contains(EDIT);
    closing.drafts().keepNow();
    assertThat(stored(first)).as("a write the executor never ran is done again").map(d -> d.text().male()).contains(EDIT + " Later.");
  }

  @Test
  void whileAnActionIsSavedItsPairTakesNoOtherAction() {
    List<Runnable> queued = new java.util.ArrayList<>();
    boolean[] hold = {false};
    ReviewViewModel slow = viewModel(new TaskExecutor(r -> { if (hold[0]) queued.add(r); else r.run(); }, Runnable::run), Duration.ZERO);
    slow.refresh();
    hold[0] = true;
    slow.accept();
    slow.reject(""); // a key pressed before the next pair shows: it must not reject the pair just accepted
    slow.skip();
    assertThat(queued).as("only the acceptance is being saved").hasSize(1);
    hold[0] = false;
    queued.remove(0).run();
    assertThat(services.reviews().history(first)).extracting(Review::action).containsExactly(ReviewAction.ACCEPT);
    long second = slow.selected().get().id();
    assertThat(second).isNotEqualTo(first);
    slow.reject("");
    assertThat(services.reviews().history(second)).as("the next pair takes actions again").extracting(Review::action)
        .containsExactly(ReviewAction.REJECT);
    assertThat(services.reviews().history(first)).hasSize(1);
  }

  private static <T> T onUi(ExecutorService uiThread, Callable<T> read) throws Exception {
    return uiThread.submit(read).get(30, TimeUnit.SECONDS);
  }
}
