package dev.evenhand.domain;

import java.util.Locale;

/** One kind of entry in a pair's review history. */
public enum ReviewAction {
  ACCEPT, ACCEPT_EDITED, REJECT, SKIP, FLAG, UNDO, REDO;

  /** @return the lower-case label stored and shown, e.g. {@code accept_edited} */
  public String label() { return name().toLowerCase(Locale.ROOT); }
}
