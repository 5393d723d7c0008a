package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

/** McNemar's test against values worked out by hand. */
class McNemarTest {
  @Test
  void fewDiscordantPairsUseTheExactBinomialTestTwoSided() {
    // b = 7, c = 2: X ~ Bin(9, 1/2); P(X <= 2) = (1 + 9 + 36) / 512; p = 2 * 46 / 512 = 0.1796875
    McNemar.Result r = McNemar.test(7, 2);
    assertThat(r.method()).isEqualTo(McNemar.Method.EXACT_BINOMIAL);
    assertThat(r.statistic()).isEqualTo(2.0);
    assertThat(r.p()).isCloseTo(92.0 / 512, within(1e-12));
    // symmetric in b and c
    assertThat(McNemar.test(2, 7).p()).isCloseTo(92.0 / 512, within(1e-12));
    // b = 8, c = 0: p = 2 / 256
    assertThat(McNemar.test(8, 0).p()).isCloseTo(2.0 / 256, within(1e-12));
  }

  @Test
  void anEvenSplitOrNoDiscordantPairGivesPOne() {
    assertThat(McNemar.test(0, 0).p()).isEqualTo(1.0);
    assertThat(McNemar.test(3, 3).p()).as("2 P(X <= 3), X ~ Bin(6, 1/2) = 2 * 42/64, capped at 1").isEqualTo(1.0);
  }

  @Test
  void twentyFiveOrMoreDiscordantPairsUseChiSquareWithOneDegreeOfFreedom() {
    // b = 30, c = 10: chi2 = 20^2 / 40 = 10; P(chi2_1 >= 10) = 0.0015654022580025 (tables: erfc(sqrt(5)))
    McNemar.Result r = McNemar.test(30, 10);
    assertThat(r.method()).isEqualTo(McNemar.Method.CHI_SQUARE);
    assertThat(r.statistic()).isEqualTo(10.0);
    assertThat(r.p()).isCloseTo(0.0015654022580025, within(1e-12));
    assertThat(r.p()).isCloseTo(1 - new ChiSquaredDistribution(1).cumulativeProbability(10), within(1e-12));
    // the boundary: b + c = 25 is asymptotic, 24 exact
    assertThat(McNemar.test(15, 10).method()).isEqualTo(McNemar.Method.CHI_SQUARE);
    assertThat(McNemar.test(14, 10).method()).isEqualTo(McNemar.Method.EXACT_BINOMIAL);
    // chi2 = 1 for (15 - 10)^2 / 25: p = 0.31731050786291
    assertThat(McNemar.test(15, 10).p()).isCloseTo(0.31731050786291, within(1e-12));
  }

  @Test
  void aTinyPValueIsNotRoundedToZero() {
    McNemar.Result r = McNemar.test(900, 0);
    assertThat(r.p()).isGreaterThan(0.0).isLessThan(1e-100);
  }

  @Test
  void aNegativeCountIsRefused() {
    assertThatThrownBy(() -> McNemar.test(-1, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
