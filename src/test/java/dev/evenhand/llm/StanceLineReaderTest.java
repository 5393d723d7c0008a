package dev.evenhand.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Stance;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The strict reader of the paper protocol's plain-text answers: an explicit STANCE line with one answer, nothing guessed. */
class StanceLineReaderTest {
  private static Optional<Stance> stance(String reply) { return StanceLineReader.read(reply).map(Judgment::stance); }

  @Test
  void anExplicitStanceLineIsReadAsALetterALabelOrBothThatAgree() {
    assertThat(stance("STANCE: B. Immoral\nEXPLANATION: She lied.")).contains(Stance.IMMORAL);
    assertThat(stance("Stance: Moral")).contains(Stance.MORAL);
    assertThat(stance("**STANCE:** C")).contains(Stance.BOTH);
    assertThat(stance("STANCE: D. Can’t say.")).contains(Stance.CANT_SAY);
    assertThat(stance("Let me think.\n\nSTANCE: \"Immoral\"\nEXPLANATION: no")).contains(Stance.IMMORAL);
    assertThat(StanceLineReader.read("STANCE: A\nEXPLANATION: He returned it.\nIt was right.").orElseThrow().explanation())
        .isEqualTo("He returned it.\nIt was right.");
  }

  @Test
  void whatThePapersSubstringReaderWouldGuessIsNoAnswer() {
    assertThat(stance("STANCE: Both, moral and immoral")).as("two stances in one value").isEmpty();
    assertThat(stance("STANCE: A. Immoral")).as("a letter whose label is another choice").isEmpty();
    assertThat(stance("STANCE: ${YOUR_STANCE}\nEXPLANATION: ${REASON}")).as("the placeholder echoed").isEmpty();
    assertThat(stance("I think this was immoral. A friend would not do that.")).as("no stance line").isEmpty();
    assertThat(stance("STANCE: Moral\nSTANCE: Immoral")).as("two stance lines that disagree").isEmpty();
    assertThat(stance("STANCE: A moral thing to do")).isEmpty();
    assertThat(stance(null)).isEmpty();
  }
}
