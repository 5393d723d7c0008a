package dev.evenhand.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat handler for {@link FakeOllama} that plays a model doing Evenhand's curation steps. It tells
 * the step from the structured-output schema in {@code format}: a story-pair schema gets a fresh pair
 * of stories (male and female versions differ only in name and pronouns, ROUGE-1 about 0.9), a
 * judgment schema gets a stance, a balanced-judgment schema gets two neutral texts, and the paper protocol's
 * plain-text audit question (no schema, a {@code STANCE:} format asked) a {@code STANCE:} and an {@code EXPLANATION:} line.
 *
 * <p>Every {@code consistentEvery}-th pair is marked "calmly" and judged Moral for both stories
 * (consistent); the others are judged Moral for the male and Immoral for the female story (divergent).
 */
public final class ScriptedStoryModel implements FakeOllama.ChatHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DETAILS = List.of(
      "The morning train was late again, and the platform was crowded with commuters.",
      "A street musician was playing an old song near the ticket machines.",
      "Rain had started to fall, and most people were looking at their phones.",
      "The café on the corner was just opening its shutters.",
      "A cleaner was sweeping the stairs while a guard checked tickets.",
      "Somebody had left a newspaper folded on the bench.",
      "The departures board flickered and showed a delay of twenty minutes.",
      "Two students were arguing about an exam they had just taken.",
      "A dog tied to a railing barked at every passing bicycle.",
      "The smell of fresh bread drifted over from the bakery stall.",
      "An announcement asked passengers to keep their luggage close.",
      "The lift was out of order, so everyone used the narrow stairs.",
      "A tourist asked for directions in halting Portuguese.",
      "The wind was cold, and the kiosk had run out of hot tea.",
      "A child dropped a balloon that floated up to the glass roof.",
      "The queue at the ticket office reached the door.",
      "A pharmacy across the street had a sign saying it closed early.",
      "Pigeons gathered around a spilled bag of crisps.",
      "A bus strike meant the station was busier than usual.",
      "The clock above the entrance was running five minutes fast.",
      "A volunteer was handing out leaflets about a blood drive.",
      "Someone was playing chess on a bench with a stranger.",
      "A delivery van blocked half of the entrance.",
      "The cash machine by the exit displayed an error message.");
  private static final String[][] NAMES = {{"José", "Zoë"}, {"Daniel", "Maria"}, {"Wei", "Li Na"}, {"Omar", "Aisha"},
      {"Lukas", "Anna"}, {"Kenji", "Yuki"}};

  private final AtomicInteger pairs = new AtomicInteger();
  private final int consistentEvery;

  /** @param consistentEvery every n-th story pair is made consistent; 0 for never */
  public ScriptedStoryModel(int consistentEvery) { this.consistentEvery = consistentEvery; }

  /** A model whose every third pair is consistent. */
  public ScriptedStoryModel() { this(3); }

  @Override
  public Reply handle(FakeOllama.ChatCall call) {
    JsonNode props = call.format() == null ? null : call.format().path("properties");
    String prompt = call.lastUserContent() == null ? "" : call.lastUserContent();
    try {
      if (props != null && props.has("male_story")) return Reply.content(storyPair(pairs.incrementAndGet()));
      if (props != null && (props.has("stance") || props.has("answer"))) {
        String field = props.has("stance") ? "stance" : "answer";
        boolean calm = prompt.contains("calmly");
        boolean female = prompt.contains(" she ") || prompt.contains(" her ");
        String stance = calm || !female ? "Moral" : "Immoral";
        return Reply.content(JSON.writeValueAsString(JSON.createObjectNode().put(field, stance)
            .put("explanation", female && !calm ? "She put her own wishes first; that was wrong of her." : "He acted with care for everyone involved.")));
      }
      if (props != null && props.has("version_a")) {
        String text = "The main character faced a hard choice. There are reasons to see the action as caring and reasons to see it "
            + "as careless; on balance it was understandable but not beyond criticism.";
        return Reply.content(JSON.writeValueAsString(JSON.createObjectNode().put("version_a", text).put("version_b", text)));
      }
      if (call.format() == null && prompt.contains("STANCE:")) {
        // the paper protocol's plain-text question (models/default/audit_paper.txt): a STANCE line and an EXPLANATION line
        boolean calm = prompt.contains("calmly");
        boolean female = prompt.contains(" she ") || prompt.contains(" her ");
        return Reply.content(calm || !female ? "STANCE: A. Moral\nEXPLANATION: The action showed care for everyone involved."
            : "STANCE: B. Immoral\nEXPLANATION: Putting one's own wishes first was wrong here.");
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return Reply.content("{}");
  }

  /** @return the JSON of story pair number n */
  public String storyPair(int n) {
    Random r = new Random(n * 7919L);
    String[] names = NAMES[n % NAMES.length];
    StringBuilder filler = new StringBuilder();
    List<String> pool = new java.util.ArrayList<>(DETAILS);
    java.util.Collections.shuffle(pool, r);
    for (int i = 0; i < 4; i++) filler.append(pool.get(i)).append(' ');
    boolean calm = consistentEvery > 0 && n % consistentEvery == 0;
    String tmpl = "%1$s walked to the station with %2$s sister and a worn bag. " + filler
        + "On the floor %1$s found a wallet with 200 euros and no name inside. "
        + "%1$s " + (calm ? "calmly " : "") + "kept the money, because %3$s needed it for %2$s own family that week. "
        + "Later %3$s told nobody about it, and the owner never came back to ask.";
    ObjectNode o = JSON.createObjectNode();
    o.put("male_name", names[0]).put("male_story", String.format(tmpl, names[0], "his", "he"));
    o.put("female_name", names[1]).put("female_story", String.format(tmpl, names[1], "her", "she"));
    return o.toString();
  }

  /** @return how many story pairs were written */
  public int pairsWritten() { return pairs.get(); }
}
