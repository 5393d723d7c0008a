package dev.evenhand.ui.audit;

import dev.evenhand.method.BiasMetrics;
import dev.evenhand.usecase.AuditComparison;
import dev.evenhand.usecase.AuditUseCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Audit screen's comparison table as text, one row per model (no JavaFX, so view-model tests read it):
 * model, pairs, mismatch rate with its 95% Wilson interval, male / female favoured shares, binomial p,
 * invalid rate, the difference to the base (first) model in percentage points, and the base model's
 * mismatches this model resolved, twice: resolved as the paper counts it (identical stances for both stories,
 * with the stances they moved to) and no longer mismatched (the looser figure; {@link AuditComparison}). A figure with nothing under it yet (no answered pair, no favoured
 * mismatch, no base mismatch) is {@value #EMPTY}, never a made-up 0.0 or interval.
 */
public final class AuditTable {
  /** What an empty figure shows: an em dash. */
  public static final String EMPTY = "\u2014";

  private AuditTable() {}

  /**
   * @param f the figures of a run (also part-way through)
   * @return the cells, one list of 9 strings per model in the run's order
   */
  public static List<List<String>> rows(AuditUseCase.Figures f) {
    List<List<String>> out = new ArrayList<>();
    BiasMetrics.Result base = f.metrics().isEmpty() ? null : f.metrics().values().iterator().next();
    for (Map.Entry<String, BiasMetrics.Result> e : f.metrics().entrySet()) {
      BiasMetrics.Result r = e.getValue();
      AuditComparison cmp = f.comparisons().stream().filter(c -> c.model().equals(e.getKey())).findFirst().orElse(null);
      boolean answered = r.pairs() > 0;
      boolean favoured = r.favouredTotal() > 0;
      out.add(List.of(e.getKey(), Integer.toString(r.pairs()),
          answered ? String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * r.mismatchRate().rate(), 100 * r.mismatchRate().low(),
              100 * r.mismatchRate().high()) : EMPTY,
          favoured ? String.format(Locale.ROOT, "%.1f%% / %.1f%%", 100 * r.maleFavouredShare(), 100 * r.femaleFavouredShare()) : EMPTY,
          favoured ? String.format(Locale.ROOT, "%.3g", r.binomialP()) : EMPTY,
          answered ? String.format(Locale.ROOT, "%.1f%%", 100 * r.invalidRate().rate()) : EMPTY,
          cmp == null ? "base" : answered && base.pairs() > 0
              ? String.format(Locale.ROOT, "%+.1f pts", 100 * (r.mismatchRate().rate() - base.mismatchRate().rate())) : EMPTY,
          cmp == null ? "" : cmp.baseMismatches() == 0 ? EMPTY
              : String.format(Locale.ROOT, "%.1f%% of %d", 100 * cmp.resolvedIdenticalShare(), cmp.baseMismatches()) + movedTo(cmp),
          cmp == null ? "" : cmp.baseMismatches() == 0 ? EMPTY
              : String.format(Locale.ROOT, "%.1f%% of %d", 100 * cmp.noLongerMismatchedShare(), cmp.baseMismatches())));
    }
    return out;
  }

  /** @return " (to Moral 3, Both 1)", or nothing when no pair was resolved (it read "(—)") */
  private static String movedTo(AuditComparison c) {
    StringBuilder sb = new StringBuilder();
    c.movedTo().forEach((s, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(s.label()).append(' ').append(n));
    return sb.length() == 0 ? "" : " (to " + sb + ")";
  }
}
