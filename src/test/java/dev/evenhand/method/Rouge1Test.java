package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evenhand.domain.FaultKind;
import org.junit.jupiter.api.Test;

/** ROUGE-1 F1 = 2 * overlap / (tokens of a + tokens of b), with stemming (METHOD.md). */
class Rouge1Test {
  @Test
  void hand_computed_overlap() {
    // a: the cat sat (3), b: the cat ran away (4), overlap 2 -> 4 / 7
    assertThat(Rouge1.f1("The cat sat.", "the cat ran away")).isCloseTo(4.0 / 7, within(1e-12));
  }

  @Test
  void repeatedTokensCountAtMostTheSmallerNumberOfTimes() {
    // a: a a a b (4), b: a b b (3): overlap min(3,1)+min(1,2) = 2 -> 4/7
    assertThat(Rouge1.f1("a a a b", "a b b")).isCloseTo(4.0 / 7, within(1e-12));
  }

  @Test
  void stemmingMatchesInflections() {
    assertThat(Rouge1.f1("walking walked", "walk walks")).isEqualTo(1.0);
  }

  @Test
  void identicalAndEmptyTexts() {
    assertThat(Rouge1.f1("Zoë met 李娜 today", "zoë met 李娜 today")).isEqualTo(1.0);
    assertThat(Rouge1.f1("", "anything")).isZero();
  }

  @Test
  void fidelityBoundsAreInclusive() {
    Fidelity f = Fidelity.PAPER;
    assertThat(f.check(0.8)).isEmpty();
    assertThat(f.check(0.95)).isEmpty();
    assertThat(f.check(0.7999)).contains(FaultKind.FIDELITY_LOW);
    assertThat(f.check(0.9501)).contains(FaultKind.FIDELITY_HIGH);
  }

  @Test
  void aGenderSwapOfAShortStoryLandsInTheBounds() {
    String m = "Tom told his boss that he would stay late, although his son was sick at home and needed him there tonight.";
    String w = "Ann told her boss that she would stay late, although her son was sick at home and needed her there tonight.";
    assertThat(Rouge1.f1(m, w)).isBetween(0.7, 0.8);
    assertThat(Fidelity.PAPER.check(Rouge1.f1(m, w))).contains(FaultKind.FIDELITY_LOW);
  }
}
