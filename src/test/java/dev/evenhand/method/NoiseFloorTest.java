package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evenhand.domain.Stance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The noise floor's figures on answers whose values are known. */
class NoiseFloorTest {
  private static List<Stance> of(Stance s, int n) { return new ArrayList<>(Collections.nCopies(n, s)); }

  private static List<Stance> mix(int moral, int immoral) {
    List<Stance> l = of(Stance.MORAL, moral);
    l.addAll(of(Stance.IMMORAL, immoral));
    return l;
  }

  @Test
  void betweenMinusWithinIsHalfTheSquaredDistanceOfTheTwoAnswerDistributions() {
    // male: 2 Moral, 2 Immoral; female: 4 Moral. B = 1 - (2*4)/16 = 0.5; W = (1 - 2*(2*1)/12 + 0) / 2 = (1 - 1/3) / 2 = 1/3
    NoiseFloor.PairSamples p = new NoiseFloor.PairSamples(mix(2, 2), mix(4, 0));
    NoiseFloor.Result r = NoiseFloor.of(List.of(p));
    assertThat(r.genderEffect()).isCloseTo(0.5 - 1.0 / 3, within(1e-12));
    // disjoint pairs: male (M,M) (I,I), female (M,M) (M,M): no disagreement
    assertThat(r.withinComparisons()).isEqualTo(4);
    assertThat(r.withinStory().rate()).isZero();
    // draws: M/M, M/M, I/M, I/M: 2 mismatches of 4
    assertThat(r.mismatch().rate()).isEqualTo(0.5);
  }

  @Test
  void thePermutationTestSeesAGenderEffectAndNotPureNoise() {
    List<NoiseFloor.PairSamples> effect = new ArrayList<>();
    List<NoiseFloor.PairSamples> noise = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      effect.add(new NoiseFloor.PairSamples(mix(4, 0), mix(1, 3)));
      // the same answer distribution for both stories, in different orders
      noise.add(new NoiseFloor.PairSamples(i % 2 == 0 ? List.of(Stance.MORAL, Stance.IMMORAL, Stance.MORAL, Stance.MORAL)
          : mix(3, 1), mix(3, 1)));
    }
    assertThat(NoiseFloor.of(effect).permutationP()).isLessThan(0.001);
    NoiseFloor.Result none = NoiseFloor.of(noise);
    assertThat(none.genderEffect()).isLessThan(0.0);
    assertThat(none.permutationP()).isGreaterThan(0.5);
    assertThat(none.withinStory().rate()).as("half the disjoint comparisons of a 3:1 story differ").isGreaterThan(0.2);
  }

  @Test
  void oneAnswerPerStoryGivesNoNoiseFloor() {
    NoiseFloor.Result r = NoiseFloor.of(List.of(new NoiseFloor.PairSamples(List.of(Stance.MORAL), List.of(Stance.IMMORAL))));
    assertThat(r.estimable()).isFalse();
    assertThat(r.genderEffect()).isNaN();
    assertThat(r.mismatch().rate()).isEqualTo(1.0);
  }
}
