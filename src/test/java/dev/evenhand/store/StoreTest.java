package dev.evenhand.store;

import dev.evenhand.domain.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.usecase.ReviewService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store on a real H2 file: migrations, pairs through their stages, review history, reopening. The same tests run
 * on a real PostgreSQL server in {@link StoreOnPostgresTest}.
 */
class StoreTest extends OnEitherStore {
  private long completePair(PairRepository pairs, RunRepository runs, String male) {
    GenerationRun run = runs.find(1).orElseGet(() -> runs.create("llama3.1:8b", "default", 5, 25, false, "{}"));
    int attempt = runs.claimAttempt(run.id()).orElseThrow();
    long id = pairs.insertGenerated(run.id(), run.setId(), attempt, "work-01",
        new StoryPair(new Story(Gender.MALE, "José", male), new Story(Gender.FEMALE, "Zoë", male.replaceFirst("^he", "she")), " Work "), 0.9, "llama3.1:8b");
    PromptTemplate t = new PromptTemplate("judgment", 1, "x");
    pairs.saveJudgment(id, Gender.MALE, "llama3.1:8b", t, new Judgment(Stance.MORAL, "fine"), null);
    pairs.saveJudgment(id, Gender.FEMALE, "llama3.1:8b", t, new Judgment(Stance.IMMORAL, "not fine"), null);
    pairs.setStage(id, PairStage.BALANCING, true, null);
    pairs.saveBalancedAndComplete(id, new BalancedJudgment("The main character — neutral.", "The main character — neutral."), null);
    return id;
  }

  @Test
  void aPairGoesThroughItsStagesAndReadsBackWhole() {
    try (Database db = open("sub/folder/evenhand")) {
      PairRepository pairs = new PairRepository(db);
      long id = completePair(pairs, new RunRepository(db), "he took the bus 🚌");
      var p = pairs.find(id).orElseThrow();
      assertThat(p.pair().environment()).isEqualTo("Work");
      assertThat(p.pair().male().name()).isEqualTo("José");
      assertThat(p.pair().female().text()).isEqualTo("she took the bus 🚌");
      assertThat(p.maleJudgment().orElseThrow().stance()).isEqualTo(Stance.MORAL);
      assertThat(p.divergence().name()).isEqualTo("DIVERGENT");
      assertThat(p.status()).isEqualTo(ReviewStatus.PENDING);
      assertThat(p.namesWorkedOut()).as("a generated pair's blank names would be worked out by the lint").isFalse();
      assertThat(pairs.page(PairQuery.ALL, 0, 10)).hasSize(1);
      assertThat(pairs.count(PairQuery.ALL.withStatus(ReviewStatus.ACCEPTED))).isZero();
    }
    if (onH2()) assertThat(Files.exists(dir.resolve("sub/folder/evenhand.mv.db"))).isTrue();
  }

  @Test
  void everyReviewActionIsAHistoryRowAndUndoRestoresTheStateBefore() {
    try (Database db = open("evenhand")) {
      PairRepository pairs = new PairRepository(db);
      ReviewService review = new ReviewService(new ReviewRepository(db));
      long id = completePair(pairs, new RunRepository(db), "he kept it");
      Review edited = review.acceptEdited(id, "ada", new BalancedJudgment("edited m", "edited f"));
      assertThat(pairs.find(id).orElseThrow().balanced().orElseThrow().male()).isEqualTo("edited m");
      review.undo(edited, "ada");
      var after = pairs.find(id).orElseThrow();
      assertThat(after.status()).isEqualTo(ReviewStatus.PENDING);
      assertThat(after.balanced().orElseThrow().male()).isEqualTo("The main character — neutral.");
      review.reject(id, "grace", "not a real swap");
      List<Review> h = review.history(id);
      assertThat(h).extracting(Review::action).containsExactly(ReviewAction.ACCEPT_EDITED, ReviewAction.UNDO, ReviewAction.REJECT);
      assertThat(h.get(2).reviewer()).isEqualTo("grace");
      assertThat(h.get(2).reason()).isEqualTo("not a real swap");
      assertThat(h.get(0).balancedBefore().male()).isEqualTo("The main character — neutral.");
      assertThat(h.get(0).balancedAfter().male()).isEqualTo("edited m");
    }
  }

