package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * {@link WordScanner} finds the words {@link OtherCharacters#WORD} finds, at the same places: on the cases the lint
 * cares about (contractions, hidden characters, accents written as combining marks, names in other scripts) and on
 * 20,000 random strings over an alphabet that mixes ASCII, apostrophes, other scripts, numbers of every kind, marks,
 * format characters, a letter and an emoji outside the BMP, and lone surrogates.
 */
class WordScannerTest {
  private static final String[] PIECES = {"a", "Z", "7", " ", ".", "-", "'", "’", "ʼ", "é", "e\u0301", "\u200B", "\u00AD", "\u2060", "ß", "Ж",
      "中", "Ⅻ", "½", "²", "\uD835\uDC00", "\uD83D\uDE00", "\uD800", "\uDC00", "_", "\n", "ª", "\u0903", "\u20DD"};

  @Test
  void theWordsTheLintReadsAreTheRegexs() {
    for (String s : new String[] {"", " ", "he'd", "she’ll", "Lukas's", "rock'n'roll", "o'", "'s", "don't3", "wo\u200Bman", "he\u00ADr",
        "Jose\u0301", "Zoë and Zoe\u0308", "Владимир's", "李明", "1st 2nd", "Ⅻ½", "it's'", "a''b", "\uD835\uDC00\uD835\uDC01 x"}) {
      assertThat(words(s)).as("[" + s + "]").isEqualTo(regexWords(s));
    }
  }

  @Test
  void onRandomTextEveryMatchIsTheRegexs() {
    SplittableRandom random = new SplittableRandom(29);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(13);
      for (int j = 0; j < n; j++) sb.append(PIECES[random.nextInt(PIECES.length)]);
      String s = sb.toString();
      assertThat(words(s)).as("[" + s.codePoints().mapToObj(Integer::toHexString).toList() + "]").isEqualTo(regexWords(s));
    }
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    WordScanner w = new WordScanner(s);
    while (w.find()) out.add(w.start() + "-" + w.end() + ":" + w.group());
    return out;
  }

  private static List<String> regexWords(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = OtherCharacters.WORD.matcher(s);
    while (m.find()) out.add(m.start() + "-" + m.end() + ":" + m.group());
    return out;
  }
}
