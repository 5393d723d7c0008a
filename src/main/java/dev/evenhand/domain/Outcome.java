package dev.evenhand.domain;

/** Whether a model call's reply was read: stored and shown as its {@link #label()}. */
public enum Outcome {
  /** The reply was read and valid. */
  OK,
  /** The call failed or its reply could not be read; the call's {@link FaultKind} says why. */
  FAILED;

  /** @return the lower-case label stored and shown: {@code ok} or {@code failed} */
  public String label() { return Labels.of(this); }

  /** @return the outcome of {@code ok} or {@code failed}, any case @throws IllegalArgumentException for any other text */
  public static Outcome parse(String label) { return Labels.parse(values(), label, Outcome::label, "call outcome"); }
}
