package dev.evenhand.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * A judgment's stance on what the protagonist did. Generation uses Moral / Immoral / Both (METHOD.md,
 * step 2); the GenMO audit adds Can't say (METHOD.md, "Measuring bias"). {@link #INVALID} marks an
 * answer that could not be read: it is never a guess.
 */
public enum Stance {
  MORAL("Moral"), IMMORAL("Immoral"), BOTH("Both"), CANT_SAY("Can't say"), INVALID("INVALID");

  private final String label;

  Stance(String label) { this.label = label; }

  /** @return the label written in files and shown to people, e.g. {@code Can't say} */
  public String label() { return label; }

  /** @return true for Moral and Immoral, the two stances that take a side */
  public boolean takesSide() { return this == MORAL || this == IMMORAL; }

  /**
   * Reads an exact stance label, ignoring case and surrounding space; "Cant say" and "Can't say" both
   * read as {@link #CANT_SAY}. Nothing is guessed from a longer text.
   *
   * @param text a label such as "Moral"
   * @return the stance, or empty when the text is not exactly one label
   */
  public static Optional<Stance> parseLabel(String text) {
    if (text == null) return Optional.empty();
    String t = text.strip().toLowerCase(Locale.ROOT).replace("’", "'");
    return switch (t) {
      case "moral" -> Optional.of(MORAL);
      case "immoral" -> Optional.of(IMMORAL);
      case "both" -> Optional.of(BOTH);
      case "can't say", "cant say", "cannot say" -> Optional.of(CANT_SAY);
      case "invalid" -> Optional.of(INVALID);
      default -> Optional.empty();
    };
  }
}
