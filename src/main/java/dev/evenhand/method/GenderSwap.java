package dev.evenhand.method;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Story;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a text about one story's protagonist for the other story's, swapping the protagonist's name
 * and the personal pronouns (he/she, him/her, his/her, hers, himself/herself); nothing else changes, so
 * "her son" becomes "his son". This is the CDA baseline's rewrite (METHOD.md: "swaps the two explanations
 * between the stories, rewriting only names and pronouns"). "her" becomes "his" before a noun and "him"
 * otherwise.
 */
public final class GenderSwap {
  private static final Pattern WORD = Pattern.compile("[\\p{L}]+(?:['’][\\p{L}]+)?", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Set<String> PRONOUNS = Set.of("he", "she", "him", "her", "his", "hers", "himself", "herself");
  private static final Set<String> NOT_A_NOUN = Set.of("to", "and", "or", "but", "that", "as", "for", "with", "in", "on", "at", "by",
      "from", "because", "if", "when", "so", "than", "the", "a", "an", "of", "is", "was", "be", "about", "too", "again", "up", "down", "out");

  private GenderSwap() {}

  /**
   * @param text the text written for {@code from}
   * @param from the story it was written for
   * @param to   the story it is rewritten for
   * @return the rewritten text
   */
  public static String swap(String text, Story from, Story to) {
    GenderLexicon.Side target = to.gender() == Gender.MALE ? GenderLexicon.Side.MALE : GenderLexicon.Side.FEMALE;
    String fromName = from.name();
    String toName = to.name();
    StringBuilder out = new StringBuilder();
    Matcher m = WORD.matcher(text);
    int at = 0;
    while (m.find()) {
      out.append(text, at, m.start());
      at = m.end();
      String w = m.group();
      String suffix = "";
      String base = w;
      if (w.endsWith("'s") || w.endsWith("’s")) {
        base = w.substring(0, w.length() - 2);
        suffix = w.substring(w.length() - 2);
      }
      if (!fromName.isBlank() && (base.equals(fromName) || fromName.startsWith(base + " ") || fromName.endsWith(" " + base))) {
        out.append(base.equals(fromName) ? toName : base.equals(firstWord(fromName)) ? firstWord(toName) : toName).append(suffix);
        continue;
      }
      String lower = base.toLowerCase(Locale.ROOT);
      String swapped;
      if (lower.equals("her") && target == GenderLexicon.Side.MALE) swapped = nextIsNoun(text, m.end()) ? "his" : "him";
      else if (!PRONOUNS.contains(lower)) swapped = null;
      else swapped = GenderLexicon.sideOf(lower).filter(s -> s != target).flatMap(s -> GenderLexicon.counterpart(lower, target)).orElse(null);
      out.append(swapped == null ? w : matchCase(base, swapped) + suffix);
    }
    out.append(text.substring(at));
    return out.toString();
  }

  private static String firstWord(String s) { return s.strip().split("\\s+")[0]; }

  private static boolean nextIsNoun(String text, int from) {
    Matcher m = WORD.matcher(text);
    if (!m.find(from)) return false;
    String between = text.substring(from, m.start());
    if (!between.isBlank()) return false;
    return !NOT_A_NOUN.contains(m.group().toLowerCase(Locale.ROOT));
  }

  private static String matchCase(String original, String replacement) {
    if (original.equals(original.toUpperCase(Locale.ROOT)) && original.length() > 1) return replacement.toUpperCase(Locale.ROOT);
    if (Character.isUpperCase(original.charAt(0))) return Character.toUpperCase(replacement.charAt(0)) + replacement.substring(1);
    return replacement;
  }
}
