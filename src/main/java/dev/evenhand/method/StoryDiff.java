package dev.evenhand.method;

import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word diff of two texts (java-diff-utils, Myers) that tells the expected gender swap from any other
 * difference. A change counts as a gender swap when every word in it marks a gender (a gendered word of
 * {@link GenderLexicon} or part of a protagonist's name) and the genders flip between the stories. Any
 * other change (a changed action, an added sentence) is a fidelity flag on the pair.
 */
public final class StoryDiff {
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?|[^\\p{L}\\p{N}\\s]", Pattern.UNICODE_CHARACTER_CLASS);

  /** What a piece of text is in the diff. */
  public enum Kind {
    /** The same on both sides. */
    SAME,
    /** The expected gender swap: pronouns, gendered words, the protagonists' names. */
    GENDER_SWAP,
    /** Any other difference: a fidelity flag. */
    OTHER
  }

  /**
   * A piece of one side's text: a word or punctuation mark and the white space after it.
   *
   * @param text the piece, white space included
   * @param kind what it is
   */
  public record Segment(String text, Kind kind) {}

  /**
   * The diff.
   *
   * @param left      the male side, whole, as segments
   * @param right     the female side, whole, as segments
   * @param flags     how many changes are not gender swaps (fidelity flags)
   * @param flagged   the words of those changes, e.g. {@code car → bike}
   */
  public record Result(List<Segment> left, List<Segment> right, int flags, List<String> flagged) {}

  private record Token(String word, String trailing) {}

  private StoryDiff() {}

  /**
   * @param male       the male story (or any left text)
   * @param female     the female story (or any right text)
   * @param maleName   the male protagonist's name, may be empty
   * @param femaleName the female protagonist's name, may be empty
   * @return both sides as segments, and the fidelity flags
   */
  public static Result of(String male, String female, String maleName, String femaleName) {
    List<Token> a = tokens(male);
    List<Token> b = tokens(female);
    List<String> aw = a.stream().map(Token::word).toList();
    List<String> bw = b.stream().map(Token::word).toList();
    List<AbstractDelta<String>> deltas = WordDiff.deltas(aw, bw);
    Kind[] ka = new Kind[a.size()];
    Kind[] kb = new Kind[b.size()];
    java.util.Arrays.fill(ka, Kind.SAME);
    java.util.Arrays.fill(kb, Kind.SAME);
    List<String> maleNameWords = words(maleName);
    List<String> femaleNameWords = words(femaleName);
    int flags = 0;
    List<String> flagged = new ArrayList<>();
    for (AbstractDelta<String> d : deltas) {
      List<String> src = d.getSource().getLines();
      List<String> tgt = d.getTarget().getLines();
      int sp = d.getSource().getPosition();
      int tp = d.getTarget().getPosition();
      // a change may hold a swap next to a real difference ("his car" -> "her bike"): peel the swapped
      // words off both ends, then judge what is left in the middle
      int head = 0;
      while (head < src.size() && head < tgt.size() && opposite(src.get(head), tgt.get(head), maleNameWords, femaleNameWords)) head++;
      int tail = 0;
      while (tail < src.size() - head && tail < tgt.size() - head
          && opposite(src.get(src.size() - 1 - tail), tgt.get(tgt.size() - 1 - tail), maleNameWords, femaleNameWords)) tail++;
      boolean whole = isSwap(src, tgt, maleNameWords, femaleNameWords);
      List<String> midSrc = whole ? List.of() : src.subList(head, src.size() - tail);
      List<String> midTgt = whole ? List.of() : tgt.subList(head, tgt.size() - tail);
      boolean midSwap = whole || midSrc.isEmpty() && midTgt.isEmpty() || isSwap(midSrc, midTgt, maleNameWords, femaleNameWords);
      for (int i = 0; i < src.size(); i++) {
        boolean inMid = !whole && i >= head && i < src.size() - tail;
        ka[sp + i] = inMid && !midSwap ? Kind.OTHER : Kind.GENDER_SWAP;
      }
      for (int i = 0; i < tgt.size(); i++) {
        boolean inMid = !whole && i >= head && i < tgt.size() - tail;
        kb[tp + i] = inMid && !midSwap ? Kind.OTHER : Kind.GENDER_SWAP;
      }
      if (!midSwap) {
        flags++;
        flagged.add((midSrc.isEmpty() ? "(nothing)" : String.join(" ", midSrc)) + " → "
            + (midTgt.isEmpty() ? "(nothing)" : String.join(" ", midTgt)));
      }
    }
    return new Result(segments(a, ka), segments(b, kb), flags, flagged);
  }

  /**
   * A change is a gender swap when every word on both sides marks a gender (a gendered word or part of a
   * protagonist's name) and the genders flip: word by word when both sides have as many words, else the
   * whole of one side is of one gender and the whole of the other of the other. Other people's genders
   * flip too in a counterfactual pair ("his wife" and "her husband").
   */
  private static boolean isSwap(List<String> src, List<String> tgt, List<String> maleName, List<String> femaleName) {
    if (src.isEmpty() || tgt.isEmpty()) return false;
    List<GenderLexicon.Side> a = new ArrayList<>();
    List<GenderLexicon.Side> b = new ArrayList<>();
    for (String w : src) a.add(side(w, maleName, femaleName));
    for (String w : tgt) b.add(side(w, maleName, femaleName));
    if (a.contains(null) || b.contains(null)) return false;
    if (a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) if (a.get(i) == b.get(i)) return false;
      return true;
    }
    return a.stream().distinct().count() == 1 && b.stream().distinct().count() == 1 && a.get(0) != b.get(0);
  }

  private static boolean opposite(String a, String b, List<String> maleName, List<String> femaleName) {
    GenderLexicon.Side x = side(a, maleName, femaleName);
    GenderLexicon.Side y = side(b, maleName, femaleName);
    return x != null && y != null && x != y;
  }

  /** @return the gender a word marks: part of a protagonist's name, or a gendered word; null for a neutral word */
  private static GenderLexicon.Side side(String w, List<String> maleName, List<String> femaleName) {
    String base = w.replaceAll("['’]s$", "");
    if (maleName.contains(w) || maleName.contains(base)) return GenderLexicon.Side.MALE;
    if (femaleName.contains(w) || femaleName.contains(base)) return GenderLexicon.Side.FEMALE;
    return GenderLexicon.sideOf(base).orElse(null);
  }

  private static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    if (name == null) return out;
    Matcher m = TOKEN.matcher(name);
    while (m.find()) out.add(m.group().replaceAll("['’]s$", ""));
    return out;
  }

  private static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int lastEnd = 0;
    String lead = "";
    while (m.find()) {
      if (out.isEmpty()) lead = text.substring(0, m.start());
      else {
        Token prev = out.remove(out.size() - 1);
        out.add(new Token(prev.word(), text.substring(lastEnd, m.start())));
      }
      out.add(new Token(m.group(), ""));
      lastEnd = m.end();
    }
    if (!out.isEmpty()) {
      Token last = out.remove(out.size() - 1);
      out.add(new Token(last.word(), text.substring(lastEnd)));
      if (!lead.isEmpty()) out.add(0, new Token("", lead));
    } else if (!text.isEmpty()) {
      out.add(new Token("", text));
    }
    return out;
  }

  private static List<Segment> segments(List<Token> tokens, Kind[] kinds) {
    List<Segment> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) out.add(new Segment(tokens.get(i).word() + tokens.get(i).trailing(), kinds[i]));
    return out;
  }
}
