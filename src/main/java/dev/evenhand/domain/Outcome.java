package dev.evenhand.domain;

import java.util.Locale;

/** Whether a model call's reply was read: stored and shown as its {@link #label()}. */
public enum Outcome {
  /** The reply was read and valid. */
  OK,
  /** The call failed or its reply could not be read; the call's {@link FaultKind} says why. */
  FAILED;

  /** @return the lower-case label stored and shown: {@code ok} or {@code failed} */
  public String label() { return name().toLowerCase(Locale.ROOT); }

  /**
   * @param label {@code ok} or {@code failed}, any case
   * @return the outcome
   * @throws IllegalArgumentException for any other text
   */
  public static Outcome parse(String label) {
    for (Outcome o : values()) if (o.label().equalsIgnoreCase(label.strip())) return o;
    throw new IllegalArgumentException("unknown call outcome '" + label + "' (ok or failed)");
  }

  /** @return the label, so an outcome prints as it is stored */
  @Override
  public String toString() { return label(); }
}
