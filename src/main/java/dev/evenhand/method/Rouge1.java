package dev.evenhand.method;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tartarus.snowball.ext.PorterStemmer;

/**
 * ROUGE-1 F1 with Porter stemming, the fidelity measure of METHOD.md:
 * F1 = 2·overlap / (tokens of a + tokens of b), where overlap counts each token min(count in a, count in b)
 * times. Tokens are runs of Unicode letters and digits, lower-cased; tokens longer than three
 * characters are stemmed (as Google's rouge_score does), so accented and non-Latin text still counts.
 * Thread-safe: each call uses its own stemmer.
 */
public final class Rouge1 {
  private Rouge1() {}

  /** A text's token counts, computed once and compared many times (for near-duplicate checks). */
  public static final class Bag {
    final Map<String, Integer> counts;
    final int total;

    Bag(Map<String, Integer> counts, int total) {
      this.counts = counts;
      this.total = total;
    }
  }

  /** @return the stemmed token counts of {@code text} */
  public static Bag bag(String text) {
    PorterStemmer stemmer = new PorterStemmer();
    Map<String, Integer> counts = new HashMap<>();
    int total = 0;
    String lower = text.toLowerCase(Locale.ROOT);
    int i = 0;
    int n = lower.length();
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(lower.codePointAt(i))) i += Character.charCount(lower.codePointAt(i));
      int start = i;
      while (i < n && Character.isLetterOrDigit(lower.codePointAt(i))) i += Character.charCount(lower.codePointAt(i));
      if (i > start) {
        String tok = lower.substring(start, i);
        if (tok.length() > 3) {
          stemmer.setCurrent(tok);
          stemmer.stem();
          tok = stemmer.getCurrent();
        }
        counts.merge(tok, 1, Integer::sum);
        total++;
      }
    }
    return new Bag(counts, total);
  }

  /**
   * @return ROUGE-1 F1 in [0, 1] between two texts; 0 when either has no token, 1 for identical token bags
   */
  public static double f1(String a, String b) { return f1(bag(a), bag(b)); }

  /** @return ROUGE-1 F1 between two token bags */
  public static double f1(Bag a, Bag b) {
    if (a.total == 0 || b.total == 0) return 0.0;
    Map<String, Integer> small = a.counts.size() <= b.counts.size() ? a.counts : b.counts;
    Map<String, Integer> large = small == a.counts ? b.counts : a.counts;
    long overlap = 0;
    for (Map.Entry<String, Integer> e : small.entrySet()) {
      Integer other = large.get(e.getKey());
      if (other != null) overlap += Math.min(e.getValue(), other);
    }
    return 2.0 * overlap / (a.total + b.total);
  }
}
