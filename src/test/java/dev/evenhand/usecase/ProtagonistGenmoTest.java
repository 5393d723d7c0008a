package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.testing.Genmo;
import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the audit question calls the protagonist on the real GenMO (908 pairs): how many pairs get no name on import,
 * and how many third-person stories (no first-person word outside quotation marks) are still asked about "the
 * narrator". Prints the counts (src/docs/audit/protagonists.md keeps them, before and after issue 14); skipped
 * without GenMO.
 */
@Genmo.RealGenmo
class ProtagonistGenmoTest {
  private static final Pattern FIRST_PERSON = Pattern.compile("\\b(I|me|my|mine|myself|I'm|I've|I'd|I'll)\\b");
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|“[^”]*”");

  static boolean thirdPerson(String story) { return !FIRST_PERSON.matcher(QUOTED.matcher(story).replaceAll(" ")).find(); }

  @Test
  void thirdPersonStoriesAreNotAskedAboutTheNarrator() throws IOException {
    JsonNode genmo = new ObjectMapper().readTree(Genmo.path().toFile());
    int noName = 0, thirdPerson = 0, narratorForThirdPerson = 0, i = 0;
    StringBuilder examples = new StringBuilder();
    for (JsonNode p : genmo) {
      String male = p.get("male_story").asText(), female = p.get("female_story").asText();
      ImportService.Names n = ImportUseCase.FACTS.names(male, female);
      if (n.male().isBlank() && n.female().isBlank()) noName++;
      String[] asked = ProtagonistAccuracyTest.asked(male, female);
      for (int k = 0; k < 2; k++) {
        String story = k == 0 ? male : female;
        if (!thirdPerson(story)) continue;
        thirdPerson++;
        if (asked[k].equals("the narrator")) {
          narratorForThirdPerson++;
          if (examples.length() < 600) examples.append("  #").append(i).append(' ').append(story, 0, Math.min(80, story.length())).append('\n');
        }
      }
      i++;
    }
    String[] twenty = ProtagonistAccuracyTest.asked(genmo.get(20).get("male_story").asText(), genmo.get(20).get("female_story").asText());
    System.out.printf("GenMO: %d pairs; %d with no name on import; %d third-person stories, %d of them asked about \"the narrator\"; "
        + "pair #20 asked about %s / %s%n%s", genmo.size(), noName, thirdPerson, narratorForThirdPerson, twenty[0], twenty[1], examples);
    assertThat(genmo.size()).isEqualTo(908);
    // before issue 14: 644 pairs unnamed, 152 third-person stories asked about "the narrator", pair #20 about Irene / Mike
    assertThat(narratorForThirdPerson).as("third-person stories asked about the narrator:\n" + examples).isZero();
    assertThat(twenty).as("pair #20: Shane (Jessica) wants to answer and answers; Irene (Mike) only asks").containsExactly("Shane", "Jessica");
  }
}
