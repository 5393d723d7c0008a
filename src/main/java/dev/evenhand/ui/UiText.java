package dev.evenhand.ui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text for a screen from text written for a terminal: the use cases' messages quote commands in
 * Markdown backticks ({@code `ollama serve`}), which a label would show literally. The screens show them in
 * quotation marks instead.
 */
public final class UiText {
  private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");

  private UiText() {}

  /**
   * @param s a message, may be null
   * @return the message with each {@code `code`} span shown as “code”; a lone backtick is dropped; null stays null
   */
  public static String plain(String s) {
    if (s == null || s.indexOf('`') < 0) return s;
    return CODE.matcher(s).replaceAll(m -> Matcher.quoteReplacement("\u201c" + m.group(1) + "\u201d")).replace("`", "");
  }
}
