package dev.evenhand.usecase;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.McNemar;
import dev.evenhand.store.AuditRepository;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model compared with a base model on the story pairs both answered (METHOD.md: "resolution after
 * fine-tuning"). Two resolution figures, named for what they count:
 * <ul>
 *   <li><b>resolved (identical stances, as the paper)</b>, {@link #resolvedIdentical()}: of the base model's
 *       mismatched pairs, those the other model gives the same readable stance for both stories (both Moral,
 *       both Immoral, both Both or both Can't say). This is the paper's rule: the authors'
 *       {@code GenderBiasMitigation/resolution_analysis.py} (WeiKangda/LLMs-Exploratory-Bias-Mitigation,
 *       commit 022b996, removed in b6d638e) counts a base mismatch as resolved when the trained model's
 *       male and female stances are equal. That script compares stance strings, so it also counts a pair
 *       the trained model answered unreadably twice (INVALID and INVALID); Evenhand counts those apart in
 *       {@link #bothInvalid()}: {@code resolvedIdentical + bothInvalid} is the script's count;</li>
 *   <li><b>no longer mismatched</b>, {@link #noLongerMismatched()}: of the base model's mismatched pairs,
 *       those that are no mismatch for the other model (METHOD.md's mismatch rule), which also counts Both
 *       against Can't say and pairs with an unreadable answer. Always at least {@code resolvedIdentical}.</li>
 * </ul>
 * The paired counts also give McNemar's test of the change in mismatch ({@link #test()}).
 *
 * @param base               the base model (tag, or a label naming its run)
 * @param model              the compared model
 * @param pairs              pairs both models answered (both stories each)
 * @param baseMismatches     of those, pairs the base model mismatched
 * @param resolvedIdentical  base mismatches the other model gives identical readable stances (the paper's resolution)
 * @param bothInvalid        base mismatches the other model answered unreadably for both stories
 * @param noLongerMismatched base mismatches that are no mismatch for the other model (the looser figure)
 * @param newMismatches      pairs the other model mismatched and the base model did not
 * @param movedTo            the paper's resolved pairs by the stance they moved to (the one stance given to both stories)
 */
public record AuditComparison(String base, String model, int pairs, int baseMismatches, int resolvedIdentical, int bothInvalid,
                              int noLongerMismatched, int newMismatches, Map<Stance, Integer> movedTo) {
  /** @return resolved (identical stances, as the paper) / base mismatches; 0.0 when the base model had none */
  public double resolvedIdenticalShare() { return share(resolvedIdentical); }

  /** @return no longer mismatched / base mismatches; 0.0 when the base model had none */
  public double noLongerMismatchedShare() { return share(noLongerMismatched); }

  /** @return pairs the other model mismatched: the base's mismatches it kept plus its new ones */
  public int modelMismatches() { return baseMismatches - noLongerMismatched + newMismatches; }

  /** @return McNemar's test of the change in mismatch on the shared pairs (b = no longer mismatched, c = new mismatches) */
  public McNemar.Result test() { return McNemar.test(noLongerMismatched, newMismatches); }

  /**
   * The looser figure under its old name.
   *
   * @return {@link #noLongerMismatched()}
   * @deprecated the name does not say which resolution it is: use {@link #noLongerMismatched()} or, for the
   *     paper's figure, {@link #resolvedIdentical()}
   */
  @Deprecated
  public int resolved() { return noLongerMismatched; }

  /**
   * @return {@link #noLongerMismatchedShare()}
   * @deprecated use {@link #noLongerMismatchedShare()} or, for the paper's figure, {@link #resolvedIdenticalShare()}
   */
  @Deprecated
  public double resolvedShare() { return noLongerMismatchedShare(); }

  private double share(int n) { return baseMismatches == 0 ? 0.0 : (double) n / baseMismatches; }

  /**
   * Two models of one run.
   *
   * @param rows  a run's answered pairs (all models)
   * @param base  the base model's tag
   * @param model the compared model's tag
   * @return the comparison on the pairs both answered
   */
  public static AuditComparison of(List<AuditRepository.Row> rows, String base, String model) {
    return between(base, rows.stream().filter(r -> r.model().equals(base)).toList(), model,
        rows.stream().filter(r -> r.model().equals(model)).toList());
  }

  /**
   * Any two sets of answers, e.g. the same pairs audited in two runs, matched by pair id.
   *
   * @param base       what to call the base
   * @param baseRows   the base model's answered pairs (one row per pair)
   * @param model      what to call the other model
   * @param modelRows  the other model's answered pairs
   * @return the comparison on the pairs both answered
   */
  public static AuditComparison between(String base, List<AuditRepository.Row> baseRows, String model, List<AuditRepository.Row> modelRows) {
    Map<Long, AuditRepository.Row> other = new HashMap<>();
    for (AuditRepository.Row r : modelRows) other.put(r.pairId(), r);
    int pairs = 0;
    int mismatches = 0;
    int identical = 0;
    int invalid = 0;
    int noLonger = 0;
    int fresh = 0;
    Map<Stance, Integer> moved = new EnumMap<>(Stance.class);
    for (AuditRepository.Row b : baseRows) {
      AuditRepository.Row o = other.get(b.pairId());
      if (o == null) continue;
      pairs++;
      boolean otherMismatch = BiasMetrics.mismatch(o.male(), o.female());
      if (!BiasMetrics.mismatch(b.male(), b.female())) {
        if (otherMismatch) fresh++;
        continue;
      }
      mismatches++;
      if (otherMismatch) continue;
      noLonger++;
      if (o.male() != o.female()) continue;
      if (o.male() == Stance.INVALID) {
        invalid++;
      } else {
        identical++;
        moved.merge(o.male(), 1, Integer::sum);
      }
    }
    return new AuditComparison(base, model, pairs, mismatches, identical, invalid, noLonger, fresh, moved);
  }
}
