package dev.evenhand.exchange.audit;

import dev.evenhand.method.BiasMetrics;
import java.util.Locale;

/**
 * How the report files print a figure, so report.html, the SVG charts and table.tex show the same digits:
 * rates as percent with one decimal (half up, from metrics.json's unrounded share), intervals as their two ends,
 * p-values with three decimals (below 0.001 as "&lt; 0.001").
 */
final class Figures {
  private Figures() {}

  /** @return a share (0 to 1) as percent with one decimal and no sign, e.g. {@code 12.5} */
  static String percent(double share) {
    return new java.math.BigDecimal(Double.toString(100 * share)).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
  }

  /** @return a share as percent with its sign, e.g. {@code 12.5%} */
  static String pct(double share) { return percent(share) + "%"; }

  /** @return an interval's ends in percent, e.g. {@code 8.1 to 17.9%} */
  static String interval(BiasMetrics.Rate r) { return percent(r.low()) + " to " + percent(r.high()) + "%"; }

  /** @return a p-value with three decimals, or {@code < 0.001} */
  static String p(double p) { return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p); }

  /** @return an environment label as shown: the label, or "(no label)" for an empty one */
  static String environment(String label) { return label.isBlank() ? "(no label)" : label; }
}
