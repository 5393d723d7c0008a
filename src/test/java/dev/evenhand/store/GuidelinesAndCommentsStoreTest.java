package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Guidelines;
import dev.evenhand.domain.PairComment;
import dev.evenhand.domain.Review;
import dev.evenhand.testing.Seeds;
import dev.evenhand.usecase.ReviewService;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration V16 on a real H2 file: versioned guidelines per pair set, the version stamped on review history, pair comments. */
class GuidelinesAndCommentsStoreTest {
  @TempDir Path dir;
  private static final Instant T0 = Instant.parse("2026-12-03T09:00:00Z");

  @Test
  void anEditAddsTheNextVersionAndKeepsTheOldOnes() {
    try (Database db = Database.open(dir.resolve("evenhand"))) {
      new Seeds(new PairRepository(db), new RunRepository(db)).plain(1, 1);
      GuidelinesRepository g = new GuidelinesRepository(db);
      assertThat(g.current("run-1")).isEmpty();
      assertThat(g.save("run-1", "# Rules\nUse *the main character*.", "ada", T0).orElseThrow().version()).isEqualTo(1);
      assertThat(g.save("run-1", "# Rules\nName no gender.", "bo", T0.plusSeconds(60)).orElseThrow().version()).isEqualTo(2);
      // the same text again is no new version
      Guidelines same = g.save("run-1", "# Rules\nName no gender.", "ada", T0.plusSeconds(120)).orElseThrow();
      assertThat(same.version()).isEqualTo(2);
      assertThat(same.author()).isEqualTo("bo");
      assertThat(g.versions("run-1")).extracting(Guidelines::version, Guidelines::author).containsExactly(
          org.assertj.core.groups.Tuple.tuple(1, "ada"), org.assertj.core.groups.Tuple.tuple(2, "bo"));
      assertThat(g.version("run-1", 1).orElseThrow().text()).isEqualTo("# Rules\nUse *the main character*.");
      assertThat(g.version("run-1", 1).orElseThrow().at()).isEqualTo(T0);
      assertThat(g.current("run-1").orElseThrow().text()).isEqualTo("# Rules\nName no gender.");
      assertThat(g.currentForPair(1).orElseThrow().version()).isEqualTo(2);
      assertThat(g.save("no-such-set", "x", "ada", T0)).isEmpty();
      assertThat(g.currentForPair(99)).isEmpty();
    }
    // reopened: every version is still there
    try (Database db = Database.open(dir.resolve("evenhand"))) {
      assertThat(new GuidelinesRepository(db).versions("run-1")).hasSize(2);
    }
  }

  @Test
  void eachReviewDecisionRecordsTheGuidelinesVersionInForce() {
    try (Database db = Database.open(dir.resolve("evenhand"))) {
      new Seeds(new PairRepository(db), new RunRepository(db)).plain(1, 1);
      GuidelinesRepository g = new GuidelinesRepository(db);
      ReviewService review = new ReviewService(new ReviewRepository(db));
      Review before = review.skip(1, "ada");
      g.save("run-1", "version one", "lead", T0);
      Review underOne = review.reject(1, "ada", "too gendered");
      Review blindUnderOne = review.blind(1, "bo", true, Optional.empty(), "");
      g.save("run-1", "version two", "lead", T0.plusSeconds(1));
      Review underTwo = review.accept(1, "ada");
      Map<Long, Integer> versions = g.historyVersions(1);
      assertThat(versions).doesNotContainKey(before.id());
      assertThat(versions).containsExactly(Map.entry(underOne.id(), 1), Map.entry(blindUnderOne.id(), 1), Map.entry(underTwo.id(), 2));
    }
  }

  @Test
  void twoReviewersSavingAtOnceGetOneVersionEach() throws Exception {
    try (Database db = Database.open(dir.resolve("evenhand"))) {
      new Seeds(new PairRepository(db), new RunRepository(db)).plain(1, 1);
      GuidelinesRepository g = new GuidelinesRepository(db);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Integer>> saves = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          String text = "text " + i;
          Callable<Integer> save = () -> g.save("run-1", text, "reviewer-" + text.length(), T0).orElseThrow().version();
          saves.add(pool.submit(save));
        }
        List<Integer> got = new ArrayList<>();
        for (Future<Integer> f : saves) got.add(f.get(60, TimeUnit.SECONDS));
        assertThat(got).doesNotHaveDuplicates();
      } finally {
        pool.shutdownNow();
      }
      assertThat(g.versions("run-1")).extracting(Guidelines::version).containsExactlyElementsOf(
          java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
    }
  }

  @Test
  void commentsComeNewestFirstAndGoWithTheirPair() {
    try (Database db = Database.open(dir.resolve("evenhand"))) {
      new Seeds(new PairRepository(db), new RunRepository(db)).plain(1, 2);
      CommentRepository comments = new CommentRepository(db);
      PairComment first = comments.add(1, "ada", "Is 'provider' gendered here?", T0).orElseThrow();
      comments.add(1, "bo", "No: it names the role, not the gender.", T0.plusSeconds(30)).orElseThrow();
      comments.add(2, "bo", "Other pair", T0).orElseThrow();
      assertThat(comments.newest(1, 10)).extracting(PairComment::author).containsExactly("bo", "ada");
      assertThat(comments.newest(1, 1)).extracting(PairComment::text).containsExactly("No: it names the role, not the gender.");
      assertThat(comments.newest(1, 10).get(1)).isEqualTo(first);
      assertThat(comments.count(1)).isEqualTo(2);
      assertThat(comments.add(99, "ada", "nowhere", T0)).isEmpty();
      db.inTransaction(c -> Sql.update(c, "DELETE FROM story_pair WHERE id = ?", 1));
      assertThat(comments.count(1)).isZero();
      assertThat(comments.count(2)).isEqualTo(1);
    }
  }
}
