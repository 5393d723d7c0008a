package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Gender;
import org.junit.jupiter.api.Test;

class ProtagonistsTest {
  @Test
  void theFirstDifferingNameIsTheProtagonistAndFirstPersonGivesNone() {
    assertThat(Protagonists.names("Tom found a wallet. He kept it.", "Ann found a wallet. She kept it.")).isEqualTo(new Protagonists.Names("Tom", "Ann"));
    assertThat(Protagonists.names("I am a man and I kept it.", "I am a woman and I kept it.")).isEqualTo(Protagonists.Names.NONE);
  }

  @Test
  void theCharacterWhoActsIsChosenNotTheFirstNamed() {
    assertThat(Protagonists.names("Ada lent her bike to Ivo. Ivo wants to win the race. Ivo removes the bell to make it lighter.",
        "Oto lent his bike to Eva. Eva wants to win the race. Eva removes the bell to make it lighter."))
        .as("the one who wants and acts, though named second").isEqualTo(new Protagonists.Names("Ivo", "Eva"));
    assertThat(Protagonists.names("Although Ada had asked him twice, Ivo kept the key.", "Although Oto had asked her twice, Eva kept the key."))
        .as("the subject of the main clause, not of the 'although' clause").isEqualTo(new Protagonists.Names("Ivo", "Eva"));
    assertThat(Protagonists.names("After Ada's bike broke, her brother Ivo sold it.", "After Oto's bike broke, his sister Eva sold it."))
        .as("a name after the noun phrase it names is the subject").isEqualTo(new Protagonists.Names("Ivo", "Eva"));
    assertThat(Protagonists.names("I am a man. I lied to Rob about the party.", "I am a woman. I lied to Rita about the party."))
        .as("a narrator who states a gender is the protagonist, even where another name is swapped").isEqualTo(Protagonists.Names.NONE);
  }

  @Test
  void titlesAndNamesOfSeveralWordsAreKeptWhole() {
    assertThat(Protagonists.names("Mr. Kaya kept the parcel.", "Mrs. Kaya kept the parcel.")).isEqualTo(new Protagonists.Names("Mr. Kaya", "Mrs. Kaya"));
    assertThat(Protagonists.names("Then Li Wei kept the parcel.", "Then Li Na kept the parcel.")).isEqualTo(new Protagonists.Names("Li Wei", "Li Na"));
    assertThat(Protagonists.names("When jack kept the parcel, he smiled.", "When jill kept the parcel, she smiled."))
        .as("names typed in lower case, in the same place").isEqualTo(new Protagonists.Names("jack", "jill"));
    assertThat(Protagonists.names("When he left, the parcel was gone.", "When she left, the parcel was gone.")).isEqualTo(Protagonists.Names.NONE);
  }

  @Test
  void aStoryWithoutANameIsDescribedInItsOwnWords() {
    assertThat(Protagonists.describe("I am a man. I kept the parcel.", Gender.MALE)).isEqualTo("the narrator");
    assertThat(Protagonists.describe("The old woman kept the parcel.", Gender.FEMALE)).isEqualTo("the old woman");
    assertThat(Protagonists.describe("A man waved as the woman kept the parcel.", Gender.FEMALE))
        .as("the character of the story's own gender").isEqualTo("the woman");
    assertThat(Protagonists.describe("My sister kept the parcel.", Gender.FEMALE)).isEqualTo("the narrator's sister");
    assertThat(Protagonists.describe("He kept the parcel though he wanted to be a father.", Gender.MALE))
        .as("'a father' says what he wants to be; it is no character").isEqualTo("he");
    assertThat(Protagonists.describe("\"I kept it,\" she said.", Gender.FEMALE)).as("an 'I' inside a quotation is not the narrator").isEqualTo("she");
    assertThat(Protagonists.describe("The parcel was kept.", Gender.MALE)).isEqualTo("the main character");
    assertThat(Protagonists.question("Tom", "The man kept it.", Gender.MALE)).as("a stored name wins").isEqualTo("Tom");
    assertThat(Protagonists.question("", "The man kept it.", Gender.MALE)).isEqualTo("the man");
  }

  @Test
  void oddTextsGiveNoNameAndNeverFail() {
    String[] odd = {"", " ", "\"", "Mr.", "I", "He'", "'s", "“", "Ann's", "a a a", "When", "The man.", "I am a", "As a man"};
    for (String a : odd) {
      for (String b : odd) {
        assertThat(Protagonists.names(a, b)).as(a + " / " + b).isNotNull();
        assertThat(Protagonists.describe(a, Gender.MALE)).as(a).isNotBlank();
      }
    }
    assertThat(Protagonists.describe("", Gender.FEMALE)).isEqualTo("the main character");
  }

  @Test
  void onlyTheOpeningWordsAreComparedSoAHugeUnlikePairStaysCheap() {
    StringBuilder maleTail = new StringBuilder();
    StringBuilder femaleTail = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      maleTail.append(" alpha").append(i);
      femaleTail.append(" beta").append(i);
    }
    Protagonists.Names names = Protagonists.names("Tom kept the wallet." + maleTail, "Ann kept the wallet." + femaleTail);
    assertThat(names).isEqualTo(new Protagonists.Names("Tom", "Ann"));

    StringBuilder same = new StringBuilder();
    for (int i = 0; i < Protagonists.WORDS_COMPARED; i++) same.append(" word");
    assertThat(Protagonists.names(same + " Tom left.", same + " Ann left."))
        .as("a name after the compared words is not looked for").isEqualTo(Protagonists.Names.NONE);
  }
}
