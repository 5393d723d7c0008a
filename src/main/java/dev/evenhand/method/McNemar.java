package dev.evenhand.method;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * McNemar's test for a change in a paired binary outcome (here: is a story pair a mismatch?) between two
 * models answering the same pairs. Only the discordant pairs count: {@code b} pairs the first (base) model
 * mismatched and the second did not, {@code c} pairs the second mismatched and the base did not. Under the
 * null hypothesis of no change, each discordant pair is as likely to go either way, so {@code b} follows
 * Binomial(b + c, 1/2).
 *
 * <ul>
 *   <li>When {@code b + c < }{@value #EXACT_BELOW} the exact (conditional) binomial test is used, two-sided:
 *       {@code p = min(1, 2 P(X <= min(b, c)))}, X ~ Binomial(b + c, 1/2).</li>
 *   <li>Otherwise the asymptotic test: {@code chi2 = (b - c)^2 / (b + c)} with one degree of freedom, no
 *       continuity correction; {@code p = P(chi2_1 >= chi2) = erfc(sqrt(chi2 / 2))}.</li>
 * </ul>
 *
 * <p>Sources: Q. McNemar (1947), "Note on the sampling error of the difference between correlated
 * proportions or percentages", Psychometrika 12(2):153-157; A. Agresti, Categorical Data Analysis (3rd ed.,
 * Wiley 2013), section 11.1 (the test and its exact binomial form); the switch to the exact test below 25
 * discordant pairs is the usual rule (e.g. the "McNemar's test" entry of Wikipedia: "if b + c &lt; 25 ... an
 * exact binomial test can be used"); M. W. Fagerland, S. Lydersen, P. Laake (2013), "The McNemar test for
 * binary matched-pairs data: mid-p and asymptotic are better than exact conditional", BMC Medical Research
 * Methodology 13:91, for leaving out the continuity correction (the exact test below 25 is conservative).
 * Distributions: Apache Commons Math 3.6.1.
 */
public final class McNemar {
  /** Below this many discordant pairs ({@code b + c}) the exact binomial test is used. */
  public static final int EXACT_BELOW = 25;

  /** Which form of the test gave the p-value. */
  public enum Method {
    /** Exact binomial, two-sided (b + c below {@value McNemar#EXACT_BELOW}). */
    EXACT_BINOMIAL("exact binomial"),
    /** Chi-square with 1 degree of freedom, no continuity correction. */
    CHI_SQUARE("chi-square, 1 df");

    private final String label;

    Method(String label) { this.label = label; }

    /** @return e.g. {@code exact binomial}; also the JSON value */
    public String label() { return label; }
  }

  /**
   * The outcome of the test.
   *
   * @param b         discordant pairs the base mismatched and the other model did not
   * @param c         discordant pairs the other model mismatched and the base did not
   * @param method    the form used
   * @param statistic for {@link Method#CHI_SQUARE}: chi-square {@code (b - c)^2 / (b + c)}; for
   *                  {@link Method#EXACT_BINOMIAL}: {@code min(b, c)}, the tail count
   * @param p         two-sided p-value in [0, 1]; 1.0 when there is no discordant pair
   */
  public record Result(int b, int c, Method method, double statistic, double p) {}

  private McNemar() {}

  /**
   * @param b discordant pairs the base mismatched and the other model did not (not negative)
   * @param c discordant pairs the other model mismatched and the base did not (not negative)
   * @return the test; with no discordant pair the exact form with p = 1.0
   * @throws IllegalArgumentException when a count is negative
   */
  public static Result test(int b, int c) {
    if (b < 0 || c < 0) throw new IllegalArgumentException("discordant counts must not be negative (b " + b + ", c " + c + ")");
    int n = b + c;
    if (n < EXACT_BELOW) {
      int k = Math.min(b, c);
      double p = n == 0 ? 1.0 : Math.min(1.0, 2 * new BinomialDistribution(null, n, 0.5).cumulativeProbability(k));
      return new Result(b, c, Method.EXACT_BINOMIAL, k, p);
    }
    double chi2 = (double) (b - c) * (b - c) / n;
    // the upper tail of chi-square with 1 df is erfc(sqrt(x / 2)); erfc keeps tiny p-values that 1 - cdf rounds to 0
    return new Result(b, c, Method.CHI_SQUARE, chi2, Math.min(1.0, Erf.erfc(Math.sqrt(chi2 / 2))));
  }
}
