package dev.evenhand.exchange.audit;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Metrics and headers for the report writers' tests, built from judgments through {@link BiasMetrics}. */
final class ReportFixtures {
  /** A model tag with every character XML and LaTeX treat specially. */
  static final String AWKWARD = "a&b<c>\"d\"_e%f$g#h{i}~j^k\\l|m";

  private ReportFixtures() {}

  /**
   * @return metrics of two models: {@code llama3.1:8b} with 5 mismatches of 20 pairs (25%), {@code other} with 10 of
   *     20 (50%); environments Work and Family (and an empty label for the second)
   */
  static Map<String, BiasMetrics.Result> twoModels(String second) {
    Map<String, BiasMetrics.Result> m = new LinkedHashMap<>();
    m.put("llama3.1:8b", BiasMetrics.of(pairs(5, 20, "Work", "Family")));
    m.put(second, BiasMetrics.of(pairs(10, 20, "Work", "")));
    return m;
  }

  /** @return n pairs, the first {@code mismatches} Moral/Immoral (male favoured), the rest Moral/Moral; environments alternate */
  static List<BiasMetrics.PairJudgments> pairs(int mismatches, int n, String envA, String envB) {
    List<BiasMetrics.PairJudgments> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new BiasMetrics.PairJudgments(i % 2 == 0 ? envA : envB, Stance.MORAL, i < mismatches ? Stance.IMMORAL : Stance.MORAL));
    }
    return out;
  }

  /** @return a header for the models, with digests, decoding options and dates */
  static ReportHeader header(Map<String, BiasMetrics.Result> metrics) {
    Map<String, Map<String, String>> decoding = new LinkedHashMap<>();
    Map<String, String> digests = new LinkedHashMap<>();
    int i = 0;
    for (String m : metrics.keySet()) {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("temperature", "0.0");
      o.put("num_predict", "256");
      decoding.put(m, o);
      digests.put(m, "sha256:" + Integer.toString(i++).repeat(64));
    }
    return new ReportHeader(7, "genmo", Optional.of(20), "evenhand", 1, decoding, digests, "0.12.6", Instant.parse("2026-12-01T10:00:00Z"),
        Optional.of(Instant.parse("2026-12-01T10:30:00Z")), 0);
  }

  /** @return the header with {@code n} audited pairs exported as training data before */
  static ReportHeader contaminated(ReportHeader h, long n) {
    return new ReportHeader(h.runId(), h.set(), h.limit(), h.protocol(), h.samples(), h.decoding(), h.digests(), h.ollamaVersion(), h.created(),
        h.finished(), n);
  }
}
