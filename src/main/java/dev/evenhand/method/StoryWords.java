package dev.evenhand.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a story as {@link Protagonists} reads them: each with its sentence, whether it opens a sentence or
 * follows punctuation, whether it stands inside a quotation, and whether it is a possessive ("Shane's", "Carlos'"),
 * plus the local rule that tells a subject mention from any other. No parser and no model: a character is the
 * subject of a clause when its mention opens the sentence or a clause (after a comma or a conjunction) and is
 * followed at once by a lower-case word that is not a preposition or conjunction ("Shane wants", "but Ahmed told";
 * not "asked Shane to", "Shane and Irene").
 */
final class StoryWords {
  /**
   * Words compared or read per story. The protagonist acts near the start, and the word diff costs up to (N+M)·D,
   * so a 200,000-word pair of unlike stories would take minutes without a bound.
   */
  static final int LIMIT = 500;

  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'’-]*", Pattern.UNICODE_CHARACTER_CLASS);
  /** Abbreviations whose full stop does not end a sentence. */
  private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr");
  /** Words put before a name: "Mr. Haddad", "Uncle Pete", "Grandma Rosa". */
  static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "uncle", "aunt", "auntie",
      "grandma", "grandpa", "granny", "nana", "sir", "lady", "lord", "coach", "officer", "judge", "father", "sister", "brother");
  /** Words that open a clause whose subject follows: a mention after one of them is a subject. */
  private static final Set<String> CLAUSE_OPENERS = Set.of("and", "but", "so", "then", "yet", "or", "that", "when", "while",
      "although", "though", "because", "as", "after", "before", "since", "until", "if", "once", "whereas", "unless");
  /** Of {@link #CLAUSE_OPENERS}, those that open a subordinate clause: its subject weighs half. */
  private static final Set<String> SUBORDINATORS = Set.of("when", "while", "although", "though", "because", "as", "after",
      "before", "since", "until", "if", "once", "whereas", "unless");
  /** Words that cannot follow a subject at once: a mention before one of them is not the subject of a verb. */
  private static final Set<String> NOT_A_VERB = Set.of("and", "or", "nor", "of", "to", "the", "a", "an", "with", "in", "on", "at",
      "from", "for", "who", "whose", "which", "by", "about", "as", "into", "than", "too");
  /** Words that open a noun phrase. */
  private static final Set<String> DETERMINERS = Set.of("the", "a", "an", "my", "his", "her", "their", "our", "your");
  /** Verbs of intention: "Shane wants to..." is how a Moral Stories record names the one who acts. */
  private static final Set<String> INTENT = Set.of("wants", "wanted", "want", "needs", "needed", "decides", "decided", "plans",
      "planned", "hopes", "hoped", "tries", "tried", "intends", "intended", "wishes", "wished");
  /**
   * Capitalised words that open sentences and are not names (function words, days, months), so that a capitalised
   * word is taken as a name only when it is none of these.
   */
  private static final Set<String> NOT_NAMES = Set.of("a", "an", "the", "this", "that", "these", "those", "some", "any", "every",
      "each", "all", "both", "many", "most", "one", "two", "no", "after", "although", "though", "as", "at", "because", "before",
      "during", "for", "from", "if", "in", "on", "once", "since", "so", "then", "until", "when", "while", "with", "without", "but",
      "and", "or", "yet", "now", "today", "yesterday", "tomorrow", "last", "next", "later", "soon", "also", "still", "even", "just",
      "only", "my", "your", "our", "their", "its", "it", "they", "we", "you", "there", "here", "what", "why", "how", "who", "where",
      "which", "is", "was", "will", "would", "can", "could", "should", "did", "do", "does", "has", "had", "have", "not", "to", "of",
      "by", "about", "into", "over", "under", "out", "up", "down", "off", "again", "finally", "suddenly", "recently", "yes", "oh",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may",
      "june", "july", "august", "september", "october", "november", "december", "christmas", "easter", "god", "english", "internet");

  /**
   * One word of a story.
   *
   * @param text           the word as written, a possessive ending removed ("Shane" for "Shane's")
   * @param start          its first character in the story
   * @param end            one past its last character, the possessive ending included
   * @param sentence       the sentence it is in, from 0
   * @param opensSentence  true for the first word of a sentence
   * @param afterPunct     true when punctuation (or a sentence break) stands between it and the word before
   * @param quoted         true inside a quotation ("...")
   * @param possessive     true for "Shane's", "Carlos'"
   */
  record Word(String text, int start, int end, int sentence, boolean opensSentence, boolean afterPunct, boolean quoted,
      boolean possessive) {
    String lower() { return text.toLowerCase(Locale.ROOT); }

    boolean capitalised() { return Character.isUpperCase(text.codePointAt(0)); }
  }

  final String story;
  final List<Word> words = new ArrayList<>();
  final int sentences;

  StoryWords(String story) {
    this.story = story;
    Matcher m = WORD.matcher(story);
    int sentence = 0, last = 0;
    boolean quoted = false;
    String before = "";
    while (words.size() < LIMIT && m.find()) {
      String gap = story.substring(last, m.start());
      boolean breaks = false;
      for (int i = 0; i < gap.length(); i++) {
        char c = gap.charAt(i);
        if (c == '"') quoted = !quoted;
        else if (c == '“') quoted = true;
        else if (c == '”') quoted = false;
        else if ((c == '.' || c == '!' || c == '?') && !ABBREVIATIONS.contains(before)) breaks = true;
      }
      if (breaks && !words.isEmpty()) sentence++;
      String w = m.group();
      boolean possessive = w.length() > 2 && (w.endsWith("'s") || w.endsWith("’s")) || w.length() > 2 && (w.endsWith("'") || w.endsWith("’"));
      String text = stripApostrophe(w);
      boolean opens = words.isEmpty() || breaks;
      words.add(new Word(text, m.start(), m.end(), sentence, opens, opens || punctuated(gap), quoted, possessive));
      before = text.toLowerCase(Locale.ROOT);
      last = m.end();
    }
    sentences = sentence + 1;
  }

  /** @return the word without a final possessive 's or apostrophe (a word of at least one letter before it) */
  private static String stripApostrophe(String w) {
    int end = w.length();
    if (end > 2 && w.charAt(end - 1) == 's' && isApostrophe(w.charAt(end - 2))) end -= 2;
    else if (end > 1 && isApostrophe(w.charAt(end - 1))) end -= 1;
    return w.substring(0, end);
  }

  private static boolean isApostrophe(char c) { return c == '\'' || c == '’'; }

  /** The punctuation between two words that ends a clause (a comma, a bracket, a quote, a dash). */
  private static final String CLAUSE_MARKS = ",;:()\"“”—–-";

  /** @return true when {@code gap} holds a mark of {@link #CLAUSE_MARKS} (before: a regular expression compiled per word) */
  private static boolean punctuated(String gap) {
    for (int i = 0; i < gap.length(); i++) if (CLAUSE_MARKS.indexOf(gap.charAt(i)) >= 0) return true;
    return false;
  }

  Word get(int i) { return words.get(i); }

  int size() { return words.size(); }

  /** @return the lower-case word before index i, or "" at the start */
  String lowerBefore(int i) { return i > 0 ? words.get(i - 1).lower() : ""; }

  /** @return true for a capitalised word that may be a name: not a function word, day, month, "I" or a gendered word */
  static boolean nameLike(Word w) {
    String l = w.lower();
    return w.capitalised() && !NOT_NAMES.contains(l) && !l.equals("i") && !l.startsWith("i'") && !l.startsWith("i’")
        && !GenderLexicon.gendered(l);
  }

  /** @return true when the lower-case form of a word is used elsewhere in the story ("will" beside "Will") */
  boolean usedInLowerCase(String word) {
    for (Word w : words) if (w.text().equals(word.toLowerCase(Locale.ROOT))) return true;
    return false;
  }

  /** @return true for a function word, day or month (any case) */
  static boolean notAName(String word) { return NOT_NAMES.contains(word.toLowerCase(Locale.ROOT)); }

  /**
   * @return true when a mention starting at {@code first} may open a clause (see the class comment), also after a noun
   *     phrase it names ("Her coach Viktor blamed", "his friend Shane wants")
   */
  boolean opensClause(int first) {
    if (startsClause(first)) return true;
    for (int j = first - 1; j >= Math.max(0, first - 3); j--) {
      Word w = words.get(j);
      if (words.get(j + 1).afterPunct() || w.quoted() || NOT_A_VERB.contains(w.lower()) && !DETERMINERS.contains(w.lower())
          || CLAUSE_OPENERS.contains(w.lower())) {
        return false;
      }
      if (DETERMINERS.contains(w.lower())) return j < first - 1 && startsClause(j);
    }
    return false;
  }

  private boolean startsClause(int i) {
    Word w = words.get(i);
    return w.opensSentence() || w.afterPunct() || CLAUSE_OPENERS.contains(lowerBefore(i));
  }

  /**
   * How strongly a mention is the subject of an action: 0 for a mention that is not a subject (an object, a
   * possessive, a word in a quotation); otherwise 1 (½ in a subordinate clause), +3 before a verb of intention
   * ("wants", "decided"), +1 in the last sentence (where a Moral Stories record tells the action) and +1 in the
   * first.
   *
   * @param first the mention's first word (a title, if any)
   * @param last  the mention's last word (the name or the noun)
   */
  double subjectScore(int first, int last) {
    Word head = words.get(last);
    if (head.quoted() || head.possessive() || last + 1 >= words.size() || !opensClause(first)) return 0;
    Word next = words.get(last + 1);
    if (next.afterPunct() || next.capitalised() || NOT_A_VERB.contains(next.lower())) return 0;
    double s = SUBORDINATORS.contains(lowerBefore(first)) && !words.get(first).afterPunct() ? 0.5 : 1;
    if (INTENT.contains(next.lower())) s += 3;
    if (head.sentence() == sentences - 1) s += 1;
    if (head.sentence() == 0) s += 1;
    return s;
  }

  /**
   * The gender a named subject's own pronouns give it: the first gendered pronoun after the mention in the same
   * sentence, before any other capitalised word ("Oscar borrowed his friend's car": male); an object "him" or "her" is
   * someone else and is passed over.
   *
   * @return the gender, or null when the sentence gives none
   */
  GenderLexicon.Side pronounAfter(int last) {
    int sentence = words.get(last).sentence();
    for (int i = last + 1; i < words.size() && words.get(i).sentence() == sentence; i++) {
      Word w = words.get(i);
      if (w.quoted()) continue;
      switch (w.lower()) {
        case "he", "his", "himself": return GenderLexicon.Side.MALE;
        case "she", "hers", "herself": return GenderLexicon.Side.FEMALE;
        case "her": if (possessiveHer(i)) return GenderLexicon.Side.FEMALE; break;
        default: if (w.capitalised() && nameLike(w)) return null;
      }
    }
    return null;
  }

  /** @return true for "her" before a noun ("her friend"), which is the subject's own; "asked her," is someone else */
  private boolean possessiveHer(int i) {
    if (i + 1 >= words.size()) return false;
    Word next = words.get(i + 1);
    return !next.afterPunct() && !next.capitalised() && !NOT_A_VERB.contains(next.lower()) && !CLAUSE_OPENERS.contains(next.lower())
        && !Set.of("whether", "what", "how", "why", "up", "out", "back", "down", "off", "again", "away").contains(next.lower());
  }

  /** @return the text from the start of word {@code first} to the end of word {@code last}, a possessive ending dropped */
  String span(int first, int last) {
    Word l = words.get(last);
    return story.substring(words.get(first).start(), l.start() + l.text().length());
  }
}
