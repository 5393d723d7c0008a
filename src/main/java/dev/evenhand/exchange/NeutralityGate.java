package dev.evenhand.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.method.BalancedLint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The neutrality gate of an export (issue 12): a pair is left out of the training data when it was accepted with a
 * recorded override ({@value ExportService#OVERRIDE}), or when the lint ({@link BalancedLint}) flags its balanced
 * judgment today ({@value ExportService#GENDERED}: accepted before the gate existed, imported, or not accepted at
 * all under {@code --status all}). {@code --include-gendered} keeps them, and the manifest then counts them as kept.
 * One gate serves one export; it counts as it goes.
 */
final class NeutralityGate {
  private final Set<Long> overridden;
  private final boolean applies;
  private final boolean include;
  // in this order on every run (Map.of's iteration order changes from one JVM to the next, and the manifest follows it)
  private final Map<String, Long> leftOut = new LinkedHashMap<>();

  {
    leftOut.put(ExportService.OVERRIDE, 0L);
    leftOut.put(ExportService.GENDERED, 0L);
    leftOut.put(ExportService.INCOMPLETE, 0L);
  }
  private long kept;

  /**
   * @param overridden ids of the pairs accepted with an override
   * @param applies    false for a format the gate does not apply to ({@link ExportService#gated}): nothing is left out
   * @param include    true for {@code --include-gendered}: nothing is left out, flagged pairs are counted as kept
   */
  NeutralityGate(Set<Long> overridden, boolean applies, boolean include) {
    this.overridden = overridden;
    this.applies = applies;
    this.include = include;
  }

  /** @return true when the pair must be left out (counted by reason); a flagged pair that is written is counted as kept */
  boolean leavesOut(CuratedPair p) {
    return leavesOut(p, flagged(p));
  }

  /**
   * Whether the lint flags the pair's balanced judgment; false without one, and false for a pair accepted with an
   * override (left out for that reason, so the lint's verdict is not needed). Thread-safe: reads only what the
   * constructor was given, so {@link LintAhead} runs it on its own thread.
   */
  boolean flagged(CuratedPair p) {
    return !overridden.contains(p.id()) && p.balanced().filter(b -> !BalancedLint.check(b, p).isEmpty()).isPresent();
  }

  /**
   * As {@link #leavesOut(CuratedPair)}, with the lint's verdict computed before ({@link #flagged}).
   *
   * @param flagged what {@link #flagged} returned for {@code p}
   */
  boolean leavesOut(CuratedPair p, boolean flagged) {
    String why = overridden.contains(p.id()) ? ExportService.OVERRIDE : flagged ? ExportService.GENDERED : null;
    if (why == null) return false;
    if (!applies || include) {
      kept++;
      return false;
    }
    leftOut.merge(why, 1L, Long::sum);
    return true;
  }

  /** Counts a pair a trainer format leaves out for want of what it trains on ({@value ExportService#INCOMPLETE}). */
  void incomplete() { leftOut.merge(ExportService.INCOMPLETE, 1L, Long::sum); }

  /** @return the pairs left out by reason, every reason present */
  Map<String, Long> leftOut() { return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leftOut)); }

  /** @return the flagged pairs written */
  long kept() { return kept; }

  /**
   * Adds the gate to a manifest: {@code "neutrality_gate": "applied"|"included (--include-gendered)"|"not applied"}, {@code "left_out": {reason: n}}
   * and {@code "gendered_kept": n} (counts of the whole export, the same in the train and test manifests of a split).
   */
  void describe(ObjectNode manifest) {
    manifest.put("neutrality_gate", !applies ? "not applied" : include ? "included (--include-gendered)" : "applied");
    ObjectNode out = manifest.putObject("left_out");
    leftOut.forEach(out::put);
    manifest.put("gendered_kept", kept);
  }
}
