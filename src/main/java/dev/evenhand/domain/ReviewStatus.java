package dev.evenhand.domain;

import java.util.Locale;

/** Where a story pair stands in review. */
public enum ReviewStatus {
  PENDING, ACCEPTED, REJECTED;

  /** @return the lower-case label used on the command line and in files */
  public String label() { return name().toLowerCase(Locale.ROOT); }

  /**
   * @param label "pending", "accepted" or "rejected", any case
   * @return the status
   * @throws IllegalArgumentException for any other text
   */
  public static ReviewStatus parse(String label) {
    for (ReviewStatus s : values()) if (s.label().equalsIgnoreCase(label.strip())) return s;
    throw new IllegalArgumentException("unknown review status '" + label + "' (use pending, accepted or rejected)");
  }
}
