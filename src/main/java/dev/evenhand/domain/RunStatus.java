package dev.evenhand.domain;

import java.util.Locale;

/** Where a generation run or an audit run stands; stored and shown as its {@link #label()}. */
public enum RunStatus {
  /** Going on, or stopped without finishing (crash, kill, cancel): resumable. */
  RUNNING,
  /** Finished: a generation run stored its target, an audit run asked every question. */
  COMPLETED,
  /** A generation run that used up its attempts short of the target. */
  SHORT;

  /** @return the lower-case label stored and shown, e.g. {@code completed} */
  public String label() { return name().toLowerCase(Locale.ROOT); }

  /**
   * @param label a stored label such as {@code running}, any case
   * @return the status
   * @throws IllegalArgumentException for any other text
   */
  public static RunStatus parse(String label) {
    for (RunStatus s : values()) if (s.label().equalsIgnoreCase(label.strip())) return s;
    throw new IllegalArgumentException("unknown run status '" + label + "' (running, completed or short)");
  }

  /** @return the label, so a status prints as it is stored */
  @Override
  public String toString() { return label(); }
}
