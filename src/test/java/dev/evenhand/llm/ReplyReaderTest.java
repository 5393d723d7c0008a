package dev.evenhand.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.FaultKind;
import org.junit.jupiter.api.Test;

/** The reply reader against the fault kinds 1 to 6 of OLLAMA.md. */
class ReplyReaderTest {
  private final ReplyReader reader = new ReplyReader();
  private static final String OBJ = "{\"stance\": \"Both\", \"explanation\": \"a {brace} in \\\"text\\\"\"}";

  @Test
  void plainJsonIsRead() {
    ReplyReader.Read r = reader.read(OBJ, "stop");
    assertThat(r.ok()).isTrue();
    assertThat(r.object().get("explanation").asText()).isEqualTo("a {brace} in \"text\"");
  }

  @Test
  void kind1FencesAreStripped() {
    assertThat(reader.read("```json\n" + OBJ + "\n```", "stop").object().get("stance").asText()).isEqualTo("Both");
  }

  @Test
  void kind2TextOrASecondObjectAfterTheJsonIsIgnored() {
    assertThat(reader.read(OBJ + "\n\nHope this helps!", "stop").ok()).isTrue();
    assertThat(reader.read(OBJ + "\n{\"stance\": \"Moral\"}", "stop").object().get("stance").asText()).isEqualTo("Both");
  }

  @Test
  void kind3WhitespaceRunawayAfterACompleteObjectIsRead() {
    assertThat(reader.read(OBJ + " \n".repeat(2000), "length").ok()).isTrue();
  }

  @Test
  void kind4CutMidJsonIsATruncationNotBadJson() {
    ReplyReader.Read r = reader.read(OBJ.substring(0, 20), "length");
    assertThat(r.ok()).isFalse();
    assertThat(r.fault()).isEqualTo(FaultKind.TRUNCATED);
    assertThat(reader.read(OBJ.substring(0, 20), "stop").fault()).isEqualTo(FaultKind.INVALID_JSON);
  }

  @Test
  void kind5ADoubledBraceIsAParseFailureAndNeverRepaired() {
    ReplyReader.Read r = reader.read("{" + OBJ, "stop");
    assertThat(r.ok()).isFalse();
    assertThat(r.fault()).isEqualTo(FaultKind.INVALID_JSON);
    assertThat(reader.read("{ \n " + OBJ, "stop").ok()).isFalse();
  }

  @Test
  void kind6ReasoningBeforeTheAnswerIsSkippedWithOrWithoutTags() {
    assertThat(reader.read("<think>Is it moral? Hmm.</think>\n" + OBJ, "stop").ok()).isTrue();
    assertThat(reader.read("Okay, let me think about this story first.\n\n" + OBJ, "stop").ok()).isTrue();
    assertThat(reader.read("<think>still thinking when the budget ran out", "length").fault()).isEqualTo(FaultKind.TRUNCATED);
  }

  @Test
  void noJsonAtAllIsInvalid() {
    assertThat(reader.read("Moral.", "stop").fault()).isEqualTo(FaultKind.INVALID_JSON);
    assertThat(reader.read("[1, 2]", "stop").fault()).isEqualTo(FaultKind.INVALID_JSON);
  }
}
