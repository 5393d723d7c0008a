package dev.evenhand.domain;

/** The protagonist's gender in one story of a story pair. The male story always comes first. */
public enum Gender {
  MALE, FEMALE;

  /** @return the lower-case label used in files and JSON ("male", "female") */
  public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

  /** @return the other gender of the pair */
  public Gender other() { return this == MALE ? FEMALE : MALE; }
}
