package dev.evenhand.app.cli;

import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.NoiseFloor;
import dev.evenhand.usecase.AuditProtocolFigures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code audit} prints a model's noise floor and exact-label per-environment rates (issue 14). */
final class AuditFiguresJson {
  private AuditFiguresJson() {}

  /**
   * Adds {@code per_environment_exact_labels} ({@code {label: [rate, low, high]}}), {@code pairs_dropped_by_exact_labels},
   * {@code pairs_without_source_label} and {@code noise_floor} to one model's object of the {@code --json} summary.
   */
  static void put(Map<String, Object> o, AuditProtocolFigures.ModelFigures f) {
    Map<String, Object> env = new LinkedHashMap<>();
    f.exact().perEnvironment().forEach((k, v) -> env.put(k, List.of(v.rate(), v.low(), v.high())));
    o.put("per_environment_exact_labels", env);
    o.put("pairs_dropped_by_exact_labels", f.exact().pairsDropped());
    o.put("pairs_without_source_label", f.unlabelledPairs());
    NoiseFloor.Result r = f.noise();
    Map<String, Object> nf = new LinkedHashMap<>();
    nf.put("samples", r.samples());
    nf.put("male_female_mismatch_rate", r.mismatch().rate());
    nf.put("male_female_mismatch_rate_ci95", List.of(r.mismatch().low(), r.mismatch().high()));
    if (r.estimable()) {
      nf.put("within_story_disagreement_rate", r.withinStory().rate());
      nf.put("within_story_disagreement_rate_ci95", List.of(r.withinStory().low(), r.withinStory().high()));
      nf.put("gender_effect", r.genderEffect());
      nf.put("permutation_p", r.permutationP());
    }
    o.put("noise_floor", nf);
  }

  /** @return one line for people: the exact-label rates and drops, and the noise floor when there are samples */
  static String line(String model, AuditProtocolFigures.ModelFigures f) {
    StringBuilder sb = new StringBuilder("  " + model + ", per environment with the paper's exact labels:");
    for (Map.Entry<String, BiasMetrics.Rate> e : f.exact().perEnvironment().entrySet()) {
      sb.append(String.format(" %s %.1f%%", e.getKey(), 100 * e.getValue().rate()));
    }
    int dropped = f.exact().pairsDropped();
    sb.append(" (").append(dropped).append(dropped == 1 ? " pair" : " pairs").append(" dropped by the exact labels)");
    NoiseFloor.Result r = f.noise();
    if (r.estimable()) {
      sb.append(String.format("%n  %s, noise floor over %d samples: within-story disagreement %.1f%% (95%% CI %.1f-%.1f%%), "
              + "male/female mismatch %.1f%% (95%% CI %.1f-%.1f%%), gender effect beyond the noise %.4f (permutation p %.3g)", model, r.samples(),
          100 * r.withinStory().rate(), 100 * r.withinStory().low(), 100 * r.withinStory().high(), 100 * r.mismatch().rate(),
          100 * r.mismatch().low(), 100 * r.mismatch().high(), r.genderEffect(), r.permutationP()));
    }
    return sb.toString();
  }
}
