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

  /** How a screen says where another Ollama server is set: the Settings screen's field, not the command line's options. */
  static final String ELSEWHERE_ON_SCREEN = "or set another server under Settings, Ollama URL(s)";

  /**
   * @param s a message, may be null
   * @return the message with each {@code `code`} span shown as “code”; a lone backtick is dropped; the command line's way
   *     to another Ollama server ({@link dev.evenhand.llm.OllamaException#ELSEWHERE}) in the screens' words; null stays null
   */
  public static String plain(String s) {
    if (s == null) return null;
    s = s.replace(dev.evenhand.llm.OllamaException.ELSEWHERE, ELSEWHERE_ON_SCREEN);
    if (s.indexOf('`') < 0) return s;
    return CODE.matcher(s).replaceAll(m -> Matcher.quoteReplacement("\u201c" + m.group(1) + "\u201d")).replace("`", "");
  }
}
