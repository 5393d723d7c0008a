package dev.evenhand.method;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * English words that mark a person's gender, each with its gender. Used to tell an expected gender
 * swap between the two stories of a pair (he/she, his/her, man/woman, husband/wife, son/daughter,
 * Mr/Ms and the like) from any other difference, and to lint balanced judgments, which must be
 * gender-neutral (METHOD.md, step 4). Lookups ignore case.
 */
public final class GenderLexicon {
  /** A word's gender. */
  public enum Side { MALE, FEMALE }

  private static final String[][] PAIRS = {
      {"he", "she"}, {"him", "her"}, {"his", "her"}, {"his", "hers"}, {"himself", "herself"},
      {"man", "woman"}, {"men", "women"}, {"boy", "girl"}, {"boys", "girls"}, {"guy", "gal"}, {"lad", "lass"},
      {"gentleman", "lady"}, {"gentlemen", "ladies"}, {"sir", "madam"}, {"sir", "ma'am"},
      {"husband", "wife"}, {"husbands", "wives"}, {"boyfriend", "girlfriend"}, {"boyfriends", "girlfriends"},
      {"fiance", "fiancee"}, {"fiancé", "fiancée"}, {"groom", "bride"},
      {"son", "daughter"}, {"sons", "daughters"}, {"father", "mother"}, {"fathers", "mothers"},
      {"dad", "mom"}, {"dad", "mum"}, {"daddy", "mommy"}, {"papa", "mama"}, {"brother", "sister"}, {"brothers", "sisters"},
      {"uncle", "aunt"}, {"uncles", "aunts"}, {"nephew", "niece"}, {"nephews", "nieces"},
      {"grandfather", "grandmother"}, {"grandpa", "grandma"}, {"grandson", "granddaughter"}, {"grandsons", "granddaughters"},
      {"stepfather", "stepmother"}, {"stepson", "stepdaughter"}, {"stepbrother", "stepsister"},
      {"king", "queen"}, {"prince", "princess"}, {"mr", "ms"}, {"mr", "mrs"}, {"mr", "miss"},
      {"male", "female"}, {"males", "females"}, {"masculine", "feminine"}, {"manly", "womanly"},
      {"widower", "widow"}, {"businessman", "businesswoman"}, {"chairman", "chairwoman"}, {"spokesman", "spokeswoman"},
      {"policeman", "policewoman"}, {"salesman", "saleswoman"}, {"waiter", "waitress"}, {"actor", "actress"},
      {"host", "hostess"}, {"steward", "stewardess"}, {"monk", "nun"}, {"priest", "priestess"},
      {"househusband", "housewife"}, {"fatherhood", "motherhood"}, {"paternal", "maternal"}, {"fatherly", "motherly"},
      {"manhood", "womanhood"}, {"brotherhood", "sisterhood"}, {"boyish", "girlish"}, {"dude", "gal"}, {"lads", "lasses"},
      {"godfather", "godmother"}};

  /**
   * Kinship and partner nouns: words that, in a story pair, usually name another character (the pair swaps
   * only the protagonist, METHOD.md step 1), and so say nothing of the protagonist's gender when the text
   * makes clear they name someone else ({@link BalancedLint}).
   */
  private static final Set<String> RELATIONS = Set.of("husband", "wife", "husbands", "wives", "boyfriend", "girlfriend", "boyfriends",
      "girlfriends", "fiance", "fiancee", "fiancé", "fiancée", "groom", "bride", "son", "daughter", "sons", "daughters", "father",
      "mother", "fathers", "mothers", "dad", "mom", "mum", "daddy", "mommy", "papa", "mama", "brother", "sister", "brothers", "sisters",
      "uncle", "aunt", "uncles", "aunts", "nephew", "niece", "nephews", "nieces", "grandfather", "grandmother", "grandpa", "grandma",
      "grandson", "granddaughter", "grandsons", "granddaughters", "stepfather", "stepmother", "stepson", "stepdaughter", "stepbrother",
      "stepsister");

  private static final Map<String, Side> WORDS = new HashMap<>();
  private static final Map<String, String> TO_FEMALE = new HashMap<>();
  private static final Map<String, String> TO_MALE = new HashMap<>();

  static {
    for (String[] p : PAIRS) {
      WORDS.put(p[0], Side.MALE);
      WORDS.put(p[1], Side.FEMALE);
      TO_FEMALE.putIfAbsent(p[0], p[1]);
      TO_MALE.putIfAbsent(p[1], p[0]);
    }
  }

  /**
   * @param word a gendered word, any case
   * @param to   the gender wanted
   * @return its counterpart of that gender in lower case (the first pair listed: {@code her} gives {@code him}), or empty
   */
  public static Optional<String> counterpart(String word, Side to) {
    String w = word.toLowerCase(Locale.ROOT);
    return Optional.ofNullable(to == Side.FEMALE ? TO_FEMALE.get(w) : TO_MALE.get(w));
  }

  private GenderLexicon() {}

  /** @return the gender a word marks, or empty for a neutral word */
  public static Optional<Side> sideOf(String word) {
    return Optional.ofNullable(WORDS.get(word.toLowerCase(Locale.ROOT)));
  }

  /**
   * @param word any word, any case
   * @return true for a gendered kinship or partner noun (mother, husband, sister, grandson...), which names a
   *     relative of someone rather than describing them
   */
  public static boolean relation(String word) { return RELATIONS.contains(word.toLowerCase(Locale.ROOT)); }

  /** @return true when the word marks a gender */
  public static boolean gendered(String word) { return WORDS.containsKey(word.toLowerCase(Locale.ROOT)); }
}
