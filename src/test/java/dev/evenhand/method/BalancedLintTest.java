package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.GenderedWord;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import java.time.Instant;
import java.util.Optional;
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

  @Test
  void aStoredPairsNamesAreWorkedOutAgainOnlyWhenTheyWereNotWorkedOutOnImport() {
    StoryPair stories = new StoryPair(new Story(Gender.MALE, "", "Daniel wants to keep the wallet he found. Daniel keeps it."),
        new Story(Gender.FEMALE, "", "Maria wants to keep the wallet she found. Maria keeps it."), "Others");
    BalancedJudgment named = new BalancedJudgment("Daniel was wrong to keep it.", "Maria was wrong to keep it.");
    // names never worked out (a pair stored before V21, or generated): the gate finds Daniel and Maria in the stories
    assertThat(BalancedLint.check(named, pair(stories, named, false))).extracting(GenderedWord::word).containsExactly("Daniel", "Maria");
    // names worked out on import and none found (blank): the names are taken as stored, nothing is looked for again
    assertThat(BalancedLint.check(named, pair(stories, named, true))).isEmpty();
    // stored names are used either way
    StoryPair withNames = new StoryPair(new Story(Gender.MALE, "Daniel", stories.male().text()), new Story(Gender.FEMALE, "Maria", stories.female().text()),
        "Others");
    assertThat(BalancedLint.check(named, pair(withNames, named, true))).extracting(GenderedWord::word).containsExactly("Daniel", "Maria");
  }

  private static CuratedPair pair(StoryPair p, BalancedJudgment b, boolean namesWorkedOut) {
    return new CuratedPair(1, "set", p, 0.9, Optional.empty(), Optional.empty(), "m", Optional.of(b), ReviewStatus.ACCEPTED, false,
        Instant.EPOCH, 1, "set", "generated", namesWorkedOut);
  }
}
