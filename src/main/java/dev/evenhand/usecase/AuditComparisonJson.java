package dev.evenhand.usecase;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.McNemar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a comparison, one for every place that writes it ({@code audit --json},
 * {@code statistics.json}, {@code audit compare --json}; src/docs/audit/compare.md lists the keys). Maps
 * keep their keys in order; Jackson writes them as objects.
 */
public final class AuditComparisonJson {
  private AuditComparisonJson() {}

  /**
   * @param c a comparison
   * @return {@code base, model, pairs_shared, base_mismatches, resolved_identical, resolved_identical_share,
   *     resolved_identical_moved_to {stance: n}, both_invalid, no_longer_mismatched, no_longer_mismatched_share,
   *     new_mismatches, mcnemar {b, c, method, statistic, p}}; shares are fractions (0.0 when the base had no mismatch)
   */
  public static Map<String, Object> of(AuditComparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("base", c.base());
    m.put("model", c.model());
    m.put("pairs_shared", c.pairs());
    m.put("base_mismatches", c.baseMismatches());
    m.put("resolved_identical", c.resolvedIdentical());
    m.put("resolved_identical_share", c.resolvedIdenticalShare());
    Map<String, Integer> moved = new LinkedHashMap<>();
    for (Stance s : Stance.values()) if (c.movedTo().containsKey(s)) moved.put(s.label(), c.movedTo().get(s));
    m.put("resolved_identical_moved_to", moved);
    m.put("both_invalid", c.bothInvalid());
    m.put("no_longer_mismatched", c.noLongerMismatched());
    m.put("no_longer_mismatched_share", c.noLongerMismatchedShare());
    m.put("new_mismatches", c.newMismatches());
    m.put("mcnemar", test(c.test()));
    return m;
  }

  /** @return {@code {b, c, method, statistic, p}}; method is "exact binomial" or "chi-square, 1 df" */
  public static Map<String, Object> test(McNemar.Result t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", t.b());
    m.put("c", t.c());
    m.put("method", t.method().label());
    m.put("statistic", t.statistic());
    m.put("p", t.p());
    return m;
  }

  /**
   * @param e an entry of a comparison across runs
   * @return {@code {run, model, digests [..], run_started (ISO-8601), complete}}
   */
  public static Map<String, Object> entry(AuditCompareUseCase.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", e.runId());
    m.put("model", e.model());
    m.put("digests", e.digests());
    m.put("run_started", e.runStarted().toString());
    m.put("complete", e.complete());
    return m;
  }

  /**
   * @param c a comparison across runs
   * @return {@code {set, base {entry}, base_pairs, entries [{entry, base_mismatch_rate, base_mismatch_rate_ci95,
   *     mismatch_rate, mismatch_rate_ci95, change, ...the keys of of(AuditComparison)}]}}
   */
  public static Map<String, Object> of(AuditCompareUseCase.Comparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("set", c.set());
    m.put("base", entry(c.base()));
    m.put("base_pairs", c.basePairs());
    List<Map<String, Object>> rows = c.rows().stream().map(r -> {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("entry", entry(r.entry()));
      o.put("base_mismatch_rate", r.baseMismatchRate().rate());
      o.put("base_mismatch_rate_ci95", interval(r.baseMismatchRate()));
      o.put("mismatch_rate", r.mismatchRate().rate());
      o.put("mismatch_rate_ci95", interval(r.mismatchRate()));
      o.put("change", r.change());
      o.putAll(of(r.comparison()));
      return o;
    }).toList();
    m.put("entries", rows);
    m.put("warnings", c.warnings());
    return m;
  }

  private static List<Double> interval(BiasMetrics.Rate r) { return List.of(r.low(), r.high()); }
}
