package dev.evenhand.method;

import dev.evenhand.usecase.ReviewService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.Seeds;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cohen's kappa and identical edits between two reviewers; blind second reviews leave the first review standing. */
class AgreementTest {
  @TempDir Path dir;

  @Test
  void kappaByHand() {
    // 10 pairs: both accept 6, both reject 2, A accepts / B rejects 1, A rejects / B accepts 1
    // p_o = 0.8; p_a = 0.7, p_b = 0.7; p_e = 0.49 + 0.09 = 0.58; kappa = 0.22 / 0.42
    List<Agreement.Decision> d = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) d.add(new Agreement.Decision(true, true, null, null));
    for (int i = 0; i < 2; i++) d.add(new Agreement.Decision(false, false, null, null));
    d.add(new Agreement.Decision(true, false, null, null));
    d.add(new Agreement.Decision(false, true, null, null));
    Agreement.Result r = Agreement.of(d);
    assertThat(r.pairs()).isEqualTo(10);
    assertThat(r.agreed()).isEqualTo(8);
    assertThat(r.kappa()).isCloseTo(0.22 / 0.42, within(1e-12));
    assertThat(Agreement.of(List.of()).kappa()).isNaN();
    assertThat(Agreement.of(List.of(new Agreement.Decision(true, true, "x", "x"), new Agreement.Decision(true, true, "x", "y")))
        .identicalEditShare()).isEqualTo(0.5);
  }

  @Test
  void aBlindSecondReviewIsStoredWithoutChangingTheFirstAndIsComparedWithIt() {
    try (Database db = Database.open(dir.resolve("db"))) {
      PairRepository pairs = new PairRepository(db);
      Seeds seeds = new Seeds(pairs, new RunRepository(db));
      seeds.plain(1, 4);
      ReviewService review = new ReviewService(new ReviewRepository(db));
      review.accept(1, "ada");
      review.acceptEdited(2, "ada", new BalancedJudgment("The main character erred.", "The main character erred."));
      review.reject(3, "ada", "");
      review.accept(4, "ada");
      review.blind(1, "grace", true, Optional.empty(), "");
      review.blind(2, "grace", true, Optional.of(new BalancedJudgment("The main character erred.", "The main character erred.")), "");
      review.blind(3, "grace", true, Optional.empty(), "");
      review.blind(4, "grace", false, Optional.empty(), "too short");
      assertThat(pairs.find(4).orElseThrow().status()).as("the first review stands").isEqualTo(ReviewStatus.ACCEPTED);
      assertThat(pairs.find(3).orElseThrow().status()).isEqualTo(ReviewStatus.REJECTED);
      Agreement.Result r = review.agreement("ada", "grace");
      // ada: A A R A, grace: A A A R -> p_o = 0.5, p_a = p_b = 0.75, p_e = 0.625, kappa = -1/3
      assertThat(r.pairs()).isEqualTo(4);
      assertThat(r.agreed()).isEqualTo(2);
      assertThat(r.kappa()).isCloseTo(-1.0 / 3, within(1e-12));
      assertThat(r.bothEdited()).isEqualTo(1);
      assertThat(r.identicalEdits()).isEqualTo(1);
    }
  }
}
