package dev.evenhand.method;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.text.Normalizer;

/**
 * Tells, in a balanced judgment, the gendered words that are about the protagonist from those that are
 * clearly about another character. A story pair swaps only the protagonist (name, pronouns, the words that
 * describe them; METHOD.md step 1, {@link GenderSwap}), so the main character's mother is a mother in both
 * stories: "the main character's mother" says nothing of the protagonist's gender, "her sister" does (through
 * "her"). The rule, applied left to right:
 *
 * <ol>
 *   <li>A gendered pronoun joined to one of the other gender ("he or she", "his or her", "him/her") is generic and
 *       names no gender: neither is a finding.</li>
 *   <li>A protagonist's name is always the protagonist's; "main character" and "protagonist" refer to them too.</li>
 *   <li>A kinship or partner noun ({@link GenderLexicon#relation}: mother, husband, sister, grandson...) names
 *       <em>another character</em> when
 *       the text makes it clear: it is possessed ({@code their}, {@code his}, {@code her}, {@code my}, ...,
 *       or a possessive noun such as {@code character's}, {@code friend's}, {@code parents'}, with at most two
 *       plain words between: "their elderly mother"); or it follows "X and"/"X or" where X named another
 *       character ("their brother and sister"); or it is {@code the X of} someone ("the wife of the
 *       neighbour"); or it is {@code the X} for an X the text already named as another character ("the main
 *       character's mother ... the mother"). Any other kinship noun ("as a mother", "a devoted husband",
 *       "mothers often") describes the protagonist and is flagged.</li>
 *   <li>{@code Mr}, {@code Mrs}, {@code Ms}, {@code Miss} before a capitalised word that is not a protagonist's name
 *       name another character ("Mrs Lee").</li>
 *   <li>A gendered pronoun (he, him, his, himself, she, her, hers, herself) is another character's when, looking
 *       back through the same and the previous sentence, the nearest reference that could be its antecedent is
 *       another character of the same gender (mother for "she", Mr Park for "he", or a pronoun already resolved
 *       to such a character). Only gender agreement makes it clear: a gender-neutral noun ("the boss said she")
 *       is no antecedent, so such a pronoun stays the protagonist's. An object pronoun ("him", "her" not before a
 *       noun) passes over the main character in its own clause: "the main character chose their career over
 *       her" is not about the main character, who would be "herself". A reference of the other gender is
 *       passed over ("the main character's father told her": "her" is not the father, so it is the main character's).
 *       When the nearest possible antecedent is the protagonist (the main character, a name, a flagged word),
 *       or there is none, the pronoun is the protagonist's and is flagged.</li>
 *   <li>Every other gendered word (man, woman, girl, lady, waitress...) is flagged: it describes someone by
 *       gender, and nothing in the text says it is not the protagonist.</li>
 * </ol>
 *
 * <p>The rule is deliberately local (no parser): where the text is ambiguous ("the mother told the main
 * character that she ...") the nearest antecedent decides, which here is the main character: flagged.
 */
