package dev.evenhand.method;

import dev.evenhand.domain.FaultKind;
import java.util.Optional;

/**
 * The fidelity filter of METHOD.md: keep a pair only if ROUGE-1 F1 between its two stories lies in
 * [min, max] (the paper's bounds are 0.8 and 0.95), both bounds inclusive.
 *
 * @param min lower bound, inclusive
 * @param max upper bound, inclusive
 */
public record Fidelity(double min, double max) {
  /** The paper's bounds, 0.8 to 0.95. */
  public static final Fidelity PAPER = new Fidelity(0.8, 0.95);

  public Fidelity {
    if (!(min >= 0 && max <= 1 && min <= max))
      throw new InvalidInputException("fidelity bounds must satisfy 0 <= min <= max <= 1 (got " + min + " to " + max + ")");
  }

  /** @return empty when {@code rouge1} passes, else FIDELITY_LOW or FIDELITY_HIGH */
  public Optional<FaultKind> check(double rouge1) {
    if (rouge1 < min) return Optional.of(FaultKind.FIDELITY_LOW);
    if (rouge1 > max) return Optional.of(FaultKind.FIDELITY_HIGH);
    return Optional.empty();
  }
}
