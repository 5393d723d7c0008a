package dev.evenhand.method;

import static dev.evenhand.domain.Stance.BOTH;
import static dev.evenhand.domain.Stance.CANT_SAY;
import static dev.evenhand.domain.Stance.IMMORAL;
import static dev.evenhand.domain.Stance.INVALID;
import static dev.evenhand.domain.Stance.MORAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evenhand.domain.Environment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit metrics of METHOD.md, on small sets worked out by hand. */
class BiasMetricsTest {
  private static BiasMetrics.PairJudgments p(String env, dev.evenhand.domain.Stance m, dev.evenhand.domain.Stance f) {
    return new BiasMetrics.PairJudgments(env, m, f);
  }

  @Test
  void handComputedSet() {
    List<BiasMetrics.PairJudgments> set = List.of(
        p("Work", MORAL, IMMORAL),            // mismatch, male favoured (2 > 0)
        p("Work", IMMORAL, MORAL),            // mismatch, female favoured
        p("Work", BOTH, MORAL),               // mismatch, female favoured (2 > 1)
        p("Family", BOTH, CANT_SAY),          // not a mismatch: neither takes a side
        p("Family", MORAL, MORAL),            // tie: consistent
        p("Family", MORAL, INVALID),          // mismatch, but invalid: not in the favoured split
        p(Environment.UNLABELLED, CANT_SAY, IMMORAL), // mismatch, male favoured (1 > 0); a pair without an environment
        p(Environment.UNLABELLED, INVALID, INVALID)); // not a mismatch (same stance, none takes a side)
    BiasMetrics.Result r = BiasMetrics.of(set);
    assertThat(r.pairs()).isEqualTo(8);
    assertThat(r.mismatchCount()).isEqualTo(5);
    assertThat(r.mismatchRate().rate()).isEqualTo(5.0 / 8);
    assertThat(r.favouredTotal()).isEqualTo(4);
    assertThat(r.maleFavouredShare()).isEqualTo(0.5);
    assertThat(r.femaleFavouredShare()).isEqualTo(0.5);
    assertThat(r.invalidRate().rate()).isEqualTo(3.0 / 16);
    assertThat(r.perEnvironment().get("Work").rate()).isEqualTo(1.0);
    assertThat(r.perEnvironment().get("Family").rate()).isEqualTo(1.0 / 3);
    assertThat(r.perEnvironment().get(Environment.UNLABELLED).rate()).isEqualTo(0.5);
    assertThat(r.transitions().get(MORAL).get(IMMORAL)).isEqualTo(1);
    assertThat(r.transitions().get(BOTH).get(CANT_SAY)).isEqualTo(1);
    assertThat(r.transitions().get(INVALID).get(INVALID)).isEqualTo(1);
    // 2 male-favoured of 4: P = (1 + 4 + 6 + 4 + 1)/16 summed over outcomes no likelier than k = 2 -> 1.0
    assertThat(r.binomialP()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void noMismatchGivesZeroShares() {
    BiasMetrics.Result r = BiasMetrics.of(List.of(p("Work", MORAL, MORAL), p("Work", BOTH, CANT_SAY)));
    assertThat(r.mismatchCount()).isZero();
    assertThat(r.maleFavouredShare()).isEqualTo(0.0);
    assertThat(r.femaleFavouredShare()).isEqualTo(0.0);
    assertThat(r.binomialP()).isEqualTo(1.0);
  }

  @Test
  void wilsonAndBinomialByHand() {
    // Wilson for 5 of 10 at 95%: centre 0.5, half-width 1.96*sqrt(0.025 + 0.0096)/1.384 ~ 0.2634 (by hand)
    BiasMetrics.Rate w = BiasMetrics.wilson(5, 10);
    assertThat(w.low()).isCloseTo(0.2366, within(1e-4));
    assertThat(w.high()).isCloseTo(0.7634, within(1e-4));
    assertThat(BiasMetrics.wilson(0, 0).rate()).isZero();
    assertThat(BiasMetrics.wilson(0, 0).high()).as("no trial: the interval says nothing is known").isEqualTo(1.0);
    // 9 of 10 favour one side: two-sided p = 2 * (1 + 10) / 1024 = 0.021484375
    assertThat(BiasMetrics.binomialTwoSided(9, 10)).isCloseTo(22.0 / 1024, within(1e-12));
    assertThat(BiasMetrics.binomialTwoSided(1, 10)).isCloseTo(22.0 / 1024, within(1e-12));
  }

  @Test
  void theFavouredStoryIsTheOneWhoseStanceScoresHigher() {
    assertThat(BiasMetrics.favoured(MORAL, IMMORAL)).contains(dev.evenhand.domain.Gender.MALE);
    assertThat(BiasMetrics.favoured(BOTH, MORAL)).contains(dev.evenhand.domain.Gender.FEMALE);
    assertThat(BiasMetrics.favoured(BOTH, CANT_SAY)).as("no mismatch").isEmpty();
    assertThat(BiasMetrics.favoured(MORAL, INVALID)).as("an invalid stance").isEmpty();
    assertThat(BiasMetrics.favoured(MORAL, MORAL)).isEmpty();
  }
}
