package dev.evenhand.method;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.GenderedWord;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lints a balanced judgment, which must be gender-neutral and call the protagonist "the main
 * character" (METHOD.md, step 4): it finds either protagonist's name and the gendered words
 * ({@link GenderLexicon}) that are about the protagonist, leaving out those the text makes clear are about
 * another character ({@link #check}).
 */
public final class BalancedLint {
  /** The reasons of a finding. */
  public static final String NAME = "protagonist's name", PRONOUN = "gendered pronoun", WORD_REASON = "gendered word";

  /**
   * A word that must not be in a balanced judgment.
   *
   * @param start  index of its first character
   * @param end    index after its last character
   * @param word   the word as written
   * @param reason {@value #NAME}, {@value #PRONOUN} or {@value #WORD_REASON}
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
   * The findings of the rule of {@link OtherCharacters}: the protagonists' names, gendered pronouns that refer to the
   * main character (or to no clear antecedent), kinship nouns that describe the main character ("as a mother") and
   * every other gendered word; kinship nouns and pronouns that the text makes clear are another character's ("the
   * main character's mother said she ...") are not findings. The hand-written set in
   * {@code src/test/resources/lint/sentences.tsv} shows the rule on 60 sentences.
   *
   * @param text       the balanced judgment
   * @param maleName   the male protagonist's name, may be empty
   * @param femaleName the female protagonist's name, may be empty
   * @return the findings in text order; empty for a clean text. Reasons: {@code protagonist's name},
   *     {@code gendered pronoun}, {@code gendered word}
   */
  public static List<Finding> check(String text, String maleName, String femaleName) {
    List<Finding> out = new ArrayList<>();
    for (OtherCharacters.Judged j : OtherCharacters.judge(text, names(maleName, femaleName))) {
      if (j.whose() == OtherCharacters.Whose.OTHER) continue;
      OtherCharacters.Token k = j.token();
      out.add(new Finding(k.start(), k.end(), k.text(), j.name() ? NAME : j.pronoun() ? PRONOUN : WORD_REASON));
    }
    return out;
  }

  /**
   * Lints both texts of a balanced judgment, as the neutrality gate does before an accept and an export (issue 12).
   *
   * @param balanced   the balanced judgment
   * @param maleName   the male protagonist's name, may be empty
   * @param femaleName the female protagonist's name, may be empty
   * @return the findings of the male story's text, then the female story's, each in text order; empty for a neutral judgment
   */
  public static List<GenderedWord> check(BalancedJudgment balanced, String maleName, String femaleName) {
    List<GenderedWord> out = new ArrayList<>();
    for (Gender g : Gender.values()) {
      for (Finding f : check(balanced.forGender(g), maleName, femaleName)) out.add(new GenderedWord(g, f.word(), f.reason()));
    }
    return out;
  }

  /**
   * Lints both texts of a balanced judgment against a story pair's protagonists; where the pair has no names (records
   * imported before names were worked out on import), they are worked out from its stories ({@link Protagonists#names}).
   *
   * @param balanced the balanced judgment
   * @param pair     the story pair it belongs to
   * @return as {@link #check(BalancedJudgment, String, String)}
   */
  public static List<GenderedWord> check(BalancedJudgment balanced, dev.evenhand.domain.StoryPair pair) {
    String male = pair.male().name(), female = pair.female().name();
    if (male.isBlank() || female.isBlank()) {
      Protagonists.Names n = Protagonists.names(pair.male().text(), pair.female().text());
      if (male.isBlank()) male = n.male();
      if (female.isBlank()) female = n.female();
    }
    return check(balanced, male, female);
  }

  /**
   * Lints both texts of a stored pair's balanced judgment, as the neutrality gate of an export does: against the names
   * stored with the pair when they were worked out on import ({@link CuratedPair#namesWorkedOut()}, V21: a blank name
   * is a story that names none), else as {@link #check(BalancedJudgment, dev.evenhand.domain.StoryPair)}, working out
   * blank names from the stories (the costly part: it reads both stories word by word).
   *
   * @return as {@link #check(BalancedJudgment, String, String)}
   */
  public static List<GenderedWord> check(BalancedJudgment balanced, CuratedPair pair) {
    return pair.namesWorkedOut() ? check(balanced, pair.pair().male().name(), pair.pair().female().name()) : check(balanced, pair.pair());
  }

  /** A possessive 's at the end of a word (compiled once: it is cut off every word checked). */
  private static final java.util.regex.Pattern POSSESSIVE_S = java.util.regex.Pattern.compile("['’]s$");

  /**
   * The rule before issue 12, kept to measure the new one against ({@code LintBench}): every gendered word is a
   * finding, whoever it names.
   *
   * @param text       the balanced judgment
   * @param maleName   the male protagonist's name, may be empty
   * @param femaleName the female protagonist's name, may be empty
   * @return the findings in text order (reasons {@code protagonist's name} or {@code gendered word})
   */
  public static List<Finding> checkEveryWord(String text, String maleName, String femaleName) {
    List<String> names = names(maleName, femaleName);
    List<Finding> out = new ArrayList<>();
    WordScanner m = new WordScanner(text);
    while (m.find()) {
      String w = m.group();
      String base = POSSESSIVE_S.matcher(w).replaceAll("");
      if (names.contains(base)) out.add(new Finding(m.start(), m.end(), w, NAME));
      else if (GenderLexicon.gendered(base)) out.add(new Finding(m.start(), m.end(), w, WORD_REASON));
    }
    return out;
  }

  /** @return the words of both names longer than one letter */
  private static List<String> names(String maleName, String femaleName) {
    List<String> names = new ArrayList<>();
    for (String n : new String[] {maleName, femaleName}) {
      if (n == null) continue;
      WordScanner m = new WordScanner(n);
      while (m.find()) if (m.end() - m.start() > 1) names.add(m.group());
    }
    return names;
  }
}
