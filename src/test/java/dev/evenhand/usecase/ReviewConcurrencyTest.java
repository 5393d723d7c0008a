package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewConflictException;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.Seeds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two reviewers on one pair at once (issue 15, point 3): each decision states the pair's version it was made on, so
 * the second never overwrites the first silently. Two databases opened on one H2 file (two connection pools, as two
 * GUIs would have), each reviewer on their own thread.
 */
class ReviewConcurrencyTest {
  @TempDir Path dir;
  private Database dbA;
  private Database dbB;
  private ReviewService ada;
  private ReviewService bob;
  private PairRepository pairs;
  private final List<Long> ids = new ArrayList<>();

  @BeforeEach
  void open() {
    dbA = Database.open(dir.resolve("db/evenhand"));
    dbB = Database.open(dir.resolve("db/evenhand"));
    pairs = new PairRepository(dbA);
    new Seeds(pairs, new RunRepository(dbA)).plain(1, 8);
    ids.addAll(pairs.ids(PairQuery.ALL));
    ada = new ReviewService(new ReviewRepository(dbA));
    bob = new ReviewService(new ReviewRepository(dbB));
  }

  @AfterEach
  void close() {
    dbB.close();
    dbA.close();
  }

  @Test
  void aDecisionOnAReplacedVersionIsRefusedNamingWhoDecidedWhatAndWhenAndIsKeptAsTheReviewersOwn() {
    long id = ids.get(0);
    long seenByAda = ada.presence().version(id);
    long seenByBob = bob.presence().version(id);
    assertThat(seenByAda).as("no decision yet").isZero();
    BalancedJudgment bobs = new BalancedJudgment("Bob's neutral text for the first story.", "Bob's neutral text for the second story.");
    Review first = bob.acceptEdited(id, "bob", bobs, true, seenByBob);

    assertThatThrownBy(() -> ada.reject(id, "ada", "too close to the theme", seenByAda))
        .isInstanceOf(ReviewConflictException.class)
        .hasMessageContaining("pair " + id + " was decided meanwhile: bob accepted it with edits at "
            + first.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .hasMessageContaining("(now accepted)")
        .hasMessageContaining("your reject did not change the pair")
        .satisfies(e -> {
          ReviewConflictException c = (ReviewConflictException) e;
          assertThat(c.latest().actionId()).isEqualTo(first.id());
          assertThat(c.latest().balanced()).contains(bobs);
          assertThat(c.keptAs()).isPositive();
        });

    assertThat(pairs.find(id).orElseThrow().status()).as("bob's decision stands").isEqualTo(ReviewStatus.ACCEPTED);
    assertThat(pairs.find(id).orElseThrow().balanced()).contains(bobs);
    List<Review> h = ada.history(id);
    assertThat(h).extracting(Review::reviewer).containsExactly("bob", "ada");
    assertThat(h.get(1).action()).as("ada's decision kept as her own").isEqualTo(ReviewAction.REJECT);
    assertThat(h.get(1).after()).as("it did not change the pair").isEqualTo(ReviewStatus.ACCEPTED);
    assertThat(h.get(1).reason()).contains("not applied: pair decided meanwhile by bob (#" + first.id() + ")").contains("too close to the theme");
    assertThat(ada.presence().version(id)).as("a kept (blind) decision is no new version").isEqualTo(first.id());

    // decided again on the version she now sees, ada's decision replaces bob's, knowingly
    Review second = ada.reject(id, "ada", "", ada.presence().version(id));
    assertThat(second.before()).isEqualTo(ReviewStatus.ACCEPTED);
    assertThat(pairs.find(id).orElseThrow().status()).isEqualTo(ReviewStatus.REJECTED);
    // a skip or a flag by someone else is no decision: it does not refuse one
    long v = ada.presence().version(id);
    bob.flag(id, "bob", "names differ");
    assertThat(ada.accept(id, "ada", true, v).after()).isEqualTo(ReviewStatus.ACCEPTED);
  }

  @Test
  void anUndoNeverRevertsAnotherReviewersLaterDecision() {
    long id = ids.get(1);
    Review adas = ada.accept(id, "ada", true, 0);
    Review bobs = bob.reject(id, "bob", "", adas.id());
    assertThatThrownBy(() -> ada.undo(adas, "ada")).isInstanceOf(ReviewConflictException.class)
        .hasMessageContaining("bob rejected it at").hasMessageContaining("(now rejected)");
    assertThat(pairs.find(id).orElseThrow().status()).isEqualTo(ReviewStatus.REJECTED);
    Review undone = bob.undo(bobs, "bob");
    assertThat(undone.after()).as("bob's own undo works").isEqualTo(ReviewStatus.ACCEPTED);
    assertThatThrownBy(() -> ada.undo(adas, "ada")).as("bob's undo is his decision too, after ada's accept")
        .isInstanceOf(ReviewConflictException.class).hasMessageContaining("bob undid a decision on it at");
    Review again = ada.accept(ids.get(2), "ada", true, 0);
    ada.flag(ids.get(2), "ada", "a second look");
    assertThat(ada.undo(again, "ada").after()).as("ada's own later rows do not stop her undo").isEqualTo(ReviewStatus.PENDING);
  }

  @Test
  void twoReviewersDecidingOnePairAtTheSameMomentKeepBothDecisionsAndExactlyOneChangesThePair() throws Exception {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      for (long id : ids) {
        long v = ada.presence().version(id);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Object> a = two.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          try {
            return ada.accept(id, "ada", true, v);
          } catch (ReviewConflictException e) {
            return e;
          }
        });
        Future<Object> b = two.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          try {
            return bob.reject(id, "bob", "", v);
          } catch (ReviewConflictException e) {
            return e;
          }
        });
        Object ra = a.get(60, TimeUnit.SECONDS);
        Object rb = b.get(60, TimeUnit.SECONDS);
        assertThat(List.of(ra, rb)).as("pair %d: one decision applied, one refused", id)
            .haveExactly(1, new org.assertj.core.api.Condition<>(o -> o instanceof Review, "applied"))
            .haveExactly(1, new org.assertj.core.api.Condition<>(o -> o instanceof ReviewConflictException, "refused"));
        Review won = (Review) (ra instanceof Review ? ra : rb);
        ReviewConflictException lost = (ReviewConflictException) (ra instanceof Review ? rb : ra);
        assertThat(lost.latest().reviewer()).isEqualTo(won.reviewer());
        assertThat(lost.latest().actionId()).isEqualTo(won.id());
        assertThat(lost.getMessage()).contains(won.reviewer()).contains("now " + won.after().label());
        List<Review> h = ada.history(id);
        assertThat(h).as("both decisions are in review_action").hasSize(2);
        assertThat(h).extracting(Review::reviewer).containsExactlyInAnyOrder("ada", "bob");
        assertThat(h.get(1).id()).isEqualTo(lost.keptAs());
        assertThat(h.get(1).before()).as("the refused one changed nothing").isEqualTo(h.get(1).after());
        assertThat(pairs.find(id).orElseThrow().status()).as("pair %d shows the decision that won", id).isEqualTo(won.after());
      }
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void editingMarksShowWhoHasAPairOpenAndLapseWithoutAHeartbeat() {
    Instant t0 = Instant.parse("2026-12-03T09:00:00Z");
    ReviewPresence at0 = new ReviewPresence(new dev.evenhand.store.ReviewPresenceRepository(dbA), Clock.fixed(t0, ZoneOffset.UTC));
    ReviewPresence bobAt0 = new ReviewPresence(new dev.evenhand.store.ReviewPresenceRepository(dbB), Clock.fixed(t0, ZoneOffset.UTC));
    at0.heartbeat(ids.get(0), "ada");
    bobAt0.heartbeat(ids.get(0), "bob");
    assertThat(bobAt0.editing()).containsEntry(ids.get(0), List.of("ada", "bob"));
    at0.heartbeat(ids.get(1), "ada");
    assertThat(bobAt0.editing()).as("ada moved on").containsEntry(ids.get(0), List.of("bob")).containsEntry(ids.get(1), List.of("ada"));
    Instant later = t0.plus(ReviewPresence.MARK_TTL).plus(Duration.ofSeconds(1));
    ReviewPresence bobLater = new ReviewPresence(new dev.evenhand.store.ReviewPresenceRepository(dbB), Clock.fixed(later, ZoneOffset.UTC));
    bobLater.heartbeat(ids.get(0), "bob");
    assertThat(bobLater.editing()).as("ada's mark lapsed without a heartbeat").containsOnlyKeys(ids.get(0));
    bobLater.release("bob");
    assertThat(bobLater.editing()).isEmpty();
    long before = at0.lastActionId();
    ada.skip(ids.get(2), "ada");
    assertThat(bobLater.lastActionId()).as("another process sees the new action").isGreaterThan(before);
  }
}
