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

  /**
   * A text and its findings, computed together, so whatever draws the findings draws them on the exact
   * text they were found in (issue 12: drawing new text with the previous text's findings threw
   * StringIndexOutOfBoundsException in the editor).
   *
   * @param text     the text linted, never null
   * @param findings its findings in text order, within the text
   */
  public record Lint(String text, List<Finding> findings) {
    /** An empty text: nothing to show. */
    public static final Lint EMPTY = new Lint("", List.of());

    /** @throws IllegalArgumentException when a finding lies outside the text or out of order */
    public Lint {
      text = text == null ? "" : text;
      findings = List.copyOf(findings);
      int at = 0;
      for (Finding f : findings) {
        if (f.start() < at || f.end() < f.start() || f.end() > text.length()) {
          throw new IllegalArgumentException("finding " + f + " is not within a text of " + text.length() + " characters");
        }
        at = f.end();
      }
    }

    /** @return true when the text is blank (an empty editor shows no lint) */
    public boolean blank() { return text.isBlank(); }

    /** @return the text cut at the findings: every character of the text once, in order */
    public List<Segment> segments() {
      List<Segment> out = new ArrayList<>();
      int at = 0;
      for (Finding f : findings) {
        if (f.start() > at) out.add(new Segment(text.substring(at, f.start()), false));
        out.add(new Segment(text.substring(f.start(), f.end()), true));
        at = f.end();
      }
      if (at < text.length()) out.add(new Segment(text.substring(at), false));
      return out;
    }
  }

  /**
   * A piece of a linted text.
   *
   * @param text    the characters
   * @param flagged true for a finding (a gendered word or a protagonist's name)
   */
  public record Segment(String text, boolean flagged) {}

  private BalancedLint() {}

  /**
   * @param text       the balanced judgment (null counts as empty)
   * @param maleName   the male protagonist's name, may be empty
   * @param femaleName the female protagonist's name, may be empty
   * @return the text with its findings
   */
  public static Lint lint(String text, String maleName, String femaleName) {
    String t = text == null ? "" : text;
    return new Lint(t, check(t, maleName, femaleName));
  }

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
