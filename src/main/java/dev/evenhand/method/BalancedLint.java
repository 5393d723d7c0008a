package dev.evenhand.method;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lints a balanced judgment, which must be gender-neutral and call the protagonist "the main
 * character" (METHOD.md, step 4): it finds gendered words ({@link GenderLexicon}) and either
 * protagonist's name.
 */
public final class BalancedLint {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?", Pattern.UNICODE_CHARACTER_CLASS);

  /**
   * A word that must not be in a balanced judgment.
   *
   * @param start  index of its first character
   * @param end    index after its last character
   * @param word   the word as written
   * @param reason "gendered word" or "protagonist's name"
   */
  public record Finding(int start, int end, String word, String reason) {}

  private BalancedLint() {}

  /**
   * @param text       the balanced judgment
   * @param maleName   the male protagonist's name, may be empty
   * @param femaleName the female protagonist's name, may be empty
   * @return the findings in text order; empty for a clean text
   */
  public static List<Finding> check(String text, String maleName, String femaleName) {
    List<String> names = new ArrayList<>();
    for (String n : new String[] {maleName, femaleName}) {
      if (n == null) continue;
      Matcher m = WORD.matcher(n);
      while (m.find()) if (m.group().length() > 1) names.add(m.group());
    }
    List<Finding> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String w = m.group();
      String base = w.replaceAll("['’]s$", "");
      if (names.contains(base)) out.add(new Finding(m.start(), m.end(), w, "protagonist's name"));
      else if (GenderLexicon.gendered(base)) out.add(new Finding(m.start(), m.end(), w, "gendered word"));
    }
    return out;
  }
}