final class OtherCharacters {
  /**
   * A word: letters and digits, with the combining marks, invisible format characters (zero-width space, soft
   * hyphen, word joiner) and apostrophe suffixes ("he'd", "she’ll", "Lukas's") that belong to it, so a hidden
   * character or a contraction cannot split a gendered word out of sight of the lint (issue 12, the attack pass). The
   * lint finds words with {@link WordScanner}, which matches as this pattern does without a regex (issue 13, point 8).
   */
  static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}\\p{Cf}]*(?:['’ʼ][\\p{L}\\p{M}\\p{Cf}]+)?",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern INVISIBLE = Pattern.compile("\\p{Cf}");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SUFFIX = Pattern.compile("'(s|d|ll|re|ve|m)$");
  // the gaps between words the rules look at, compiled once (String.matches compiled them for every word)
  private static final Pattern DOT_SPACE = Pattern.compile("\\.?\\s+");
  private static final Pattern PUNCTUATED = Pattern.compile("(?s).*[,;:.!?()\\[\\]—–\"].*");
  private static final Pattern APOSTROPHE_SPACE = Pattern.compile("['’]\\s+");
  /**
   * Given names that are also everyday words: written in lower case they are the word ("she will", "a rose"), so
   * only a capitalised or upper-case spelling counts as the name for these.
   */
  private static final Set<String> NAMES_THAT_ARE_WORDS = Set.of("will", "mark", "rose", "grace", "hope", "faith", "joy", "bill", "pat",
      "sue", "art", "dawn", "june", "april", "may", "summer", "rich", "frank", "jack", "max", "ray", "sandy", "lily", "iris", "ivy",
      "violet", "amber", "ruby", "pearl", "angel", "sky", "chase", "hunter", "page", "drew", "gene", "guy", "sunny", "holly", "robin",
      "mercy", "honor", "river", "star", "hazel", "jade", "olive", "rock", "lee", "wade", "miles", "reed", "dean", "earl", "hans");

  /**
   * @param word a word as written
   * @return the word as the lint compares it: invisible characters removed, compatibility forms folded (full-width
   *     letters), accents removed, curly apostrophes straightened, an apostrophe suffix ('s, 'd, 'll, 're, 've, 'm)
   *     cut off, lower case ("HE’D" and "ｈｅ" become "he", "José" becomes "jose")
   */
  static String fold(String word) {
    if (plainAscii(word)) return cutSuffix(word.toLowerCase(Locale.ROOT));
    String w = Normalizer.normalize(INVISIBLE.matcher(word).replaceAll(""), Normalizer.Form.NFKD);
    w = MARKS.matcher(w).replaceAll("").replace('’', '\'').replace('ʼ', '\'').toLowerCase(Locale.ROOT);
    return SUFFIX.matcher(w).replaceAll("");
  }

  /**
   * {@link #SUFFIX} cut off a plain ASCII word without a regex match per word: the part after the last apostrophe, when
   * it is one of the suffixes and ends the word. The lint runs on every balanced judgment an export writes; in a JFR
   * profile of ExchangeBench it was half of a trl-dpo export's main thread, and matchers made per word a third of it
   * (issue 13, point 8).
   */
  static String cutSuffix(String lower) {
    int q = lower.lastIndexOf('\'');
    if (q < 0) return lower;
    return switch (lower.substring(q + 1)) {
      case "s", "d", "ll", "re", "ve", "m" -> lower.substring(0, q);
      default -> lower;
    };
  }

  /** @return true when {@code gap}, the text between two words, holds {@code !}, {@code ?} or {@code ;} */
  static boolean endsSentence(String gap) {
    for (int i = 0; i < gap.length(); i++) {
      char ch = gap.charAt(i);
      if (ch == '!' || ch == '?' || ch == ';') return true;
    }
    return false;
  }

  /** @return true when every character is printable ASCII: no invisible character, compatibility form or accent to fold */
  private static boolean plainAscii(String word) {
    for (int i = 0; i < word.length(); i++) {
      char ch = word.charAt(i);
      if (ch < 0x20 || ch > 0x7e) return false;
    }
    return true;
  }

  /**
   * @param token   a word of the text
   * @param folded  the protagonists' name words, {@link #fold folded}
   * @return true when the word is one of the names, whatever its case, accents or hidden characters; a name that is
   *     also an everyday word counts only when the word is not written in lower case
   */
  private static boolean isName(Token token, Set<String> folded) {
    if (!folded.contains(token.base())) return false;
    String visible = INVISIBLE.matcher(token.text()).replaceAll("");
    return !NAMES_THAT_ARE_WORDS.contains(token.base()) || !visible.equals(visible.toLowerCase(Locale.ROOT));
  }

  /** @return true for "s/he" and "(s)he": a generic pronoun written as one word */
  private static boolean slashedGeneric(String text, Token k) {
    String before = text.substring(Math.max(0, k.start() - 3), k.start()).toLowerCase(Locale.ROOT);
    return k.base().equals("he") && (before.endsWith("s/") || before.endsWith("(s)"));
  }

  private static final Set<String> POSSESSIVES = Set.of("their", "his", "her", "my", "your", "our", "its", "whose");
  private static final Set<String> DEFINITE = Set.of("the", "this", "that");
  /** Words that are never a plain modifier between a possessive and its noun. */
  private static final Set<String> NOT_MODIFIERS = Set.of("a", "an", "the", "and", "or", "but", "to", "of", "in", "on", "at", "for",
      "with", "by", "from", "that", "this", "was", "is", "were", "be", "been", "had", "has", "have", "who", "which", "not", "did", "would",
      "could", "should", "because", "when", "than", "as", "so", "if", "while", "it", "they", "them", "he", "she", "him", "her", "his",
      "their", "also", "then", "said", "told", "asked");
  private static final Set<String> HONORIFICS = Set.of("mr", "mrs", "ms", "miss");
  private static final Set<String> MALE_PRONOUNS = Set.of("he", "him", "his", "himself");
  private static final Set<String> FEMALE_PRONOUNS = Set.of("she", "her", "hers", "herself");

  /** Whose a gendered word is. */
  enum Whose { PROTAGONIST, OTHER }

  /**
   * One word of the text.
   *
   * @param start    index of its first character
   * @param end      index after its last character
   * @param text     as written
   * @param base     the word {@link #fold folded}: lower case, no accents or hidden characters, no apostrophe suffix
   * @param sentence the sentence it is in, counted from 0
   */
  record Token(int start, int end, String text, String base, int sentence) {}

  /**
   * A word the lint must judge.
   *
   * @param token  the word
   * @param name   true for a protagonist's name
   * @param whose  whose it is by the rule above
   * @param pronoun true for a gendered pronoun
   */
  record Judged(Token token, boolean name, Whose whose, boolean pronoun) {}

  private record Mention(int sentence, int end, Whose whose, GenderLexicon.Side side) {}

  /** Words after which "her" is an object, not a possessive ("told her to", "gave her the"). */
  private static final Set<String> AFTER_OBJECT = Set.of("to", "and", "or", "but", "that", "as", "for", "with", "in", "on", "at", "by",
      "from", "because", "if", "when", "so", "than", "the", "a", "an", "of", "is", "was", "about", "too", "again", "up", "down", "out",
      "back", "away", "alone", "anything", "nothing", "everything", "something", "it", "them", "feel", "know", "into", "over");

  private OtherCharacters() {}

  /**
   * @param text  the balanced judgment
   * @param names the protagonists' name words
   * @return every protagonist's name and gendered word of the text, in text order, with whose it is
   */
  static List<Judged> judge(String text, List<String> names) {
    List<Token> t = tokens(text);
    Set<String> nameSet = new HashSet<>();
    for (String n : names) nameSet.add(fold(n));
    List<Judged> out = new ArrayList<>();
    List<Mention> mentions = new ArrayList<>();
    Whose[] people = new Whose[t.size()];
    Set<String> namedOthers = new HashSet<>();
    boolean[] generic = new boolean[t.size() + 2];
    for (int i = 0; i < t.size(); i++) {
      Token k = t.get(i);
      if (slashedGeneric(text, k)) {
        out.add(new Judged(k, false, Whose.OTHER, true));
        continue;
      }
      if (isName(k, nameSet)) {
        out.add(new Judged(k, true, Whose.PROTAGONIST, false));
        mentions.add(new Mention(k.sentence(), k.end(), Whose.PROTAGONIST, null));
        continue;
      }
      String b = k.base();
      if (b.equals("protagonist") || b.equals("character") && i > 0 && t.get(i - 1).base().equals("main") && tight(text, t, i - 1)) {
        mentions.add(new Mention(k.sentence(), k.end(), Whose.PROTAGONIST, null));
        continue;
      }
      boolean male = MALE_PRONOUNS.contains(b), female = FEMALE_PRONOUNS.contains(b);
      if ((male || female) && (generic[i] || genericPair(text, t, i))) {
        if (!generic[i]) generic[isPronoun(t.get(i + 1).base()) ? i + 1 : i + 2] = true; // "he/she", "he or she": the second too
        generic[i] = true;
        out.add(new Judged(k, false, Whose.OTHER, true));
        continue;
      }
      if (male || female) {
        GenderLexicon.Side side = male ? GenderLexicon.Side.MALE : GenderLexicon.Side.FEMALE;
        boolean object = b.equals("him") || b.equals("her") && object(text, t, i);
        Whose whose = antecedent(text, mentions, k, side, object);
        out.add(new Judged(k, false, whose, true));
        mentions.add(new Mention(k.sentence(), k.end(), whose, side));
        continue;
      }
      if (GenderLexicon.relation(b)) {
        boolean other = possessed(text, t, i) || coordinated(text, t, i, people)
            || definite(text, t, i) && (namedOthers.contains(b) || followedByOf(text, t, i));
        Whose whose = other ? Whose.OTHER : Whose.PROTAGONIST;
        people[i] = whose;
        if (other) namedOthers.add(b);
        mentions.add(new Mention(k.sentence(), k.end(), whose, GenderLexicon.sideOf(b).orElseThrow()));
        out.add(new Judged(k, false, whose, false));
        continue;
      }
      if (HONORIFICS.contains(b) && Character.isUpperCase(k.text().codePointAt(0)) && i + 1 < t.size()) {
        Token next = t.get(i + 1);
        boolean named = Character.isUpperCase(next.text().codePointAt(0)) && !isName(next, nameSet) && !GenderLexicon.gendered(next.base())
            && DOT_SPACE.matcher(text.substring(k.end(), next.start())).matches();
        GenderLexicon.Side side = GenderLexicon.sideOf(b).orElseThrow();
        out.add(new Judged(k, false, named ? Whose.OTHER : Whose.PROTAGONIST, false));
        mentions.add(new Mention(k.sentence(), k.end(), named ? Whose.OTHER : Whose.PROTAGONIST, side));
        continue;
      }
      if (GenderLexicon.gendered(b)) {
        out.add(new Judged(k, false, Whose.PROTAGONIST, false));
        mentions.add(new Mention(k.sentence(), k.end(), Whose.PROTAGONIST, GenderLexicon.sideOf(b).orElseThrow()));
      }
    }
    return out;
  }

  /**
   * Rule 4: the nearest mention in this or the previous sentence that could be the antecedent. An object pronoun
   * ("him", "her" not before a noun) passes over a protagonist mention in its own clause (no punctuation between):
   * "the main character chose their career over her" cannot mean the main character, who would be "herself".
   */
  private static Whose antecedent(String text, List<Mention> mentions, Token pronoun, GenderLexicon.Side side, boolean object) {
    for (int j = mentions.size() - 1; j >= 0; j--) {
      Mention m = mentions.get(j);
      if (m.sentence() < pronoun.sentence() - 1) break;
      if (m.whose() == Whose.PROTAGONIST) {
        if (object && !PUNCTUATED.matcher(text.substring(m.end(), pronoun.start())).matches()) continue;
        return Whose.PROTAGONIST;
      }
      if (m.side() == side) return Whose.OTHER;
    }
    return Whose.PROTAGONIST;
  }

  /** @return true when "her" at i is an object: punctuation or the end after it, or a word that is no noun */
  private static boolean object(String text, List<Token> t, int i) {
    if (i + 1 >= t.size() || !tight(text, t, i)) return true;
    return AFTER_OBJECT.contains(t.get(i + 1).base());
  }

  /** Rule 2: a possessive up to three words before, with only plain modifiers between. */
  private static boolean possessed(String text, List<Token> t, int i) {
    for (int j = i - 1; j >= Math.max(0, i - 3); j--) {
      Token p = t.get(j);
      String lower = p.text().toLowerCase(Locale.ROOT);
      String gap = text.substring(p.end(), t.get(j + 1).start());
      if (lower.endsWith("s") && APOSTROPHE_SPACE.matcher(gap).matches()) return true; // the parents' friend
      if (!gap.isBlank()) return false;
      if (POSSESSIVES.contains(lower) || lower.endsWith("'s") || lower.endsWith("’s")) return true;
      if (NOT_MODIFIERS.contains(lower) || GenderLexicon.gendered(lower) || !lower.equals(p.text())) return false;
    }
    return false;
  }

  /** @return true for a gendered personal pronoun */
  private static boolean isPronoun(String base) { return MALE_PRONOUNS.contains(base) || FEMALE_PRONOUNS.contains(base); }

  /**
   * Rule 0: "he or she", "his or her", "him/her", "she and he": a pronoun joined to one of the other gender by "or",
   * "and" or a slash names no gender (the generic "he or she"); both are left out.
   */
  private static boolean genericPair(String text, List<Token> t, int i) {
    GenderLexicon.Side side = GenderLexicon.sideOf(t.get(i).base()).orElseThrow();
    if (i + 1 < t.size() && text.substring(t.get(i).end(), t.get(i + 1).start()).strip().equals("/")) {
      String next = t.get(i + 1).base();
      return isPronoun(next) && GenderLexicon.sideOf(next).orElseThrow() != side;
    }
    if (i + 2 >= t.size() || !tight(text, t, i) || !tight(text, t, i + 1)) return false;
    String conj = t.get(i + 1).base(), next = t.get(i + 2).base();
    return (conj.equals("or") || conj.equals("and")) && isPronoun(next) && GenderLexicon.sideOf(next).orElseThrow() != side;
  }

  /** Rule 2: "their brother and sister": the word before "and"/"or" named another character. */
  private static boolean coordinated(String text, List<Token> t, int i, Whose[] people) {
    if (i < 2 || !tight(text, t, i - 1) || !tight(text, t, i - 2)) return false;
    String conj = t.get(i - 1).base();
    return (conj.equals("and") || conj.equals("or")) && people[i - 2] == Whose.OTHER;
  }

  /** Rule 2: "the", "this" or "that" right before. */
  private static boolean definite(String text, List<Token> t, int i) {
    return i > 0 && tight(text, t, i - 1) && DEFINITE.contains(t.get(i - 1).base());
  }

  /** Rule 2: "the wife of the neighbour", "the father of Tom's friend": "of" then a determiner, possessive or capitalised word. */
  private static boolean followedByOf(String text, List<Token> t, int i) {
    if (i + 2 >= t.size() || !tight(text, t, i) || !tight(text, t, i + 1) || !t.get(i + 1).base().equals("of")) return false;
    Token n = t.get(i + 2);
    String lower = n.text().toLowerCase(Locale.ROOT);
    return DEFINITE.contains(lower) || POSSESSIVES.contains(lower) || lower.endsWith("'s") || lower.endsWith("’s")
        || Character.isUpperCase(n.text().codePointAt(0));
  }

  /** @return true when only spaces lie between token j and token j + 1 */
  private static boolean tight(String text, List<Token> t, int j) {
    if (j + 1 >= t.size()) return false;
    return text.substring(t.get(j).end(), t.get(j + 1).start()).isBlank();
  }

  /**
   * Words with their sentence numbers. A sentence ends at {@code .}, {@code !}, {@code ?} or a semicolon, but not at the
   * period of {@code Mr.}, {@code Mrs.}, {@code Ms.} or {@code Dr.}.
   */
  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    WordScanner m = new WordScanner(text);
    int sentence = 0, at = 0;
    String previous = "";
    while (m.find()) {
      String gap = text.substring(at, m.start());
      boolean abbreviation = HONORIFICS.contains(previous) || previous.equals("dr");
      if (endsSentence(gap) || gap.contains(".") && !(abbreviation && gap.strip().equals("."))) sentence++;
      String w = m.group();
      out.add(new Token(m.start(), m.end(), w, fold(w), sentence));
      previous = w.toLowerCase(Locale.ROOT);
      at = m.end();
    }
    return out;
  }
}
