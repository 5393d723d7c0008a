package dev.evenhand.domain;

/** Where a generation run or an audit run stands; stored and shown as its {@link #label()}. */
public enum RunStatus {
  /** Going on, or stopped without finishing (crash, kill, cancel): resumable. */
  RUNNING,
  /** Finished: a generation run stored its target, an audit run asked every question. */
  COMPLETED,
  /** A generation run that used up its attempts short of the target. */
  SHORT;

  /** @return the lower-case label stored and shown, e.g. {@code completed} */
  public String label() { return Labels.of(this); }

  /** @return the status of a stored label such as {@code running}, any case @throws IllegalArgumentException for any other text */
  public static RunStatus parse(String label) { return Labels.parse(values(), label, RunStatus::label, "run status"); }

  /** @return the label, so a status prints as it is stored */
  @Override
  public String toString() { return label(); }
}
