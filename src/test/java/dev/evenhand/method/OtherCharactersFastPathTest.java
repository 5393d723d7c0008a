package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The lint's tokenizer reads plain words without a regex match per word (issue 13, point 8: the lint is most of what a
 * trainer export does per pair): its hand-written checks give what the regexes they replace give, on the cases that
 * matter and on many random strings over an alphabet of letters, apostrophes and sentence punctuation.
 */
class OtherCharactersFastPathTest {
  private static final Pattern SUFFIX = Pattern.compile("'(s|d|ll|re|ve|m)$");
  private static final Pattern SENTENCE_END = Pattern.compile("(?s).*[!?;].*");

  @Test
  void cuttingAnApostropheSuffixAsTheRegexDoes() {
    for (String w : new String[] {"he's", "she'd", "they'll", "we're", "i've", "i'm", "rock'n'roll", "o'neill", "it's'", "'s", "s", "he''s", "mark's's"}) {
      assertThat(OtherCharacters.cutSuffix(w)).as(w).isEqualTo(SUFFIX.matcher(w).replaceAll(""));
    }
    assertThat(OtherCharacters.fold("HE'S")).isEqualTo("he");
    SplittableRandom random = new SplittableRandom(13);
    String alphabet = "sdlrevm'ah";
    for (int i = 0; i < 20_000; i++) {
      String w = randomString(random, alphabet, 7);
      assertThat(OtherCharacters.cutSuffix(w)).as(w).isEqualTo(SUFFIX.matcher(w).replaceAll(""));
    }
  }

  @Test
  void aSentenceEndsWhereTheRegexSaysItDoes() {
    SplittableRandom random = new SplittableRandom(17);
    String alphabet = " .!?;,:\n\t—a";
    for (int i = 0; i < 20_000; i++) {
      String gap = randomString(random, alphabet, 5);
      assertThat(OtherCharacters.endsSentence(gap)).as("[" + gap + "]").isEqualTo(SENTENCE_END.matcher(gap).matches());
    }
  }

  private static String randomString(SplittableRandom random, String alphabet, int maxLength) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(maxLength + 1);
    for (int j = 0; j < n; j++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return sb.toString();
  }
}
