package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtagonistsTest {
  @Test
  void theFirstDifferingNameIsTheProtagonistAndFirstPersonGivesNone() {
    assertThat(Protagonists.names("Tom found a wallet. He kept it.", "Ann found a wallet. She kept it.")).isEqualTo(new Protagonists.Names("Tom", "Ann"));
    assertThat(Protagonists.names("I am a man and I kept it.", "I am a woman and I kept it.")).isEqualTo(Protagonists.Names.NONE);
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
