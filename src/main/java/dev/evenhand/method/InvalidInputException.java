package dev.evenhand.method;

/**
 * Input a user gave that cannot be used (a themes file, an option value); the message names the file,
 * the line and the field (DESIGN.md: exit code 2).
 */
public class InvalidInputException extends RuntimeException {
  /** @param message e.g. {@code themes.jsonl:4:environment: missing or not a non-empty string} */
  public InvalidInputException(String message) { super(message); }
}
