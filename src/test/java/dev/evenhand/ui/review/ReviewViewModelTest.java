package dev.evenhand.ui.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.store.PairQuery;
import dev.evenhand.domain.Stance;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.method.BalancedLint;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.testing.Seeds;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The Review screen's view model without JavaFX started: a real H2 file, the fake Ollama for Regenerate,
 * and {@link TaskExecutor#direct()}, so every read and save has finished when a command returns.
 */
class ReviewViewModelTest {
  private static final String WALLET_MALE = "The main character kept a found wallet; she had a need, but Ann also ignored the owner.";
  @TempDir Path dir;
  private FakeOllama ollama;
  private Services services;
  private ReviewViewModel vm;
  private long flagged;
  /** Every message shown, oldest first: showing the next pair empties the line again, as it always has. */
  private final List<String> said = new ArrayList<>();

  @BeforeEach
  void open() {
    ollama = FakeOllama.start().onChat(new ScriptedStoryModel());
    services = new Services(new AppPaths(dir.resolve("data"), dir.resolve("config")), new Settings("", "ada", 1, Duration.ofSeconds(30), "light"),
        dir.resolve("db/evenhand"), List.of(ollama.url()), new RetryPolicy(2, Duration.ofMillis(10), 2));
    Seeds seeds = new Seeds(services.pairs(), services.runs());
    flagged = seeds.pair("Tom", "Tom drove his car to the station. He kept the wallet he found there for his own son.",
        "Ann", "Ann drove her bike to the station. She kept the wallet she found there for her own son.", "Money",
        Stance.MORAL, "Tom looked after his son; keeping it was fair.", Stance.IMMORAL, "Ann should have handed it in; she was selfish.",
        WALLET_MALE, "The main character kept a found wallet for a child; the need was real, but so was the owner's loss.");
    seeds.plain(1, 4);
    vm = viewModel(TaskExecutor.direct());
    vm.message().addListener((o, a, b) -> said.add(b));
    vm.refresh();
  }

  private ReviewViewModel viewModel(TaskExecutor tasks) {
    return new ReviewViewModel(services.reviews(), services.regenerate(), "ada", tasks, ResourceBundle.getBundle("i18n.messages"), Duration.ZERO);
  }

  @AfterEach
  void close() {
    services.close();
    ollama.close();
  }

  private List<Review> history(long id) { return services.reviews().history(id); }

  private long shownId() { return vm.selected().get().id(); }

  /**
   * A database holding only GenMO's imported pairs has nothing to review: the empty queue says how many imported pairs
   * wait for judgments, in which set, and the command that has a model judge them (the newcomer of session fifteen found
   * the plain "Generate some" text on a database of 908 pairs); a filter that hides every pair still says so instead.
   */
  @Test
  void anEmptyQueueNamesTheImportedPairsWaitingForJudgments() throws Exception {
    try (Services only = new Services(new AppPaths(dir.resolve("data2"), dir.resolve("config2")),
        new Settings("", "ada", 1, Duration.ofSeconds(30), "light"), dir.resolve("db2/evenhand"), List.of(ollama.url()),
        new RetryPolicy(2, Duration.ofMillis(10), 2))) {
      ReviewViewModel empty = new ReviewViewModel(only.reviews(), only.regenerate(), "ada", TaskExecutor.direct(),
          ResourceBundle.getBundle("i18n.messages"), Duration.ZERO);
      empty.refresh();
      assertThat(empty.selected().get()).isNull();
      assertThat(empty.emptyText()).as("an empty database").startsWith("No pairs to review yet. Generate some");
      long n = only.imports().importFile(dev.evenhand.exchange.ImportService.Source.GENMO, dev.evenhand.testing.Genmo.fixture(), "genmo", false,
          x -> { }, () -> false).imported();
      assertThat(n).isPositive();
      empty.refresh();
      assertThat(empty.selected().get()).as("imported pairs are in no review queue").isNull();
      assertThat(empty.awaitingCuration().get()).containsExactly(java.util.Map.entry("genmo", n));
      assertThat(empty.emptyText()).contains(String.format("%,d imported story pairs (set genmo)", n))
          .contains("evenhand generate --from-set genmo --model");
      empty.filters().search().set("nothing like this");
      empty.refreshQueue();
      assertThat(empty.emptyText()).startsWith("No pair matches these filters");
      // a blind second review with nothing to review says so, not "set the filters back" (a newcomer)
      empty.filters().search().set("");
      empty.filters().blind().set(true);
      empty.refreshQueue();
      assertThat(empty.emptyText()).startsWith("No pair to review blind").contains("Untick");
    }
  }

  @Test
  void aListLongerThanAPageShowsItsFirstPairBeforeItIsCountedThenGrowsToItsSize() {
    new Seeds(services.pairs(), services.runs()).plain(5, 250);
    java.util.ArrayDeque<Runnable> background = new java.util.ArrayDeque<>();
    ReviewViewModel v = viewModel(new TaskExecutor(background::add, Runnable::run));
    v.refresh();
    // the background work one task at a time, as a pool would take it: the first pair comes before the count
    for (int n = 0; v.selected().get() == null; n++) {
      assertThat(background).as("work left before the first pair is shown (after %d tasks)", n).isNotEmpty();
      background.poll().run();
    }
    assertThat(v.counting().get()).as("the list is being counted").isTrue();
    assertThat(v.counts().get()).as("the counts by status are read once the first pair is shown, not beside it").isEmpty();
    assertThat(v.queue()).as("the first page, until counted").hasSize(QueuePager.PAGE);
    long shown = v.selected().get().id();
    int shownAt = v.selectedIndex().get();
    while (!background.isEmpty()) background.poll().run();
    assertThat(v.counting().get()).isFalse();
    assertThat(v.queue()).as("grown to the counted size").hasSize(255);
    assertThat(v.selected().get().id()).as("the pair shown stays shown").isEqualTo(shown);
    assertThat(v.selectedIndex().get()).isEqualTo(shownAt);
    assertThat(v.counts().get()).contains("255 in this list").doesNotContain("counting");
    // a list shorter than a page is never counted apart: its first page is all of it
    v.filters().search().set("bus 7 ");
    v.refreshQueue();
    while (!background.isEmpty()) background.poll().run();
    assertThat(v.counting().get()).isFalse();
  }

  @Test
  void acceptingTheLastPendingPairOfTheListGoesBackToThePendingOnesAboveIt() {
    int last = vm.queue().size() - 1;
    vm.select(last);
    long lastId = shownId();
    vm.accept();
    assertThat(history(lastId)).isNotEmpty();
    assertThat(vm.selectedIndex().get()).as("the first pending pair, not the accepted last one").isZero();
    // every pair decided: the view stays where it is
    for (int i = 0; i < last; i++) {
      vm.select(i);
      vm.reject("not needed");
    }
    assertThat(vm.counts().get()).startsWith((last + 1) + " of " + (last + 1) + " reviewed");
  }

  @Test
  void anEmptyQueueUnderFiltersIsToldApartFromAnEmptyStore() {
    assertThat(vm.filtered()).isFalse();
    vm.filters().sort().set(PairQuery.Sort.OLDEST);
    assertThat(vm.filtered()).as("a sort order narrows nothing").isFalse();
    vm.filters().statusFilter().set(ReviewStatus.ACCEPTED);
    vm.refreshQueue();
    assertThat(vm.queue()).isEmpty();
    assertThat(vm.filtered()).as("the screen then says no pair matches the filters, not that there are none").isTrue();
  }

  @Test
  void aStatusLineSaysTheListIsBeingCounted() {
    StatusCounts c = new StatusCounts(new ReviewMessages(ResourceBundle.getBundle("i18n.messages")));
    c.show(java.util.Map.of(ReviewStatus.PENDING, 3L, ReviewStatus.ACCEPTED, 1L, ReviewStatus.REJECTED, 0L), -1);
    assertThat(c.line().get()).isEqualTo("1 of 4 reviewed \u00b7 3 pending \u00b7 1 accepted \u00b7 0 rejected \u00b7 counting this list\u2026");
    c.showAgain(12);
    assertThat(c.line().get()).endsWith("12 in this list");
  }

  @Test
  void openingShowsTheFirstPairTheCountsAndTheFilterChoices() {
    assertThat(vm.queue()).hasSize(5);
    assertThat(shownId()).isEqualTo(flagged);
    assertThat(vm.selectedIndex().get()).isZero();
    assertThat(vm.counts().get()).isEqualTo("0 of 5 reviewed · 5 pending · 0 accepted · 0 rejected · 5 in this list");
    assertThat(vm.progress().get()).isZero();
    assertThat(vm.filters().environments()).containsExactly("Money");
    assertThat(vm.filters().models()).containsExactly("llama3.1:8b");
    assertThat(vm.storyDiff().get().flagged()).as("car/bike is not a gender swap").hasSize(1);
    assertThat(vm.balancedMale().get()).isEqualTo(WALLET_MALE);
    assertThat(vm.row(4)).isNotNull();
  }

  @Test
  void acceptingMovesToTheNextPendingPairAndUpdatesTheCounts() {
    vm.accept();
    vm.confirmGendered(); // the first pair's balanced judgment is not gender-neutral (GenderedConfirmationViewModelTest)
    assertThat(history(flagged)).extracting(Review::action).containsExactly(ReviewAction.ACCEPT);
    assertThat(history(flagged).get(0).reviewer()).isEqualTo("ada");
    assertThat(services.reviews().pair(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.ACCEPTED);
    assertThat(said).anyMatch(m -> m.startsWith("Pair " + flagged + " accepted"));
    assertThat(vm.counts().get()).isEqualTo("1 of 5 reviewed · 4 pending · 1 accepted · 0 rejected · 5 in this list");
    assertThat(vm.progress().get()).isEqualTo(0.2);
    assertThat(vm.row(0).status()).as("the list shows the new status").isEqualTo(ReviewStatus.ACCEPTED);
    assertThat(vm.selectedIndex().get()).isEqualTo(1);
    long second = shownId();
    assertThat(second).isNotEqualTo(flagged);

    vm.accept();
    assertThat(vm.selectedIndex().get()).isEqualTo(2);
    long third = shownId();
    vm.previous();
    vm.previous();
    assertThat(shownId()).isEqualTo(flagged);
    vm.accept();
    vm.confirmGendered();
    assertThat(shownId()).as("the next pending pair, past the accepted second row").isEqualTo(third);
    assertThat(vm.counts().get()).startsWith("2 of 5 reviewed");
    vm.skip();
    assertThat(history(third)).extracting(Review::action).containsExactly(ReviewAction.SKIP);
    assertThat(vm.selectedIndex().get()).isEqualTo(3);
    vm.flag("names differ");
    assertThat(vm.selectedIndex().get()).as("a flag keeps the pair shown").isEqualTo(3);
    assertThat(history(vm.selected().get().id())).extracting(Review::reason).containsExactly("names differ");
  }

  @Test
  void editingUpdatesTheLintAndAcceptSavesTheEdits() {
    assertThat(vm.maleLint().get().findings()).extracting(f -> WALLET_MALE.substring(f.start(), f.end())).containsExactly("she", "Ann");
    assertThat(vm.femaleLint().get().findings()).isEmpty();
    assertThat(vm.edited()).isFalse();

    vm.balancedMale().set("The main character chose between need and honesty; he hesitated.");
    assertThat(vm.maleLint().get().findings()).extracting(BalancedLint.Finding::start).hasSize(1);
    vm.balancedMale().set("The main character chose between need and honesty.");
    assertThat(vm.maleLint().get().findings()).isEmpty();
    assertThat(vm.edited()).isTrue();

    vm.sameForBoth().set(true);
    assertThat(vm.balancedFemale().get()).isEqualTo("The main character chose between need and honesty.");
    vm.accept();
    Review edit = history(flagged).get(0);
    assertThat(edit.action()).isEqualTo(ReviewAction.ACCEPT_EDITED);
    assertThat(edit.balancedAfter().male()).isEqualTo("The main character chose between need and honesty.");
    assertThat(edit.balancedAfter().female()).isEqualTo(edit.balancedAfter().male());
    assertThat(said).contains("Pair " + flagged + " accepted with your edits.");
  }

  @Test
  void anEmptyBalancedJudgmentIsNotAccepted() {
    vm.balancedFemale().set("  ");
    vm.accept();
    assertThat(vm.message().get()).isEqualTo("A balanced judgment cannot be empty.");
    assertThat(history(flagged)).isEmpty();
    assertThat(shownId()).isEqualTo(flagged);
  }

  @Test
  void undoRestoresTheStateBeforeAndRedoSetsItAgain() {
    vm.undo();
    assertThat(vm.message().get()).isEqualTo("Nothing to undo.");
    vm.reject("too close to the original");
    assertThat(services.reviews().pair(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.REJECTED);
    assertThat(vm.counts().get()).startsWith("1 of 5 reviewed");

    vm.undo();
    assertThat(history(flagged)).extracting(Review::action).containsExactly(ReviewAction.REJECT, ReviewAction.UNDO);
    assertThat(services.reviews().pair(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);
    assertThat(said).contains("Undone: reject of pair " + flagged + ".");
    assertThat(vm.counts().get()).startsWith("0 of 5 reviewed");
    assertThat(shownId()).as("the undone pair shows again").isEqualTo(flagged);
    assertThat(vm.row(0).status()).isEqualTo(ReviewStatus.PENDING);

    vm.redo();
    assertThat(history(flagged)).extracting(Review::action).containsExactly(ReviewAction.REJECT, ReviewAction.UNDO, ReviewAction.REDO);
    assertThat(services.reviews().pair(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.REJECTED);
    vm.redo();
    assertThat(vm.message().get()).isEqualTo("Nothing to redo.");
  }

  /**
   * Issue 15, point 8: the window keeps H2's search index up to date in the background; a search then comes from the
   * index, and a text a reviewer changed is found by its new words before the index has it again, never by its old.
   */
  @Test
  void theWindowIndexesSearchInTheBackgroundAndAnEditedTextIsFoundByItsNewWordsAtOnce() {
    var index = services.database().searchIndex().orElseThrow();
    services.indexSearchInBackground();
    await("the background indexing of the five pairs").atMost(60, TimeUnit.SECONDS).until(() -> index.unindexed() == 0);
    assertThat(index.pairsMatching(List.of("bike"))).as("the index answers").isPresent();
    vm.filters().search().set("bike");
    vm.refreshQueue();
    assertThat(vm.queue()).hasSize(1);
    assertThat(vm.idAt(0)).isEqualTo(flagged);
    services.reviews().acceptEdited(flagged, "ada", new dev.evenhand.domain.BalancedJudgment(
        "The main character kept a found umbrella for a child.", "The main character kept a found umbrella for a child."), true);
    vm.filters().search().set("umbrella");
    vm.refreshQueue();
    assertThat(vm.queue()).as("the new words of the edited pair, at once").hasSize(1);
    vm.filters().search().set("ignored");
    vm.refreshQueue();
    assertThat(vm.queue()).as("the edited-away words of its balanced judgment").isEmpty();
    await("the edited pair indexed again").atMost(60, TimeUnit.SECONDS).until(() -> index.unindexed() == 0);
    vm.filters().search().set("umbrella");
    vm.refreshQueue();
    assertThat(vm.queue()).hasSize(1);
    assertThat(vm.idAt(0)).isEqualTo(flagged);
  }

  @Test
  void filtersAndSearchNarrowTheQueue() {
    vm.filters().search().set("bike");
    vm.refreshQueue();
    assertThat(vm.queue()).hasSize(1);
    assertThat(vm.idAt(0)).isEqualTo(flagged);
    vm.filters().search().set("");
    vm.filters().statusFilter().set(ReviewStatus.ACCEPTED);
    vm.refreshQueue();
    assertThat(vm.queue()).isEmpty();
    assertThat(vm.selected().get()).isNull();
    assertThat(vm.counts().get()).endsWith("0 in this list");
    vm.filters().statusFilter().set(null);
    vm.filters().fidelityOnly().set(true);
    vm.refreshQueue();
    assertThat(vm.queue()).hasSize(1);

    vm.showPairs(List.of(flagged), "the pair with the bike");
    assertThat(vm.filters().idsLabel().get()).isEqualTo("the pair with the bike");
    vm.clearPairs();
    vm.filters().fidelityOnly().set(false);
    vm.refreshQueue();
    assertThat(vm.queue()).hasSize(5);
  }

  @Test
  void aBlindSecondReviewLeavesTheFirstReviewStandingAndCountsTheAgreement() {
    services.reviews().accept(flagged, "grace", true);
    vm.filters().blind().set(true);
    vm.refreshQueue();
    assertThat(vm.queue()).hasSize(1);
    vm.reject("");
    assertThat(history(flagged)).extracting(Review::reviewer).containsExactly("grace", "ada");
    assertThat(services.reviews().pair(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.ACCEPTED);
    assertThat(said).anyMatch(m -> m.startsWith("Your blind review of pair " + flagged + " is saved"));
    List<String> lines = new ArrayList<>();
    vm.agreement(lines::add);
    assertThat(lines).singleElement().asString().startsWith("With grace: 1 pairs decided by both, 0 the same way");
  }

  @Test
  void withThreeReviewersTheAgreementAddsKrippendorffsAlphaAndFleisssKappaForAllOfThem() {
    long other = services.pairs().ids(dev.evenhand.store.PairQuery.ALL).stream().filter(id -> id != flagged).findFirst().orElseThrow();
    // the flagged pair: all three accept; the other: ada accepts, grace and lin reject (blind reviews, so each decision stands)
    for (String r : List.of("grace", "lin", "ada")) services.reviews().blind(flagged, r, true, java.util.Optional.empty(), "");
    services.reviews().blind(other, "ada", true, java.util.Optional.empty(), "");
    services.reviews().blind(other, "grace", false, java.util.Optional.empty(), "");
    services.reviews().blind(other, "lin", false, java.util.Optional.empty(), "");
    List<String> lines = new ArrayList<>();
    vm.agreement(lines::add);
    // by hand: Fleiss, counts (3,0) (1,2): P-bar 2/3, P-bar_e 20/36, kappa 0.25; Krippendorff, coincidences o_AA 3, o_AR 1, o_RA 1,
    // o_RR 1 (n_A 4, n_R 2, n 6): alpha = 1 - 2 / (2 * 4 * 2 / 5) = 0.375
    assertThat(lines).singleElement().asString()
        .contains("All 3 reviewers on the 2 pairs two or more decided \u00b7 Krippendorff's alpha 0.38 \u00b7 Fleiss' kappa 0.25 (accept/reject)");
    assertThat(services.reviews().groupAgreement().alpha()).isCloseTo(0.375, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void regenerateStreamsIntoTheFieldsAndSavesNothingButTheCall() {
    List<String> shown = new ArrayList<>();
    vm.balancedMale().addListener((o, a, b) -> shown.add(b));
    vm.regenerate();
    String result = vm.balancedMale().get();
    assertThat(result).startsWith("The main character faced a hard choice");
    assertThat(shown).as("partial texts arrived before the whole").anyMatch(s -> !s.isEmpty() && result.startsWith(s) && !s.equals(result));
    assertThat(vm.regenerating().get()).isFalse();
    assertThat(vm.message().get()).startsWith("New balanced judgments for pair " + flagged);
    assertThat(history(flagged)).as("nothing saved until accepted").isEmpty();

    vm.setProvenanceShown(true);
    assertThat(vm.provenance().get()).contains(" balanced ").contains("ok").contains("llama3.1:8b @ " + ollama.url());
    vm.next();
    assertThat(vm.provenance().get()).as("the pane follows the shown pair").isEqualTo("No model calls are stored for this pair (it was imported).");
  }

  @Test
  void cancelStopsRegenerateAndPutsTheTextsBack() throws Exception {
    ExecutorService background = Executors.newCachedThreadPool();
    ExecutorService uiThread = Executors.newSingleThreadExecutor();
    try {
      ReviewViewModel live = viewModel(new TaskExecutor(background, uiThread));
      Callable<Boolean> shown = () -> onUi(uiThread, () -> live.selected().get() != null && live.selected().get().id() == flagged);
      onUi(uiThread, () -> { live.refresh(); return null; });
      await("the first pair shows").atMost(Duration.ofSeconds(30)).until(shown);
      ollama.enqueue(Reply.stall("{\"version_a\": \"The main character might", Duration.ofSeconds(20)));
      onUi(uiThread, () -> { live.regenerate(); return null; });
      await("the first words stream in").atMost(Duration.ofSeconds(30))
          .until(() -> onUi(uiThread, () -> live.balancedMale().get().startsWith("The main character might")));
      onUi(uiThread, () -> { live.cancelRegenerate(); return null; });
      await("Regenerate stops well before the stalled reply would end").atMost(Duration.ofSeconds(10))
          .until(() -> onUi(uiThread, () -> live.message().get().startsWith("Regenerate stopped")));
      assertThat(onUi(uiThread, () -> live.balancedMale().get())).isEqualTo(WALLET_MALE);
      assertThat(onUi(uiThread, () -> live.regenerating().get())).isFalse();
      assertThat(history(flagged)).isEmpty();
    } finally {
      background.shutdownNow();
      uiThread.shutdownNow();
      background.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Runs on the stand-in UI thread, as the screen's code always runs on the FX thread. */
  private static <T> T onUi(ExecutorService uiThread, Callable<T> read) throws Exception {
    return uiThread.submit(read).get(30, TimeUnit.SECONDS);
  }
}
