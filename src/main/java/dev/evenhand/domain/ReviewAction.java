package dev.evenhand.domain;

import java.util.Locale;

/** One kind of entry in a pair's review history. */
public enum ReviewAction {
  ACCEPT, ACCEPT_EDITED, REJECT, SKIP, FLAG, UNDO, REDO;

  /** @return the lower-case label stored and shown, e.g. {@code accept_edited} */
  public String label() { return name().toLowerCase(Locale.ROOT); }

  /**
   * @param label a stored label such as {@code accept_edited}, any case
   * @return the action
   * @throws IllegalArgumentException for any other text, naming the labels allowed
   */
  public static ReviewAction parse(String label) {
    for (ReviewAction a : values()) if (a.label().equalsIgnoreCase(label.strip())) return a;
    throw new IllegalArgumentException("unknown review action '" + label
        + "' (use accept, accept_edited, reject, skip, flag, undo or redo)");
  }
}
