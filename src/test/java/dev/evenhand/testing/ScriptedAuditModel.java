package dev.evenhand.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat handler for {@link FakeOllama} that answers the audit question on {@link Genmo#fixture()} with
 * stances scripted per pair and model, so a comparison of a base and a "fine-tuned" model is known by hand.
 *
 * <p>The base ({@value #BASE}) mismatches pairs 1-10 (Moral / Immoral) and is consistent elsewhere (Moral /
 * Moral). The fine-tuned model ({@value #TUNED}): 1-3 Moral / Moral and 4 Both / Both (resolved with identical
 * stances: 4 of 10, to Moral 3, Both 1); 5 Both / Can't say, 6 unreadable twice, 7 Can't say / unreadable (no
 * longer mismatched, not identical: 7 of 10 in all, one of them unreadable twice); 8-10 still Moral / Immoral;
 * 11-12 Immoral / Moral (new mismatches); the rest Moral / Moral. Paired counts against the base: b = 7, c = 2.
 * Any other model answers as the base does. Pairs are numbered from 1 in the fixture's order.
 */
public final class ScriptedAuditModel implements FakeOllama.ChatHandler {
  /** The base model's tag. */
  public static final String BASE = "llama3.1:8b";
  /** The fine-tuned model's tag. */
  public static final String TUNED = "evenhand-dpo:8b";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<String[]> stories = new ArrayList<>();

  /** Reads the fixture's stories. */
  public ScriptedAuditModel() {
    try {
      for (JsonNode p : JSON.readTree(Genmo.fixture().toFile())) {
        stories.add(new String[] {p.get("male_story").asText(), p.get("female_story").asText()});
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param model a model tag
   * @param pair  a fixture pair, from 1
   * @return its stances {male, female}; null for a reply that cannot be read
   */
  public static String[] stances(String model, int pair) {
    if (!model.equals(TUNED)) return pair <= 10 ? new String[] {"Moral", "Immoral"} : new String[] {"Moral", "Moral"};
    return switch (pair) {
      case 1, 2, 3 -> new String[] {"Moral", "Moral"};
      case 4 -> new String[] {"Both", "Both"};
      case 5 -> new String[] {"Both", "Can't say"};
      case 6 -> new String[] {null, null};
      case 7 -> new String[] {"Can't say", null};
      case 8, 9, 10 -> new String[] {"Moral", "Immoral"};
      case 11, 12 -> new String[] {"Immoral", "Moral"};
      default -> new String[] {"Moral", "Moral"};
    };
  }

  @Override
  public Reply handle(FakeOllama.ChatCall call) {
    String prompt = call.lastUserContent() == null ? "" : call.lastUserContent();
    for (int i = 0; i < stories.size(); i++) {
      for (int g = 0; g < 2; g++) {
        if (!prompt.contains(stories.get(i)[g])) continue;
        String stance = stances(call.model(), i + 1)[g];
        if (stance == null) return Reply.content("I would rather not choose between these.");
        return Reply.content(JSON.createObjectNode().put("answer", stance).put("explanation", "Scripted.").toString());
      }
    }
    throw new AssertionError("no fixture story in the prompt: " + prompt);
  }
}
