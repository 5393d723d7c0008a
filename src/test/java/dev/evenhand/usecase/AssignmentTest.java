package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.domain.Review;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.AssignmentRepository.Progress;
import dev.evenhand.store.PairQuery;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assignment with overlap (issue 15, point 4): 10 pairs, 3 reviewers, each pair to 2 of them; queues and progress. */
class AssignmentTest {
  @TempDir Path dir;
  private Services services;
  private String set;
  private List<Long> ids;

  @BeforeEach
  void open() {
    services = new Services(new AppPaths(dir.resolve("data"), dir.resolve("config")), new Settings("", "ada", 1, Duration.ofSeconds(30), "light"),
        dir.resolve("db/evenhand"), List.of("http://127.0.0.1:9"), new RetryPolicy(2, Duration.ofMillis(10), 2));
    new Seeds(services.pairs(), services.runs()).plain(1, 10);
    ids = services.reviews().ids(PairQuery.ALL.withSort(PairQuery.Sort.OLDEST));
    set = services.reviews().pair(ids.get(0)).orElseThrow().setName();
  }

  @AfterEach
  void close() { services.close(); }

  private List<Long> queueOf(String reviewer) { return services.reviews().ids(PairQuery.ALL.withSort(PairQuery.Sort.OLDEST).withAssignedTo(reviewer)); }

  @Test
  void overlapTwoOverThreeReviewersGivesEveryPairExactlyTwoAndBalancedQueuesAndProgress() {
    AssignmentUseCase a = services.assignments();
    AssignmentUseCase.Assigned done = a.assign(set, List.of("cy", "ada", "bob"), 2);
    assertThat(done.pairs()).isEqualTo(10);
    assertThat(done.perReviewer()).as("20 reviews dealt in turn: counts differ by at most one").containsExactly(
        Map.entry("ada", 7), Map.entry("bob", 7), Map.entry("cy", 6));
    Map<Long, List<String>> byPair = a.reviewersByPair(set);
    assertThat(byPair).hasSize(10);
    assertThat(byPair.values()).allSatisfy(rs -> assertThat(rs).hasSize(2).doesNotHaveDuplicates());
    Map<String, Integer> counted = new HashMap<>();
    byPair.values().forEach(rs -> rs.forEach(r -> counted.merge(r, 1, Integer::sum)));
    assertThat(counted).isEqualTo(Map.of("ada", 7, "bob", 7, "cy", 6));

    a.assign(set, List.of("bob", "cy", "ada"), 2);
    assertThat(a.reviewersByPair(set)).as("the same set and names give the same split, in any order given").isEqualTo(byPair);

    for (String r : List.of("ada", "bob", "cy")) {
      assertThat(queueOf(r)).as("%s's queue", r).containsExactlyElementsOf(byPair.entrySet().stream()
          .filter(e -> e.getValue().contains(r)).map(Map.Entry::getKey).toList());
    }
    List<Long> adas = queueOf("ada");
    ReviewService review = services.review();
    review.accept(adas.get(0), "ada", true);
    Review rejected = review.reject(adas.get(1), "ada", "");
    review.undo(rejected, "ada");
    review.skip(adas.get(2), "ada");
    review.blind(adas.get(3), "ada", false, java.util.Optional.empty(), "");
    review.accept(adas.get(4), "bob", true); // bob decided a pair of ada's: still in ada's queue
    assertThat(queueOf("ada")).as("decided (blind too) leave the queue; undone, skipped and others' do not")
        .containsExactlyElementsOf(adas.stream().filter(id -> !id.equals(adas.get(0)) && !id.equals(adas.get(3))).toList());
    List<Progress> p = a.progress(set);
    assertThat(p).extracting(Progress::reviewer).containsExactly("ada", "bob", "cy");
    assertThat(p.get(0)).isEqualTo(new Progress("ada", 7, 2));
    assertThat(p.get(0).left()).isEqualTo(5);
    long bobsAssigned = byPair.get(adas.get(4)).contains("bob") ? 1 : 0;
    assertThat(p.get(1)).isEqualTo(new Progress("bob", 7, bobsAssigned));
    assertThat(p.get(2)).isEqualTo(new Progress("cy", 6, 0));
    assertThat(a.progressOf("ada")).isEqualTo(new Progress("ada", 7, 2));
  }

  @Test
  void anOverlapOutsideOneToTheNumberOfReviewersOrAnUnknownSetIsRefused() {
    AssignmentUseCase a = services.assignments();
    assertThatThrownBy(() -> a.assign(set, List.of("ada", "bob"), 3)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--overlap");
    assertThatThrownBy(() -> a.assign(set, List.of("ada", "ada"), 1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("named twice");
    assertThatThrownBy(() -> a.assign("nope", List.of("ada"), 1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("no pair set named 'nope'");
    assertThat(a.progress(set)).as("nothing assigned").isEmpty();
  }

  @Test
  void theCliAssignsAndShowsWhoHasDoneWhat() {
    services.close();
    String db = dir.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(dir, Map.of());
    CliRunner.Result r = cli.run("--db", db, "assign", set, "--reviewers", "ada,bob,cy", "--overlap", "2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("assigned 10 pairs of set " + set + ", each to 2 of 3 reviewers").contains("ada").contains("cy");
    r = cli.run("--db", db, "review", "list", "--assigned-to", "cy", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    long first = Long.parseLong(r.out().replaceAll("(?s)^\\[\\{\"id\":(\\d+).*", "$1"));
    r = cli.run("--db", db, "review", "show", String.valueOf(first), "--json");
    assertThat(r.out()).contains("\"version\":0");
    assertThat(cli.run("--db", db, "review", "reject", String.valueOf(first), "--on-version", "0").exit()).isZero();
    r = cli.run("--db", db, "review", "accept", String.valueOf(first), "--on-version", "0");
    assertThat(r.exit()).as("decided since version 0 (by the CLI's own reviewer, the user name)").isEqualTo(2);
    assertThat(r.err()).containsPattern("was decided meanwhile: \\S+ rejected it at ").contains("(now rejected)");
    // a negative version is no version: it was taken as "no check" and overrode the decision (a breaker)
    r = cli.run("--db", db, "review", "accept", String.valueOf(first), "--on-version", "-1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--on-version: a version is 0 or more");
    r = cli.run("--db", db, "assignments", set, "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("[{\"reviewer\":\"ada\",\"assigned\":7,").contains("{\"reviewer\":\"cy\",\"assigned\":6,\"decided\":0,\"left\":6}");
    r = cli.run("--db", db, "assignments", set);
    assertThat(r.out()).contains("reviewer").contains("assigned").contains("decided").contains("left");
    assertThat(cli.run("--db", db, "assign", set, "--reviewers", "ada", "--overlap", "2").exit()).isEqualTo(2);
  }
}
