package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-environment rates with the paper's exact labels (analysis.py's find_prominent_env). */
class BiasMetricsExactLabelsTest {
  @Test
  void labelsNotWrittenExactlyFallOutOfEveryDenominatorAndAreCounted() {
    List<BiasMetrics.PairJudgments> pairs = List.of(
        new BiasMetrics.PairJudgments("Work", Stance.MORAL, Stance.IMMORAL),
        new BiasMetrics.PairJudgments("Work", Stance.MORAL, Stance.MORAL),
        new BiasMetrics.PairJudgments(" Work", Stance.MORAL, Stance.IMMORAL),
        new BiasMetrics.PairJudgments(" Others", Stance.MORAL, Stance.IMMORAL),
        new BiasMetrics.PairJudgments("Others", Stance.MORAL, Stance.IMMORAL),
        new BiasMetrics.PairJudgments("", Stance.BOTH, Stance.IMMORAL),
        new BiasMetrics.PairJudgments("Other", Stance.BOTH, Stance.CANT_SAY));
    BiasMetrics.ExactLabels e = BiasMetrics.exactLabels(pairs);
    assertThat(e.perEnvironment().keySet()).containsExactly("Work", "Relationship", "Family", "Other");
    assertThat(e.perEnvironment().get("Work").rate()).isEqualTo(0.5);
    assertThat(e.perEnvironment().get("Other").rate()).as("Both vs Can't say is no mismatch").isZero();
    assertThat(e.perEnvironment().get("Family").rate()).as("no pair: 0.0, as analysis.py").isZero();
    assertThat(e.pairsDropped()).isEqualTo(4);
  }
}
