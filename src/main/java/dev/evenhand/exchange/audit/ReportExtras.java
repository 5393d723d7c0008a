package dev.evenhand.exchange.audit;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.McNemar;
import dev.evenhand.method.NoiseFloor;
import java.util.List;
import java.util.Map;

/**
 * The figures of an audit report beyond the headline (issue 14, points 2 to 4), for {@code report.html}: per model the
 * per-environment rates under the paper's exact labels with the pairs they drop, the noise floor when stories were
 * asked more than once, and each model after the first against the first (the paper's resolution and the looser
 * figure, McNemar's test of the change).
 *
 * @param exact       per model tag: the exact-label rates ({@link BiasMetrics#exactLabels}); may lack a model
 * @param noise       per model tag: the noise floor ({@link NoiseFloor}); empty when each story was asked once
 * @param comparisons each model after the first against the first, in the run's order
 */
public record ReportExtras(Map<String, BiasMetrics.ExactLabels> exact, Map<String, NoiseFloor.Result> noise, List<Comparison> comparisons) {
  /** No extra figures (a report of the headline alone). */
  public static final ReportExtras NONE = new ReportExtras(Map.of(), Map.of(), List.of());

  public ReportExtras {
    exact = Map.copyOf(exact);
    noise = Map.copyOf(noise);
    comparisons = List.copyOf(comparisons);
  }

  /**
   * One model against the base model on the pairs both answered.
   *
   * @param base               the base model tag
   * @param model              the compared model tag
   * @param pairs              pairs both answered
   * @param baseMismatches     the base model's mismatches among them
   * @param resolvedIdentical  of those, pairs the model gives one stance for both stories (the paper's resolution)
   * @param noLongerMismatched of those, pairs that are no mismatch for the model (the looser figure)
   * @param movedTo            the paper's resolved pairs by the stance they moved to
   * @param test               McNemar's test of the change in mismatch
   */
  public record Comparison(String base, String model, int pairs, int baseMismatches, int resolvedIdentical, int noLongerMismatched,
                           Map<Stance, Integer> movedTo, McNemar.Result test) {
    public Comparison {
      movedTo = Map.copyOf(movedTo);
    }
  }
}
