package dev.evenhand.ui.audit;

import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.McNemar;
import dev.evenhand.usecase.AuditComparison;
import dev.evenhand.usecase.AuditCompareUseCase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison across runs as text, one row per compared entry (no JavaFX, so view-model tests read it):
 * entry (tag @ run, then digest and start time), pairs shared with the base, the base's and the entry's
 * mismatch rate on those pairs with 95% Wilson intervals, the change in points, McNemar's test (b, c, p and
 * its form), resolved (identical stances, as the paper) with the stances moved to, and no longer mismatched.
 * A resolution with no base mismatch under it is {@value AuditTable#EMPTY}.
 */
public final class AuditCompareTable {
  /** Start times as shown: {@code 2026-12-03 05:10}, local time. */
  static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private AuditCompareTable() {}

  /**
   * @param e an entry
   * @return e.g. {@code digest 8754b77c7eee}, a line break, {@code started 2026-12-03 05:10} (local time), with {@code · unfinished} when the run did not finish
   */
  public static String details(AuditCompareUseCase.Entry e) {
    return "digest " + e.shortDigest() + "\nstarted " + WHEN.format(e.runStarted().atZone(ZoneId.systemDefault()))
        + (e.complete() ? "" : " \u00b7 unfinished");
  }

  /**
   * @param c a comparison across runs
   * @return the cells, one list of 8 strings per compared entry, in the comparison's order
   */
  public static List<List<String>> rows(AuditCompareUseCase.Comparison c) {
    List<List<String>> out = new ArrayList<>();
    for (AuditCompareUseCase.Row r : c.rows()) {
      AuditComparison x = r.comparison();
      McNemar.Result t = x.test();
      boolean any = x.baseMismatches() > 0;
      out.add(List.of(r.entry().label() + "\n" + details(r.entry()), Integer.toString(x.pairs()), rate(r.baseMismatchRate()),
          rate(r.mismatchRate()), String.format(Locale.ROOT, "%+.1f pts", 100 * r.change()),
          String.format(Locale.ROOT, "b %d / c %d, p = %.3g\n%s", t.b(), t.c(), t.p(), t.method().label()),
          any ? String.format(Locale.ROOT, "%.1f%% (%d of %d)%s", 100 * x.resolvedIdenticalShare(), x.resolvedIdentical(), x.baseMismatches(),
              movedTo(x)) : AuditTable.EMPTY,
          any ? String.format(Locale.ROOT, "%.1f%% (%d of %d)", 100 * x.noLongerMismatchedShare(), x.noLongerMismatched(), x.baseMismatches())
              : AuditTable.EMPTY));
    }
    return out;
  }

  private static String rate(BiasMetrics.Rate r) {
    return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * r.rate(), 100 * r.low(), 100 * r.high());
  }

  private static String movedTo(AuditComparison x) {
    StringBuilder sb = new StringBuilder();
    x.movedTo().forEach((s, n) -> sb.append(sb.length() == 0 ? "\nto " : ", ").append(s.label()).append(' ').append(n));
    return sb.toString();
  }
}
