package dev.evenhand.method;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the protagonists' names in a story pair that gives none (GenMO, FORMATS.md): the protagonist is
 * the first name that differs between the two stories, a capitalised word that is not a gendered word.
 * A first-person story ("I am a man…") has no name: both are empty.
 */
public final class Protagonists {
  /**
   * Words of each story compared. The protagonist is named near the start, and the word diff costs up
   * to (N+M)·D, so a 200,000-word pair of unlike stories would take minutes without a bound.
   */
  static final int WORDS_COMPARED = 500;
  /** A possessive 's at the end of a word (compiled once: it is cut off every word compared). */
  static final Pattern POSSESSIVE_S = Pattern.compile("['’]s$");

  private Protagonists() {}

  /**
   * The protagonists' names of a story pair.
   *
   * @param male   the name in the male story, empty when none was found
   * @param female the name in the female story, empty when none was found
   */
  public record Names(String male, String female) {
    /** No name found. */
    public static final Names NONE = new Names("", "");
  }

  /**
   * @param male   the male story
   * @param female the female story
   * @return the two names; both empty when no name differs within the first {@value #WORDS_COMPARED} words
   */
  public static Names names(String male, String female) {
    List<String> a = words(male);
    List<String> b = words(female);
    for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
      List<String> src = d.getSource().getLines();
      List<String> tgt = d.getTarget().getLines();
      if (src.isEmpty() || tgt.isEmpty()) continue;
      String m = POSSESSIVE_S.matcher(src.get(0)).replaceAll("");
      String f = POSSESSIVE_S.matcher(tgt.get(0)).replaceAll("");
      if (isName(m) && isName(f)) return new Names(m, f);
    }
    return Names.NONE;
  }

  private static boolean isName(String w) {
    return Character.isUpperCase(w.codePointAt(0)) && !GenderLexicon.gendered(w) && !w.equals("I");
  }

  /**
   * @return the first {@link #WORDS_COMPARED} words of {@code s}: a letter followed by letters, apostrophes and hyphens
   *     (the regex {@code [\p{L}][\p{L}'’-]*}, scanned by hand: the regex took half the time of the neutrality gate's
   *     lint of an export, issue 13); a letter is {@link Character#isLetter(int)}, which is what {@code \p{L}} matches
   */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (out.size() < WORDS_COMPARED && i < n) {
      int cp = s.codePointAt(i);
      if (!Character.isLetter(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      i += Character.charCount(cp);
      while (i < n) {
        int c = s.codePointAt(i);
        if (!(Character.isLetter(c) || c == '\'' || c == '’' || c == '-')) break;
        i += Character.charCount(c);
      }
      out.add(s.substring(start, i));
    }
    return out;
  }
}
