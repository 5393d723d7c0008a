package dev.evenhand.usecase;

import dev.evenhand.domain.FieldLimits;
import dev.evenhand.method.InvalidInputException;

/** The checks shared by guidelines and comments before anything is written: the author's name and the text. */
final class NoteChecks {
  private NoteChecks() {}

  /**
   * @param author the reviewer name from the settings
   * @throws InvalidInputException when it is blank or longer than {@link FieldLimits#REVIEWER}
   */
  static void author(String author) {
    if (author == null || author.isBlank()) throw new InvalidInputException("the reviewer name is empty (set `reviewer` in the settings)");
    String tooLong = FieldLimits.tooLong("reviewer", author, FieldLimits.REVIEWER);
    if (tooLong != null) throw new InvalidInputException(tooLong);
  }

  /**
   * @param what  what the text is, for the message ("the comment", "the guidelines text")
   * @param text  the text, with CRLF or CR line ends turned into LF, leading and trailing white space removed
   * @param max   the most characters stored
   * @return the text to store
   * @throws InvalidInputException when it is empty, too long, holds a NUL or a lone surrogate
   */
  static String text(String what, String text, int max) {
    String t = text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n').strip();
    if (t.isEmpty()) throw new InvalidInputException(what + " is empty");
    String tooLong = FieldLimits.tooLong(what, t, max);
    if (tooLong != null) throw new InvalidInputException(tooLong);
    String invalid = FieldLimits.invalidText(t);
    if (invalid != null) throw new InvalidInputException(what + " " + invalid);
    return t;
  }
}
