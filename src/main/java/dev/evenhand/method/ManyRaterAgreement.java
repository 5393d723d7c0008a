package dev.evenhand.method;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Agreement among any number of reviewers on nominal labels (issue 15, point 6), beside {@link Agreement}'s Cohen's
 * kappa for two: Krippendorff's alpha, which takes any number of raters per unit and missing ratings, and Fleiss'
 * kappa, which needs the same number of ratings on every unit.
 *
 * <p>Krippendorff's alpha (nominal): α = 1 − D_o / D_e over the coincidence matrix of the pairable values, units
 * with fewer than two ratings left out (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011; his
 * 4-observer, 12-unit example gives 0.743). Fleiss' kappa: κ = (P̄ − P̄_e) / (1 − P̄_e) (Fleiss, "Measuring nominal
 * scale agreement among many raters", Psychological Bulletin 76(5), 1971).
 */
public final class ManyRaterAgreement {
  private ManyRaterAgreement() {}

  /**
   * Krippendorff's alpha for nominal labels.
   *
   * @param units each unit's ratings, one per rater who rated it (any number, any labels; null entries are missing)
   * @return alpha in [-1, 1]; NaN when fewer than two pairable values exist, or every pairable value is the same
   *     label (no variation: alpha is undefined)
   */
  public static double krippendorffAlpha(List<? extends List<String>> units) {
    Map<String, Map<String, Double>> o = new HashMap<>(); // the coincidence matrix o[c][k]
    Set<String> labels = new LinkedHashSet<>();
    double n = 0;
    for (List<String> unit : units) {
      List<String> values = unit.stream().filter(v -> v != null).toList();
      int m = values.size();
      if (m < 2) continue; // a unit rated once pairs with nothing
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          if (i == j) continue;
          o.computeIfAbsent(values.get(i), k -> new HashMap<>()).merge(values.get(j), 1.0 / (m - 1), Double::sum);
        }
      }
      labels.addAll(values);
      n += m;
    }
    if (n < 2) return Double.NaN;
    Map<String, Double> marginal = new HashMap<>();
    o.forEach((c, row) -> marginal.put(c, row.values().stream().mapToDouble(Double::doubleValue).sum()));
    double observed = 0; // disagreeing coincidences
    for (String c : labels) for (String k : labels) if (!c.equals(k)) observed += o.getOrDefault(c, Map.of()).getOrDefault(k, 0.0);
    double expected = 0; // disagreeing pairs expected from the marginals
    for (String c : labels) for (String k : labels) if (!c.equals(k)) expected += marginal.getOrDefault(c, 0.0) * marginal.getOrDefault(k, 0.0);
    expected /= (n - 1);
    if (expected == 0) return Double.NaN;
    return 1 - observed / expected;
  }

  /**
   * Fleiss' kappa.
   *
   * @param counts one row per unit: how many raters gave it each label (one column per label); every row must sum to
   *               the same number of raters, at least 2
   * @return kappa; NaN when there is no unit or chance agreement is 1 (every rating the same label)
   * @throws IllegalArgumentException when rows differ in length or in their number of raters, or have fewer than 2
   */
  public static double fleissKappa(int[][] counts) {
    if (counts.length == 0) return Double.NaN;
    int labels = counts[0].length;
    int raters = -1;
    double[] perLabel = new double[labels];
    double meanP = 0;
    for (int[] row : counts) {
      if (row.length != labels) throw new IllegalArgumentException("every unit needs a count for each of the " + labels + " labels");
      int r = 0;
      for (int c : row) r += c;
      if (raters == -1) raters = r;
      if (r != raters) throw new IllegalArgumentException("Fleiss' kappa needs the same number of ratings on every unit (" + raters + " and " + r + ")");
      if (r < 2) throw new IllegalArgumentException("Fleiss' kappa needs at least 2 ratings per unit");
      double agree = 0;
      for (int j = 0; j < labels; j++) {
        perLabel[j] += row[j];
        agree += (double) row[j] * (row[j] - 1);
      }
      meanP += agree / ((double) r * (r - 1));
    }
    meanP /= counts.length;
    double chance = 0;
    for (double p : perLabel) {
      double share = p / ((double) counts.length * raters);
      chance += share * share;
    }
    return chance == 1 ? Double.NaN : (meanP - chance) / (1 - chance);
  }
}
