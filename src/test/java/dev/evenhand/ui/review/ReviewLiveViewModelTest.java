package dev.evenhand.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.testing.Seeds;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ReviewService;
import dev.evenhand.usecase.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Review screen's view model with two reviewers on one database (issue 15, points 3 and 4), without JavaFX
 * started: ada's screen ({@link TaskExecutor#direct()}, so every read has finished when a command returns) and bob
 * acting through the review service, as his own GUI or CLI would.
 */
class ReviewLiveViewModelTest {
  private static final String ADAS = "Ada's neutral judgment: the main character weighed a need against a loss.";
  @TempDir Path dir;
  private Services services;
  private ReviewViewModel vm;
  private ReviewService bob;

  @BeforeEach
  void open() {
    services = new Services(new AppPaths(dir.resolve("data"), dir.resolve("config")), new Settings("", "ada", 1, Duration.ofSeconds(30), "light"),
        dir.resolve("db/evenhand"), List.of("http://127.0.0.1:9"), new RetryPolicy(2, Duration.ofMillis(10), 2));
    new Seeds(services.pairs(), services.runs()).plain(1, 6);
    vm = new ReviewViewModel(services.reviews(), services.regenerate(), "ada", TaskExecutor.direct(), ResourceBundle.getBundle("i18n.messages"),
        Duration.ZERO);
    vm.refresh();
    bob = services.review();
  }

  @AfterEach
  void close() { services.close(); }

  private long shownId() { return vm.selected().get().id(); }

  @Test
  void anAcceptOnAPairBobDecidedMeanwhileIsRefusedWithWhoWhatAndWhenAndAdasTextStaysAsHerDraft() {
    long id = shownId();
    Review bobs = bob.acceptEdited(id, "bob", new BalancedJudgment("Bob's text, male story.", "Bob's text, female story."), true);
    vm.balancedMale().set(ADAS);
    vm.balancedFemale().set(ADAS);
    vm.accept();

    assertThat(vm.live().notice().get()).startsWith("Not saved: bob accepted it with edits at ")
        .contains("while you had pair " + id + " open; it is now Accepted")
        .contains("your edited text as your draft");
    assertThat(shownId()).as("the same pair shows, as it is now").isEqualTo(id);
    assertThat(vm.selected().get().status()).isEqualTo(ReviewStatus.ACCEPTED);
    assertThat(vm.selected().get().balanced().orElseThrow().male()).isEqualTo("Bob's text, male story.");
    assertThat(vm.balancedMale().get()).as("ada's text is in the editor, as her draft").isEqualTo(ADAS);
    assertThat(services.reviews().draft(id, "ada")).map(d -> d.text().male()).contains(ADAS);
    assertThat(vm.drafts().shownHasDraft().get()).isTrue();
    List<Review> h = services.reviews().history(id);
    assertThat(h).extracting(Review::reviewer).containsExactly("bob", "ada");
    assertThat(h.get(1).balancedAfter().male()).as("ada's decision kept with her text").isEqualTo(ADAS);
    assertThat(vm.live().version()).as("a decision now is made on bob's").isEqualTo(bobs.id());

    vm.accept();
    assertThat(services.reviews().pair(id).orElseThrow().balanced().orElseThrow().male()).as("decided again, knowingly").isEqualTo(ADAS);
  }

  @Test
  void aPollShowsWhoHasWhichPairOpenRefreshesTheQueueWhenOthersActAndWarnsAboutTheShownPair() {
    long shown = shownId();
    long other = vm.row(1).id();
    long third = vm.row(2).id();
    vm.live().poll();
    assertThat(vm.live().others()).isEmpty();
    services.reviews().presence().heartbeat(other, "bob");
    vm.live().poll();
    assertThat(vm.live().others()).containsEntry(other, "bob");
    assertThat(services.reviews().presence().editing()).as("ada's own mark is stored too").containsEntry(shown, List.of("ada"));
    assertThat(vm.live().openBy().get()).as("not on the shown pair").isEmpty();

    bob.reject(third, "bob", "");
    assertThat(vm.row(2).status()).isEqualTo(ReviewStatus.PENDING);
    vm.live().poll();
    assertThat(vm.row(2).status()).as("the queue row was read again").isEqualTo(ReviewStatus.REJECTED);
    assertThat(vm.counts().get()).startsWith("1 of 6 reviewed");
    assertThat(vm.live().notice().get()).as("not the shown pair").isEmpty();

    bob.accept(shown, "bob", true);
    services.reviews().presence().heartbeat(shown, "bob");
    vm.live().poll();
    assertThat(vm.live().notice().get()).startsWith("bob accepted it at ").contains("while you had this pair open (now Accepted)");
    assertThat(vm.live().openBy().get()).isEqualTo("also open by bob");
    vm.reloadShown();
    assertThat(vm.live().notice().get()).isEmpty();
    vm.reject("");
    assertThat(services.reviews().pair(shown).orElseThrow().status()).as("decided on the state reloaded").isEqualTo(ReviewStatus.REJECTED);
  }

  @Test
  void assignedToMeShowsAdasOwnQueueAndHerProgressAndTheAssignmentsViewShowsWhoHasDoneWhat() {
    String set = vm.selected().get().setName();
    vm.live().poll();
    assertThat(vm.live().anyAssigned().get()).as("nothing assigned yet: no assignment controls").isFalse();
    services.assignments().assign(set, List.of("ada", "bob", "cy"), 2);
    vm.filters().assignedOnly().set(true);
    vm.refreshQueue();
    assertThat(vm.queue()).hasSize(4);
    vm.live().poll();
    assertThat(vm.live().anyAssigned().get()).isTrue();
    assertThat(vm.live().progress().get()).isEqualTo("My assignment: 4 assigned · 0 decided · 4 left");
    vm.accept();
    vm.live().poll();
    assertThat(vm.live().progress().get()).isEqualTo("My assignment: 4 assigned · 1 decided · 3 left");

    AssignmentsViewModel a = new ReviewLive(services.reviews(), "ada", TaskExecutor.direct(), new ReviewMessages(ResourceBundle.getBundle("i18n.messages")),
        () -> { }).assignments();
    a.load();
    assertThat(a.rows()).containsExactly(new AssignmentsViewModel.Row(set, "ada", 4, 1, 3), new AssignmentsViewModel.Row(set, "bob", 4, 0, 4),
        new AssignmentsViewModel.Row(set, "cy", 4, 0, 4));
  }
}
