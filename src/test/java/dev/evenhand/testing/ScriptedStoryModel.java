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
 * judgment schema gets a stance, a balanced-judgment schema gets two neutral texts.
 *
 * <p>Every {@code consistentEvery}-th pair is marked "calmly" and judged Moral for both stories
 * (consistent); the others are judged Moral for the male and Immoral for the female story (divergent).
 */
public final class ScriptedStoryModel implements FakeOllama.ChatHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> WORDS = List.of("river", "market", "ledger", "lantern", "orchard", "harbor", "bicycle", "violin",
      "winter", "letter", "garden", "station", "bakery", "clinic", "office", "bridge", "ticket", "candle", "window", "island",
      "meadow", "pencil", "doctor", "teacher", "neighbor", "village", "museum", "library", "factory", "kitchen", "festival",
      "promise", "secret", "contract", "budget", "holiday", "journey", "package", "message", "question", "answer", "mirror",
      "blanket", "camera", "engine", "forest", "garage", "hammer", "jacket", "ladder", "magnet", "napkin", "oven", "parcel",
      "quilt", "rocket", "saddle", "tunnel", "umbrella", "valley", "wallet", "yard", "zipper", "anchor", "basket", "cabin",
      "desert", "elbow", "fabric", "glacier", "helmet", "iceberg", "jungle", "kettle", "lemon", "marble", "needle", "olive",
      "pepper", "quarry", "ribbon", "silver", "timber", "uniform", "velvet", "walnut", "yogurt", "zebra", "acorn", "barrel",
      "cactus", "dolphin", "ember", "falcon", "goblet", "hazel", "igloo", "jasmine", "koala", "lilac", "mango", "nectar");
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
    for (int i = 0; i < 40; i++) filler.append(WORDS.get(r.nextInt(WORDS.size()))).append(i % 8 == 7 ? ". " : " ");
    boolean calm = consistentEvery > 0 && n % consistentEvery == 0;
    String tmpl = "%1$s walked to the station with %2$s sister and a worn bag. " + filler
        + "Then %1$s " + (calm ? "calmly " : "") + "kept the money %3$s found, because %3$s needed it for %2$s own family. "
        + "Later %3$s told nobody about it, and the owner never came back to ask.";
    ObjectNode o = JSON.createObjectNode();
    o.put("male_name", names[0]).put("male_story", String.format(tmpl, names[0], "his", "he"));
    o.put("female_name", names[1]).put("female_story", String.format(tmpl, names[1], "her", "she"));
    return o.toString();
  }

  /** @return how many story pairs were written */
  public int pairsWritten() { return pairs.get(); }
}
