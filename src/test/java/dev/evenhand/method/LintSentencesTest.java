package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lint's rule for other characters ({@link OtherCharacters}) on the hand-written set
 * {@code src/test/resources/lint/sentences.tsv}: every sentence gives exactly the findings written beside it.
 */
public class LintSentencesTest {
  /**
   * One hand-written sentence.
   *
   * @param line     its line in the file, from 1
   * @param neutral  true when a careful researcher would accept it as gender-neutral
   * @param male     the male protagonist's name
   * @param female   the female protagonist's name
   * @param text     the balanced judgment
   * @param expected the findings the rule must give, in text order
   */
  public record Sentence(int line, boolean neutral, String male, String female, String text, List<String> expected) {}

  /** @return the sentences of the set, comment lines left out */
  public static List<Sentence> load() throws IOException {
    List<Sentence> out = new ArrayList<>();
    try (InputStream in = LintSentencesTest.class.getResourceAsStream("/lint/sentences.tsv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].startsWith("#") || lines[i].isBlank()) continue;
        String[] f = lines[i].split("\t", -1);
        List<String> expected = f[4].isEmpty() ? List.of() : Arrays.asList(f[4].split("\\|"));
        out.add(new Sentence(i + 1, f[0].equals("yes"), f[1], f[2], f[3], expected));
      }
    }
    return out;
  }

  @Test
  void everySentenceOfTheHandWrittenSetGivesExactlyItsExpectedFindings() throws IOException {
    List<Sentence> set = load();
    assertThat(set).hasSizeGreaterThanOrEqualTo(40);
    List<String> wrong = new ArrayList<>();
    for (Sentence s : set) {
      List<String> got = BalancedLint.check(s.text(), s.male(), s.female()).stream().map(BalancedLint.Finding::word).toList();
      if (!got.equals(s.expected())) wrong.add("line " + s.line() + ": " + s.text() + " -> " + got + ", expected " + s.expected());
    }
    assertThat(wrong).as("sentences whose findings differ").isEmpty();
  }

  @Test
  void theSetHoldsBothTextsToAcceptAndTextsToFlag() throws IOException {
    List<Sentence> set = load();
    assertThat(set.stream().filter(Sentence::neutral).count()).isGreaterThanOrEqualTo(20);
    assertThat(set.stream().filter(s -> !s.neutral()).count()).isGreaterThanOrEqualTo(20);
    assertThat(set.stream().filter(s -> !s.neutral() && !s.expected().isEmpty()).count())
        .as("nearly every gendered text is caught").isGreaterThanOrEqualTo(set.stream().filter(s -> !s.neutral()).count() - 2);
  }
}
