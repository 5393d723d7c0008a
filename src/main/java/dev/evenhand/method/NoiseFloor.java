package dev.evenhand.method;

import dev.evenhand.domain.Stance;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.util.MathArrays;

/**
 * The noise floor of an audit (issue 14): when a model samples, the same story asked twice may get two answers,
 * so part of every male/female mismatch is chance. From K answers per story (K samples of the male and of the
 * female story of each pair, each drawn independently: distinct seeds), per model:
 * <ul>
 *   <li><b>within-story disagreement rate</b>: the probability that two answers to the same story differ
 *       (different stance labels, INVALID counted as an answer). Estimated on disjoint sample pairs (samples
 *       0 and 1, 2 and 3, ...) of every story, so the comparisons are independent Bernoulli trials; the 95%
 *       interval is Wilson's ({@link BiasMetrics#wilson}). Needs K ≥ 2.</li>
 *   <li><b>male/female mismatch rate</b>: the mismatch rule of METHOD.md applied to sample k of the male
 *       story against sample k of the female story, for every pair and k (K independent draws per pair),
 *       with its Wilson interval.</li>
 *   <li><b>gender effect beyond the noise</b>: per pair, the between-gender disagreement B (a male answer
 *       differs from a female answer, over all K × K cross comparisons) minus the within-gender disagreement
 *       W (the mean of the male and the female story's pairwise disagreement over their K(K-1)/2 comparisons).
 *       B and W are unbiased (U-statistics); with p and q the male and female answer distributions,
 *       E[B − W] = ½ Σ (p − q)², which is 0 exactly when the two stories get the same answer distribution
 *       and positive otherwise. The effect reported is the mean of B − W over pairs.</li>
 *   <li><b>paired permutation test</b> of "no gender effect" (p = q in every pair): within each pair the 2K
 *       answers are then exchangeable, so the gender labels are re-drawn at random within every pair (K answers
 *       to each side), {@value #PERMUTATIONS} times, and the one-sided p-value is
 *       (1 + #{permuted sum ≥ observed sum}) / (1 + permutations) (a Monte Carlo permutation test, e.g. Good,
 *       <i>Permutation, Parametric and Bootstrap Tests of Hypotheses</i>, 3rd ed., 2005, ch. 3). The random
 *       stream is a {@link Well19937c} seeded with {@value #SEED}, so the same answers give the same p-value.
 *       Needs K ≥ 2.</li>
 * </ul>
 * With greedy decoding every sample of a story is the same answer: K &gt; 1 then adds nothing.
 */
public final class NoiseFloor {
  /** Permutations of the test. */
  public static final int PERMUTATIONS = 2000;
  /** Seed of the permutation stream. */
  public static final int SEED = 20250521;

  private static final int STANCES = Stance.values().length;

  private NoiseFloor() {}

  /**
   * The K answers of a model to both stories of one pair.
   *
   * @param male   the male story's answers, sample 0 first
   * @param female the female story's answers, sample 0 first
   */
  public record PairSamples(List<Stance> male, List<Stance> female) {}

  /**
   * The noise floor of one model.
   *
   * @param pairs              pairs with at least one answer to each story
   * @param samples            the most samples any story has (K)
   * @param withinStory        within-story disagreement rate with its interval (0 with [0, 0] when K &lt; 2)
   * @param withinComparisons  disjoint within-story comparisons behind it
   * @param mismatch           male/female mismatch rate over every pair and sample index, with its interval
   * @param mismatchDraws      (pair, sample) draws behind it
   * @param genderEffect       mean over pairs of B − W (see the class comment); NaN when K &lt; 2
   * @param permutationP       the permutation test's one-sided p-value; NaN when K &lt; 2
   * @param pairsTested        pairs with at least two answers to each story (the test's pairs)
   */
  public record Result(int pairs, int samples, BiasMetrics.Rate withinStory, int withinComparisons, BiasMetrics.Rate mismatch,
                       int mismatchDraws, double genderEffect, double permutationP, int pairsTested) {
    /** @return true when the figures that need two answers per story could be computed */
    public boolean estimable() { return pairsTested > 0; }
  }

  /**
   * @param pairs each pair's samples (stories with no answer are skipped)
   * @return the figures
   */
  public static Result of(List<PairSamples> pairs) {
    int within = 0;
    int withinTrials = 0;
    int mm = 0;
    int draws = 0;
    int k = 0;
    int n = 0;
    List<Tested> tested = new ArrayList<>();
    double effect = 0;
    for (PairSamples p : pairs) {
      if (p.male().isEmpty() || p.female().isEmpty()) continue;
      n++;
      k = Math.max(k, Math.max(p.male().size(), p.female().size()));
      for (List<Stance> story : List.of(p.male(), p.female())) {
        for (int i = 0; i + 1 < story.size(); i += 2) {
          withinTrials++;
          if (story.get(i) != story.get(i + 1)) within++;
        }
      }
      for (int i = 0; i < Math.min(p.male().size(), p.female().size()); i++) {
        draws++;
        if (BiasMetrics.mismatch(p.male().get(i), p.female().get(i))) mm++;
      }
      if (p.male().size() >= 2 && p.female().size() >= 2) {
        Tested t = new Tested(codes(p), p.male().size());
        effect += difference(t.codes(), t.male());
        tested.add(t);
      }
    }
    if (tested.isEmpty()) {
      return new Result(n, k, BiasMetrics.wilson(0, 0), 0, BiasMetrics.wilson(mm, draws), draws, Double.NaN, Double.NaN, 0);
    }
    double observed = effect;
    RandomGenerator random = new Well19937c(SEED);
    int atLeast = 0;
    for (int r = 0; r < PERMUTATIONS; r++) {
      double sum = 0;
      for (Tested t : tested) {
        int[] shuffled = t.codes().clone();
        MathArrays.shuffle(shuffled, random);
        sum += difference(shuffled, t.male());
      }
      if (sum >= observed - 1e-12) atLeast++;
    }
    return new Result(n, k, BiasMetrics.wilson(within, withinTrials), withinTrials, BiasMetrics.wilson(mm, draws), draws,
        observed / tested.size(), (1.0 + atLeast) / (1.0 + PERMUTATIONS), tested.size());
  }

  /** One tested pair: its answers as stance ordinals, the first {@code male} of them the male story's. */
  private record Tested(int[] codes, int male) {}

  /** @return the answers as stance ordinals, the male story's first */
  private static int[] codes(PairSamples p) {
    int[] c = new int[p.male().size() + p.female().size()];
    int i = 0;
    for (Stance s : p.male()) c[i++] = s.ordinal();
    for (Stance s : p.female()) c[i++] = s.ordinal();
    return c;
  }

  /** @return B − W of one pair whose answers (stance ordinals) are {@code codes}, the first {@code male} of them one side */
  static double difference(int[] codes, int male) {
    int[][] counts = new int[STANCES][2];
    int m = male;
    int f = codes.length - male;
    for (int i = 0; i < codes.length; i++) counts[codes[i]][i < male ? 0 : 1]++;
    double sameCross = 0;
    double sameMale = 0;
    double sameFemale = 0;
    for (int[] c : counts) {
      sameCross += (double) c[0] * c[1];
      sameMale += (double) c[0] * (c[0] - 1);
      sameFemale += (double) c[1] * (c[1] - 1);
    }
    double between = 1 - sameCross / ((double) m * f);
    double withinGender = 0.5 * ((1 - sameMale / ((double) m * (m - 1))) + (1 - sameFemale / ((double) f * (f - 1))));
    return between - withinGender;
  }
}
