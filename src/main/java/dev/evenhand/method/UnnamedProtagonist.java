package dev.evenhand.method;

import dev.evenhand.domain.Gender;
import java.util.Locale;
import java.util.Set;

/**
 * The words a question uses for the protagonist of one story that names nobody (the rule of
 * {@link Protagonists#describe}): a gendered narrator, else a character described by a gendered noun of the story's
 * gender, else that gender's pronoun, else the narrator of a first-person story, else "the main character".
 */
final class UnnamedProtagonist {
  /** What kind of protagonist a story has when no name was found. */
  enum Kind { GENDERED_NARRATOR, DESCRIBED, PRONOUN, NARRATOR, UNKNOWN }

  /** @param kind the kind; {@code words} the words a question uses */
  record Found(Kind kind, String words) {}

  private static final Set<String> PRONOUNS = Set.of("he", "him", "his", "himself", "she", "her", "hers", "herself");
  private static final Set<String> DETERMINERS = Set.of("the", "a", "an", "my", "his", "her", "their", "our", "your", "this",
      "that");
  /** Before "a": the noun says what someone is ("to be a daddy"), it is no character of its own. */
  private static final Set<String> COPULAS = Set.of("be", "is", "was", "am", "are", "were", "been", "being", "become", "became",
      "becomes", "becoming");
  private static final Set<String> FIRST_PERSON = Set.of("i", "me", "my", "myself");

  private UnnamedProtagonist() {}

  static Found of(String story, Gender gender) {
    StoryWords s = new StoryWords(story);
    GenderLexicon.Side side = gender == Gender.MALE ? GenderLexicon.Side.MALE : GenderLexicon.Side.FEMALE;
    if (genderedNarrator(s)) return new Found(Kind.GENDERED_NARRATOR, "the narrator");
    // a character described by a gendered noun of the story's gender; a pronoun of that gender that is a subject
    // counts for the noun mentioned last before it ("my uncle and he eats")
    double best = -1, pronounScore = -1;
    int bestAt = -1, lastNoun = -1;
    double[] score = new double[s.size()];
    boolean[] character = new boolean[s.size()];
    for (int i = 0; i < s.size(); i++) {
      StoryWords.Word w = s.get(i);
      if (w.quoted()) continue;
      String l = w.lower();
      boolean ours = GenderLexicon.sideOf(l).filter(x -> x == side).isPresent();
      if (ours && PRONOUNS.contains(l)) {
        double p = s.subjectScore(i, i);
        pronounScore = Math.max(pronounScore, p);
        if (lastNoun >= 0) score[lastNoun] += p;
      } else if (ours && !(w.capitalised() && StoryWords.TITLES.contains(l) && i + 1 < s.size() && s.get(i + 1).capitalised())) {
        int at = i;
        for (int j = i - 1; j >= Math.max(0, i - 3) && !s.get(j + 1).afterPunct(); j--) {
          if (DETERMINERS.contains(s.get(j).lower())) {
            at = j;
            break;
          }
        }
        if (at < i && Set.of("a", "an").contains(s.get(at).lower()) && COPULAS.contains(s.lowerBefore(at))) continue;
        int key = firstMention(s, l, i);
        score[key] += s.subjectScore(at, i);
        character[key] = true;
        lastNoun = key;
      }
    }
    for (int i = 0; i < s.size(); i++) {
      if (character[i] && score[i] > best) {
        best = score[i];
        bestAt = i;
      }
    }
    boolean firstPerson = s.words.stream().anyMatch(w -> !w.quoted() && (FIRST_PERSON.contains(w.lower()) || w.lower().startsWith("i'")
        || w.lower().startsWith("i’")));
    if (bestAt >= 0 && (best > 0 || !firstPerson)) return new Found(Kind.DESCRIBED, phrase(s, bestAt));
    if (pronounScore > 0 || pronounScore >= 0 && !firstPerson) return new Found(Kind.PRONOUN, side == GenderLexicon.Side.MALE ? "he" : "she");
    if (firstPerson) return new Found(Kind.NARRATOR, "the narrator");
    return new Found(Kind.UNKNOWN, "the main character");
  }

  /** @return the index of the first mention of the same noun, so that all mentions of "the boy" add up */
  private static int firstMention(StoryWords s, String lower, int i) {
    for (int j = 0; j < i; j++) if (s.get(j).lower().equals(lower) && !s.get(j).quoted()) return j;
    return i;
  }

  /**
   * "I am a man", "I'm a guy", "As a father of two, I": the narrator is the one the pair's gender swap is about.
   */
  private static boolean genderedNarrator(StoryWords s) {
    for (int i = 0; i + 1 < s.size(); i++) {
      StoryWords.Word w = s.get(i);
      String l = w.lower();
      int next;
      if (l.equals("i") && i + 2 < s.size() && s.get(i + 1).lower().equals("am")) next = i + 2;
      else if (l.equals("i'm") || l.equals("i’m") || l.equals("as") && w.opensSentence()) next = i + 1;
      else continue;
      if (w.quoted() || !Set.of("a", "an").contains(s.get(next).lower())) continue;
      for (int j = next + 1; j < Math.min(s.size(), next + 4); j++) {
        if (s.get(j).afterPunct()) break;
        String n = s.get(j).lower();
        if (GenderLexicon.gendered(n) && !PRONOUNS.contains(n)) return l.equals("as") ? firstPersonAfter(s, j) : true;
      }
    }
    return false;
  }

  private static boolean firstPersonAfter(StoryWords s, int j) {
    for (int k = j + 1; k < s.size() && s.get(k).sentence() == s.get(j).sentence(); k++) if (s.get(k).lower().equals("i")) return true;
    return false;
  }

  /** @return "the old man", "the narrator's brother", "the husband": the noun phrase of the mention, made definite */
  private static String phrase(StoryWords s, int i) {
    int at = i;
    String det = "the";
    for (int j = i - 1; j >= Math.max(0, i - 3) && !s.get(j + 1).afterPunct(); j--) {
      String l = s.get(j).lower();
      if (DETERMINERS.contains(l)) {
        det = l.equals("my") ? "the narrator's" : "the";
        at = j + 1;
        break;
      }
      if (StoryWords.notAName(l) || GenderLexicon.gendered(l)) break;
      at = j;
    }
    if (at < i && !DETERMINERS.contains(s.lowerBefore(at))) at = i;
    return det + " " + s.span(at, i).toLowerCase(Locale.ROOT);
  }
}