  @Test
  void reviewingAnUnknownPairIsRefusedAndChangesNothing() {
    try (Database db = open("evenhand")) {
      ReviewService review = new ReviewService(new ReviewRepository(db));
      assertThatThrownBy(() -> review.accept(42, "ada")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("42");
    }
  }

  @Test
  void attemptsAreBoundedAndUniquePerRunAndSurviveReopening() {
    long runId;
    try (Database db = open("evenhand")) {
      RunRepository runs = new RunRepository(db);
      GenerationRun r = runs.create("m", "default", 1, 2, false, "{\"a\":1}");
      runId = r.id();
      assertThat(runs.claimAttempt(runId)).contains(1);
      assertThat(runs.claimAttempt(runId)).contains(2);
      assertThat(runs.claimAttempt(runId)).isEmpty();
    }
    try (Database db = open("evenhand")) {
      RunRepository runs = new RunRepository(db);
      assertThat(runs.latestUnfinished().orElseThrow().id()).isEqualTo(runId);
      assertThat(runs.find(runId).orElseThrow().attempted()).isEqualTo(2);
      assertThat(runs.find(runId).orElseThrow().settingsJson()).isEqualTo("{\"a\":1}");
      runs.finish(runId, RunStatus.SHORT);
      assertThat(runs.latestUnfinished()).isEmpty();
    }
  }

  @Test
  void anUnwritableLocationGivesAPlainStoreError() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onH2(), "an H2 file's folder");
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> Database.open(file.resolve("evenhand"))).isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot create the folder");
  }
  private static ImportedPair imported(String male, ReviewStatus status) {
    StoryPair p = new StoryPair(new Story(Gender.MALE, "Tom", male), new Story(Gender.FEMALE, "Ann", male.replace("Tom", "Ann")), "Work");
    Instant at = Instant.parse("2025-01-31T09:15:00Z");
    return new ImportedPair(p, 0.8, "", PairStage.COMPLETE, status, false, 7L, "old", new PairArchive(at, 0, true, null,
        List.of(new PairArchive.JudgmentRow(Gender.MALE, "", "imported", 0, "MORAL", "fine", at),
            new PairArchive.JudgmentRow(Gender.FEMALE, "", "imported", 0, "IMMORAL", "not fine", at)),
        List.of(new PairArchive.BalancedRow(Gender.MALE, "b", "b", at), new PairArchive.BalancedRow(Gender.FEMALE, "b", "b", at)), List.of()));
  }

  @Test
  void anImportBatchIsAllOrNothingAndEndsWithItsTransaction() {
    try (Database db = open("evenhand")) {
      PairImports imports = new PairImports(db);
      PairRepository pairs = new PairRepository(db);
      assertThatThrownBy(() -> imports.write(b -> {
        long set = b.pairSet("refused", "jsonl", "/tmp/refused.jsonl");
        b.addPair(set, imported("Tom kept the wallet.", ReviewStatus.PENDING));
        throw new IllegalStateException("the file changed");
      })).hasMessage("the file changed");
      assertThat(pairs.countBySet()).as("neither the set nor the pair of a refused import is stored").doesNotContainKey("refused");

      PairImports.Batch[] kept = new PairImports.Batch[1];
      long id = imports.write(b -> {
        kept[0] = b;
        long set = b.pairSet("kept", "jsonl", "x".repeat(1200));
        assertThat(b.isStored(imported("Tom kept the wallet.", ReviewStatus.ACCEPTED).pair())).isFalse();
        return b.addPair(set, imported("Tom kept the wallet.", ReviewStatus.ACCEPTED));
      });
      var p = pairs.find(id).orElseThrow();
      assertThat(p.status()).isEqualTo(ReviewStatus.ACCEPTED);
      assertThat(p.exportId()).isEqualTo(7L);
      assertThat(p.namesWorkedOut()).as("an imported pair's names are stored as worked out (V21)").isTrue();
      List<Boolean> paged = new java.util.ArrayList<>();
      pairs.forEach(PairQuery.ALL, x -> paged.add(x.namesWorkedOut()));
      assertThat(paged).as("read in pages, as an export reads it").containsExactly(true);
      assertThat(p.divergence().name()).isEqualTo("DIVERGENT");
      assertThat(pairs.countByStatus()).containsEntry(ReviewStatus.ACCEPTED, 1L).containsEntry(ReviewStatus.PENDING, 0L);
      boolean storedAgain = imports.lookup(l -> l.isStored(p.pair()));
      assertThat(storedAgain).as("the same two stories are found again").isTrue();
      assertThatThrownBy(() -> kept[0].isStored(p.pair())).as("a batch is dead once its transaction ended")
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
