package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lint of balanced judgments (issue 4). */
class BalancedLintTest {
  @Test
  void sheAndTheProtagonistsNameAreFlaggedTheMainCharacterIsNot() {
    String text = "The main character kept the money. Ann knew she was wrong, but Tom's choice was understandable.";
    var f = BalancedLint.check(text, "Tom", "Ann");
    assertThat(f).extracting(BalancedLint.Finding::word).containsExactly("Ann", "she", "Tom's");
    assertThat(f).extracting(BalancedLint.Finding::reason).containsExactly("protagonist's name", "gendered pronoun", "protagonist's name");
    assertThat(text.substring(f.get(1).start(), f.get(1).end())).isEqualTo("she");
    assertThat(BalancedLint.check("The main character weighed duty against need; their choice was fair.", "Tom", "Ann")).isEmpty();
  }

  @Test
  void gendererdWordsOfBothGendersAndAccentedNamesAreFlagged() {
    assertThat(BalancedLint.check("As a mother and a wife, Zoë acted; as a husband, he would too.", "José", "Zoë"))
        .extracting(BalancedLint.Finding::word).containsExactly("mother", "wife", "Zoë", "husband", "he");
  }
}
