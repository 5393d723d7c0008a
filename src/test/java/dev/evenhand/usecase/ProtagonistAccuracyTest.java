package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Story;
import dev.evenhand.exchange.ImportService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How often the audit question names the right character, on the hand-checked reference of
 * {@code src/test/resources/protagonists/reference.jsonl} (src/docs/audit/protagonists.md). The whole chain is
 * measured: the names worked out on import ({@link ImportUseCase#FACTS}) put into the story, then the words the
 * question uses for it ({@link CurationSteps#protagonist}). Prints the accuracy per case; asserts a floor.
 */
class ProtagonistAccuracyTest {
  /**
   * Share of stories (two per pair) the question must name correctly: before issue 14 it was 67 of 136 (49.3%),
   * after 134 of 136 (98.5%; both misses are r36, "the patient", gendered only by pronouns).
   */
  static final double FLOOR = 0.95;
  /** Share of the held-out stories that must be named right: 38 of 40 (95.0%) when first measured. */
  static final double HELD_OUT_FLOOR = 0.9;

  /** One reference story: its case, its text, and the acceptable ways the question may name its protagonist. */
  record Item(String id, String kase, Gender gender, String text, List<String> accepted) {}

  /** @return both stories of every reference pair, male first */
  static List<Item> reference() throws IOException { return read("/protagonists/reference.jsonl"); }

  /** @return both stories of every pair of a reference file on the test class path, male first */
  static List<Item> read(String resource) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Item> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        ProtagonistAccuracyTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) continue;
        JsonNode o = json.readTree(line);
        out.add(new Item(o.get("id").asText(), o.get("case").asText(), Gender.MALE, o.get("male").asText(), accepted(o.get("male_protagonist"))));
        out.add(new Item(o.get("id").asText(), o.get("case").asText(), Gender.FEMALE, o.get("female").asText(), accepted(o.get("female_protagonist"))));
      }
    }
    return out;
  }

  private static List<String> accepted(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) n.forEach(x -> out.add(x.asText()));
    else out.add(n.asText());
    return out;
  }

  /** @return the words the audit question uses for each story of the pair, male first */
  static String[] asked(String male, String female) {
    ImportService.Names n = ImportUseCase.FACTS.names(male, female);
    return new String[] {CurationSteps.protagonist(new Story(Gender.MALE, n.male(), male)),
        CurationSteps.protagonist(new Story(Gender.FEMALE, n.female(), female))};
  }

  static String fold(String s) { return s.strip().replaceAll("\\s+", " ").replaceAll("[.,;:!?]+$", "").toLowerCase(Locale.ROOT); }

  @Test
  void theQuestionNamesTheCharacterWhoActs() throws IOException {
    List<Item> items = reference();
    assertThat(items).as("at least 60 pairs").hasSizeGreaterThanOrEqualTo(120);
    double overall = measure("reference", items);
    assertThat(overall).as("share of reference stories named right").isGreaterThanOrEqualTo(FLOOR);
  }

  /**
   * The held-out pairs, written after the rule was settled and never used to tune it: an estimate free of the
   * tuning on the reference (src/docs/audit/protagonists.md).
   */
  @Test
  void heldOutPairsWrittenAfterTheRuleWasSettled() throws IOException {
    List<Item> items = read("/protagonists/holdout.jsonl");
    assertThat(items).hasSize(40);
    assertThat(measure("held-out", items)).as("share of held-out stories named right").isGreaterThanOrEqualTo(HELD_OUT_FLOOR);
  }

  /** @return the share of stories whose question names the expected character; prints it per case with the misses */
  private static double measure(String name, List<Item> items) {
    Map<String, int[]> perCase = new TreeMap<>();
    int right = 0;
    StringBuilder wrong = new StringBuilder();
    for (int i = 0; i < items.size(); i += 2) {
      Item m = items.get(i), f = items.get(i + 1);
      String[] asked = asked(m.text(), f.text());
      for (int k = 0; k < 2; k++) {
        Item it = k == 0 ? m : f;
        String said = asked[k];
        boolean ok = it.accepted().stream().anyMatch(a -> fold(a).equals(fold(said)));
        int[] c = perCase.computeIfAbsent(it.kase(), x -> new int[2]);
        c[1]++;
        if (ok) {
          c[0]++;
          right++;
        } else {
          wrong.append(String.format("  %s %-6s asked \"%s\", expected %s%n", it.id(), it.gender().label(), said, it.accepted()));
        }
      }
    }
    StringBuilder report = new StringBuilder("Protagonist accuracy on the " + name + " pairs (stories named right / stories):\n");
    perCase.forEach((k, c) -> report.append(String.format("  %-22s %3d / %3d  %5.1f%%%n", k, c[0], c[1], 100.0 * c[0] / c[1])));
    double overall = (double) right / items.size();
    report.append(String.format("  %-22s %3d / %3d  %5.1f%%%n", "overall", right, items.size(), 100 * overall));
    System.out.print(report);
    System.out.print("Misses:\n" + wrong);
    return overall;
  }
}
