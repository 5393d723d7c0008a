package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.GenderedWord;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
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

/**
 * The neutrality gate's rules in {@link ReviewService} on a real H2 file (issue 12): refusal without an override, the
 * override saved with the history row, a multi-pair accept all or nothing, undo and redo of an accept with an override,
 * and a balanced judgment changed between the lint and the save.
 */
class NeutralityGateTest {
  private static final String NEUTRAL = "The main character weighed need against honesty.";
  @TempDir Path dir;

  @Test
  void aFlaggedAcceptNeedsTheOverrideWhichTheHistoryKeepsAndUndoRedoCarry() {
    try (Database db = Database.open(dir.resolve("evenhand"))) {
      Seeds seeds = new Seeds(new PairRepository(db), new RunRepository(db));
      long flagged = seeds.pair("Tom", "Tom kept it.", "Ann", "Ann kept it.", "Work", Stance.MORAL, "He did.", Stance.IMMORAL, "She did.",
          NEUTRAL, "Ann kept it; her choice was wrong.");
      long clean = seeds.pair("Omar", "Omar kept it.", "Aisha", "Aisha kept it.", "Work", Stance.MORAL, "He did.", Stance.IMMORAL, "She did.",
          NEUTRAL, NEUTRAL);
      ReviewRepository rows = new ReviewRepository(db);
      ReviewService review = new ReviewService(rows);

      assertThatThrownBy(() -> review.requireNeutral(List.of(clean, flagged))).isInstanceOf(GenderedJudgmentRefused.class)
          .hasMessageContaining("pair " + flagged + ": \"Ann\" in the female story's text (protagonist's name), \"her\" in the female story's text (gendered pronoun)")
          .hasMessageNotContaining("pair " + clean);
      assertThatThrownBy(() -> review.accept(flagged, "ada")).isInstanceOf(GenderedJudgmentRefused.class);
      assertThat(review.history(flagged)).as("a refusal saves nothing").isEmpty();

      Review done = review.accept(flagged, "ada", true);
      List<GenderedWord> words = List.of(new GenderedWord(Gender.FEMALE, "Ann", "protagonist's name"),
          new GenderedWord(Gender.FEMALE, "her", "gendered pronoun"));
      assertThat(done.override()).containsExactlyElementsOf(words);
      assertThat(review.history(flagged)).singleElement().extracting(Review::override).isEqualTo(words);
      assertThat(rows.acceptedWithOverride()).containsExactly(flagged);
      assertThat(review.accept(clean, "ada").override()).as("a neutral text needs no override").isEmpty();

      review.undo(done, "ada");
      assertThat(rows.acceptedWithOverride()).as("undone: the pair is pending again").isEmpty();
      Review redone = review.redo(done, "ada");
      assertThat(redone.action()).isEqualTo(ReviewAction.REDO);
      assertThat(redone.override()).as("the redo carries the override the reviewer gave").containsExactlyElementsOf(words);
      assertThat(rows.acceptedWithOverride()).containsExactly(flagged);

      review.acceptEdited(flagged, "ada", new BalancedJudgment(NEUTRAL, NEUTRAL));
      assertThat(rows.acceptedWithOverride()).as("re-accepted with a neutral text").isEmpty();
      assertThat(review.history(flagged)).extracting(Review::overridden).containsExactly(true, false, true, false);
    }
  }

  @Test
  void aBalancedJudgmentChangedBetweenTheLintAndTheSaveIsNotAccepted() {
    try (Database db = Database.open(dir.resolve("evenhand"))) {
      long id = new Seeds(new PairRepository(db), new RunRepository(db)).pair("Tom", "Tom kept it.", "Ann", "Ann kept it.", "Work",
          Stance.MORAL, "He did.", Stance.IMMORAL, "She did.", NEUTRAL, NEUTRAL);
      ReviewRepository rows = new ReviewRepository(db);
      BalancedJudgment linted = new BalancedJudgment(NEUTRAL, NEUTRAL);
      // someone else edits the text after the gate linted it: the accept of the linted text must not go through
      rows.apply(id, "bob", ReviewAction.SKIP, null, Optional.of(new BalancedJudgment("Tom kept it; he was wrong.", NEUTRAL)), "");
      assertThatThrownBy(() -> rows.apply(id, "ada", ReviewAction.ACCEPT, ReviewStatus.ACCEPTED, Optional.empty(), "", linted, List.of()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("changed");
      assertThat(new PairRepository(db).find(id).orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);
    }
  }
}
