package dev.evenhand.method;

import com.github.difflib.patch.AbstractDelta;
import dev.evenhand.domain.Gender;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the protagonist of a story pair that names nobody as such (GenMO, FORMATS.md): the character who acts, whose
 * gender the pair swaps. The rule, by the facts of GenMO's construction (Bajaj et al., Findings of EMNLP 2024; the
 * pairs at WeiKangda/LLMs-Exploratory-Bias-Mitigation a19f209, {@code Benchmarks/GenMO/GenMO_dataset.json}): the two
 * stories differ only in the protagonist's gender, sometimes also in another character's, so the protagonist is
 * among what differs; and a Moral Stories record tells a situation, then "X wants to...", then what X does.
 *
 * <ol>
 *   <li>A narrator who states a gender ("I am a man.", "I'm a guy", "As a mother of two, I") is the protagonist: no
 *       name.</li>
 *   <li>Otherwise the names that differ between the stories (a word diff: "Shane" / "Jessica", "Jean Paul" /
 *       "Mary Ann", a title and surname "Mr. Haddad" / "Mrs. Haddad", a lower-case "jack" / "justine" in the same
 *       place) are the candidates, and the one that is most the subject of the action wins
 *       ({@link StoryWords#subjectScore}: subject of a clause, before "wants", in the last sentence), with +2 per story
 *       when its own pronouns match the story's gender and −2 when they do not (only when both stories give
 *       them); ties go to the first named.</li>
 *   <li>Otherwise, a story whose gendered noun or pronoun marks the protagonist ("The man...", "My brother...",
 *       "He...") has no name: {@link #describe} gives the words a question uses.</li>
 *   <li>Otherwise a name the same in both stories ("Sam", "Dr. Weber") that is a subject.</li>
 * </ol>
 *
 * <p>Measured on the hand-checked reference (src/test/resources/protagonists/reference.jsonl,
 * src/docs/audit/protagonists.md).
 */
public final class Protagonists {
  /** Words of each story compared: {@link StoryWords#LIMIT}. */
  static final int WORDS_COMPARED = StoryWords.LIMIT;

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

  /** A name that differs between the stories: the words of each, as written. */
  private record Candidate(int maleFirst, int maleLast, int femaleFirst, int femaleLast) {}

  /**
   * @param male   the male story
   * @param female the female story
   * @return the two names (the words as the stories write them, a title included: "Mr. Haddad"); both empty for a
   *     narrator, a protagonist described without a name ("the man"), or when no name is found within the first
   *     {@value #WORDS_COMPARED} words of each story
   */
  public static Names names(String male, String female) {
    StoryWords m = new StoryWords(male), f = new StoryWords(female);
    UnnamedProtagonist.Found dm = UnnamedProtagonist.of(male, Gender.MALE), df = UnnamedProtagonist.of(female, Gender.FEMALE);
    if (dm.kind() == UnnamedProtagonist.Kind.GENDERED_NARRATOR || df.kind() == UnnamedProtagonist.Kind.GENDERED_NARRATOR) {
      return Names.NONE;
    }
    Candidate best = null;
    double bestScore = -Double.MAX_VALUE;
    for (Candidate c : differingNames(m, f)) {
      Scored a = score(m, c.maleFirst(), c.maleLast()), b = score(f, c.femaleFirst(), c.femaleLast());
      double s = a.subject() + b.subject();
      // a name's own pronouns count only when both stories give them: "asked her twice" alone is no evidence
      if (a.pronouns() != null && b.pronouns() != null) {
        s += (a.pronouns() == GenderLexicon.Side.MALE ? 2 : -2) + (b.pronouns() == GenderLexicon.Side.FEMALE ? 2 : -2);
      }
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    if (best != null) return new Names(m.span(best.maleFirst(), best.maleLast()), f.span(best.femaleFirst(), best.femaleLast()));
    if (dm.kind() == UnnamedProtagonist.Kind.DESCRIBED || df.kind() == UnnamedProtagonist.Kind.DESCRIBED) return Names.NONE;
    String same = sameName(m, f);
    return same.isEmpty() ? Names.NONE : new Names(same, same);
  }

  /**
   * The words a question uses for one story's protagonist when no name is known: "the narrator" for a
   * first-person story, the story's own description made definite ("the man", "the young woman", "the narrator's
   * brother", "the husband"), else the pronoun of the story's gender ("he", "she"), else "the main character".
   *
   * @param story  the story text
   * @param gender the story's gender (the male or female story of the pair)
   * @return the words, lower case; never empty
   */
  public static String describe(String story, Gender gender) { return UnnamedProtagonist.of(story, gender).words(); }

  /**
   * The words a question about a story uses for its protagonist.
   *
   * @param name   the protagonist's name as stored with the story; may be empty
   * @param story  the story text
   * @param gender the story's gender
   * @return the name when there is one, else {@link #describe}
   */
  public static String question(String name, String story, Gender gender) {
    return name == null || name.isBlank() ? describe(story, gender) : name;
  }

  /**
   * @param subject  the sum of the subject scores of a name's mentions
   * @param pronouns the gender its own pronouns give it ({@link StoryWords#pronounAfter}), or null
   */
  private record Scored(double subject, GenderLexicon.Side pronouns) {}

  private static Scored score(StoryWords s, int first, int last) {
    String head = s.get(last).text();
    int length = last - first;
    double total = 0;
    GenderLexicon.Side gender = null;
    for (int i = length; i < s.size(); i++) {
      if (!s.get(i).text().equals(head)) continue;
      int from = i - length;
      while (from > 0 && s.get(from - 1).capitalised() && StoryWords.TITLES.contains(s.get(from - 1).lower()) && !s.get(from).afterPunct()) from--;
      double sc = s.subjectScore(from, i);
      total += sc;
      if (gender == null && sc > 0) gender = s.pronounAfter(i);
    }
    return new Scored(total, gender);
  }

  /** The names that differ between the stories, from a word diff, each widened to its title and other name words. */
  private static List<Candidate> differingNames(StoryWords m, StoryWords f) {
    List<String> a = new ArrayList<>(), b = new ArrayList<>();
    m.words.forEach(w -> a.add(w.text()));
    f.words.forEach(w -> b.add(w.text()));
    List<Candidate> out = new ArrayList<>();
    for (AbstractDelta<String> d : WordDiff.deltas(a, b)) {
      int ms = d.getSource().getPosition(), fs = d.getTarget().getPosition();
      int n = Math.min(d.getSource().size(), d.getTarget().size());
      for (int k = 0; k < n; k++) {
        int i = ms + k, j = fs + k;
        if (namePair(m, i, f, j)) {
          int ie = i, je = j;
          while (k + 1 < n && namePair(m, ie + 1, f, je + 1) && !m.get(ie + 1).afterPunct()) {
            ie++;
            je++;
            k++;
          }
          out.add(widen(m, i, ie, f, j, je));
        } else if (titlePair(m, i, f, j)) {
          out.add(new Candidate(i, i + 1, j, j + 1));
        }
      }
    }
    return out;
  }

  /** @return the candidate widened over the equal capitalised name words and the title before it ("Li Wei", "Uncle Pete") */
  private static Candidate widen(StoryWords m, int i, int ie, StoryWords f, int j, int je) {
    while (i > 0 && j > 0 && !m.get(i).afterPunct() && !f.get(j).afterPunct() && m.get(i - 1).text().equals(f.get(j - 1).text())
        && StoryWords.nameLike(m.get(i - 1)) && !m.get(i - 1).possessive()) {
      i--;
      j--;
    }
    if (i > 0 && j > 0 && !m.get(i).afterPunct() && isTitle(m.get(i - 1)) && isTitle(f.get(j - 1))) {
      i--;
      j--;
    }
    return new Candidate(i, ie, j, je);
  }

  private static boolean isTitle(StoryWords.Word w) { return w.capitalised() && StoryWords.TITLES.contains(w.lower()); }

  /** "Mr" / "Mrs" before the same surname: the title is all that differs. */
  private static boolean titlePair(StoryWords m, int i, StoryWords f, int j) {
    if (i + 1 >= m.size() || j + 1 >= f.size() || !isTitle(m.get(i)) || !isTitle(f.get(j))) return false;
    StoryWords.Word a = m.get(i + 1), b = f.get(j + 1);
    return a.text().equals(b.text()) && StoryWords.nameLike(a) && GenderLexicon.gendered(m.get(i).lower());
  }

  /**
   * Two words in the same place that are names: not both gendered words (he/she, Uncle/Aunt), not the same word;
   * both capitalised with at least one plainly a name, or a lower-case name ("jack") in the same words as the
   * other story's name and opening a clause.
   */
  private static boolean namePair(StoryWords m, int i, StoryWords f, int j) {
    if (i >= m.size() || j >= f.size()) return false;
    StoryWords.Word a = m.get(i), b = f.get(j);
    if (a.quoted() || b.quoted() || a.lower().equals(b.lower())) return false;
    if (GenderLexicon.gendered(a.lower()) && GenderLexicon.gendered(b.lower())) return false;
    if (isFirstPerson(a) || isFirstPerson(b)) return false;
    if (a.capitalised() && b.capitalised()) return plainName(m, a) || plainName(f, b);
    boolean sameContext = m.lowerBefore(i).equals(f.lowerBefore(j)) && i + 1 < m.size() && j + 1 < f.size()
        && m.get(i + 1).lower().equals(f.get(j + 1).lower());
    if (!sameContext || !m.opensClause(i) || m.get(i + 1).capitalised()) return false;
    return lowerCaseName(a) && lowerCaseName(b);
  }

  private static boolean isFirstPerson(StoryWords.Word w) {
    String l = w.lower();
    return l.equals("i") || l.startsWith("i'") || l.startsWith("i’");
  }

  private static boolean plainName(StoryWords s, StoryWords.Word w) { return StoryWords.nameLike(w) && !s.usedInLowerCase(w.text()); }

  private static boolean lowerCaseName(StoryWords.Word w) {
    return w.capitalised() ? StoryWords.nameLike(w) : !StoryWords.notAName(w.text()) && !GenderLexicon.gendered(w.text()) && w.text().length() > 1;
  }

  /** @return the name that is the same in both stories and most the subject of the action, or "" */
  private static String sameName(StoryWords m, StoryWords f) {
    String best = "";
    double bestScore = 0;
    for (int i = 0; i < m.size(); i++) {
      StoryWords.Word w = m.get(i);
      if (w.quoted() || !StoryWords.nameLike(w) || m.usedInLowerCase(w.text()) || !f.story.contains(w.text())) continue;
      if (i + 1 < m.size() && m.get(i + 1).capitalised() && !m.get(i + 1).afterPunct()) continue;
      int from = i;
      while (from > 0 && isTitle(m.get(from - 1)) && !m.get(from).afterPunct()) from--;
      if (from == i && w.opensSentence() && i + 1 < m.size() && m.get(i + 1).lower().endsWith("ing")) continue;
      double s = m.subjectScore(from, i);
      if (s > bestScore) {
        bestScore = s;
        best = m.span(from, i);
      }
    }
    return best.toLowerCase(Locale.ROOT).equals(best) ? "" : best;
  }
}
