package dev.evenhand.method;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
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
  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'’-]*", Pattern.UNICODE_CHARACTER_CLASS);
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

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(s);
    while (out.size() < WORDS_COMPARED && m.find()) out.add(m.group());
    return out;
  }
}
