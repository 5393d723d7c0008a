package dev.evenhand.domain;

import java.util.Locale;

/**
 * Environment labels are normalised strings, not an enum (DESIGN.md, CLI contract): GenMO's Work,
 * Relationship, Family, Other, plus any label a theme file uses.
 */
public final class Environment {
  /** The label given to a pair whose source has no environment (GenMO has one such pair). */
  public static final String UNLABELLED = "Unlabelled";

  private Environment() {}

  /**
   * Normalises a raw label: trims spaces, maps "Others" to "Other", capitalises the first letter and
   * lower-cases the rest, and maps a blank or missing label to {@link #UNLABELLED}.
   * Source of the stray forms: METHOD.md (" Others", " Family ", "" occur in GenMO).
   *
   * @param raw the label as found in a file, may be null
   * @return the normalised label, never blank
   */
  public static String normalise(String raw) {
    if (raw == null || raw.isBlank()) return UNLABELLED;
    String t = raw.strip().toLowerCase(Locale.ROOT);
    if (t.equals("others")) t = "other";
    return Character.toUpperCase(t.charAt(0)) + t.substring(1);
  }
}
