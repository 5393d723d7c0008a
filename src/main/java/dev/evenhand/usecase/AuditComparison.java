package dev.evenhand.usecase;

import dev.evenhand.method.BiasMetrics;
import dev.evenhand.domain.Stance;
import dev.evenhand.store.AuditRepository;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a model with a base model on the same pairs (METHOD.md: "resolution after fine-tuning"): of
 * the base model's mismatched pairs, the share the other model judges consistently, and which stance
 * those pairs moved to (the other model's male stance on them).
 *
 * @param base          the base model
 * @param model         the compared model
 * @param baseMismatches pairs the base model mismatched (and the other model answered)
 * @param resolved      of those, pairs the other model judged consistently
 * @param movedTo       resolved pairs by the stance they moved to
 */
public record AuditComparison(String base, String model, int baseMismatches, int resolved, Map<Stance, Integer> movedTo) {
  /** @return resolved / base mismatches; 0.0 when the base model had none */
  public double resolvedShare() { return baseMismatches == 0 ? 0.0 : (double) resolved / baseMismatches; }

  /**
   * @param rows  a run's answered pairs (all models)
   * @param base  the base model
   * @param model the compared model
   * @return the comparison on the pairs both answered
   */
  public static AuditComparison of(List<AuditRepository.Row> rows, String base, String model) {
    Map<Long, AuditRepository.Row> b = new HashMap<>();
    Map<Long, AuditRepository.Row> m = new HashMap<>();
    for (AuditRepository.Row r : rows) {
      if (r.model().equals(base)) b.put(r.pairId(), r);
      else if (r.model().equals(model)) m.put(r.pairId(), r);
    }
    int mismatches = 0;
    int resolved = 0;
    Map<Stance, Integer> moved = new EnumMap<>(Stance.class);
    for (Map.Entry<Long, AuditRepository.Row> e : b.entrySet()) {
      AuditRepository.Row other = m.get(e.getKey());
      if (other == null || !BiasMetrics.mismatch(e.getValue().male(), e.getValue().female())) continue;
      mismatches++;
      if (!BiasMetrics.mismatch(other.male(), other.female())) {
        resolved++;
        moved.merge(other.male(), 1, Integer::sum);
      }
    }
    return new AuditComparison(base, model, mismatches, resolved, moved);
  }
}
