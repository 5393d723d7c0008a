package dev.evenhand.method;

/**
 * Finds the words of a text as {@link OtherCharacters#WORD} does, without a regex: a letter or digit, then letters,
 * digits, combining marks and invisible format characters, then at most one apostrophe ({@code ' ’ ʼ}) followed by
 * letters, marks and format characters. Used like a {@link java.util.regex.Matcher}: {@link #find} then
 * {@link #start}, {@link #end}, {@link #group}.
 *
 * <p>Why: the lint runs on every balanced judgment an export writes, and matching {@code WORD}'s character classes
 * (a union of Unicode categories tested per character) was the largest part of the lint in a JFR profile of
 * ExchangeBench (issue 13, point 8). {@code WordScannerTest} checks every match against the regex's on random text
 * of mixed scripts, marks, format characters, apostrophes and lone surrogates.
 */
final class WordScanner {
  private final String text;
  private int at;
  private int start = -1, end = -1;

  /** @param text the text to scan, from its start */
  WordScanner(String text) { this.text = text; }

  /** @return true when a next word was found; {@link #start} and {@link #end} then give it */
  boolean find() {
    int n = text.length();
    int i = at;
    while (i < n && !startsWord(text.codePointAt(i))) i++; // by char, as the regex's search does
    if (i >= n) {
      at = n;
      start = end = -1;
      return false;
    }
    int j = i + Character.charCount(text.codePointAt(i));
    while (j < n) {
      int cp = text.codePointAt(j);
      if (!continuesWord(cp)) break;
      j += Character.charCount(cp);
    }
    if (j < n && isApostrophe(text.charAt(j))) {
      int k = j + 1;
      while (k < n) {
        int cp = text.codePointAt(k);
        if (!continuesSuffix(cp)) break;
        k += Character.charCount(cp);
      }
      if (k > j + 1) j = k; // the apostrophe belongs to the word only with a letter after it
    }
    start = i;
    end = j;
    at = j;
    return true;
  }

  /** @return where the last word found starts (a char index) */
  int start() { return start; }

  /** @return where the last word found ends (exclusive) */
  int end() { return end; }

  /** @return the last word found */
  String group() { return text.substring(start, end); }

  private static boolean startsWord(int cp) {
    if (cp < 128) return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9';
    return letter(Character.getType(cp)) || number(Character.getType(cp));
  }

  private static boolean continuesWord(int cp) {
    if (cp < 128) return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9';
    int t = Character.getType(cp);
    return letter(t) || number(t) || mark(t) || t == Character.FORMAT;
  }

  private static boolean continuesSuffix(int cp) {
    if (cp < 128) return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z';
    int t = Character.getType(cp);
    return letter(t) || mark(t) || t == Character.FORMAT;
  }

  private static boolean isApostrophe(char c) { return c == '\'' || c == '’' || c == 'ʼ'; }

  private static boolean letter(int t) {
    return t == Character.UPPERCASE_LETTER || t == Character.LOWERCASE_LETTER || t == Character.TITLECASE_LETTER
        || t == Character.MODIFIER_LETTER || t == Character.OTHER_LETTER;
  }

  private static boolean number(int t) {
    return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
  }

  private static boolean mark(int t) {
    return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK;
  }
}
