package dev.evenhand.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fake audited model whose answer to a story is drawn from a scripted distribution over stances, chosen by
 * a word of the story (the first script whose key the prompt contains; otherwise the default answer). The draw
 * uses the request's {@code options.seed}: a call with the same seed gets the same answer (as with a real
 * model at a fixed seed), distinct seeds give independent draws, and a request without a seed always gets the
 * most likely answer (as greedy decoding would). It replies in the format the request asks for: a JSON object
 * when {@code format} is set (Evenhand protocol), else the plain-text STANCE/EXPLANATION lines (paper protocol).
 */
public final class ScriptedAnswerDistribution implements FakeOllama.ChatHandler {
  private final Map<String, Map<String, Double>> scripts = new LinkedHashMap<>();
  private final String defaultAnswer;
  private final List<String> answered = new ArrayList<>();

  /** @param defaultAnswer the stance label of every story no script matches, e.g. {@code Moral} */
  public ScriptedAnswerDistribution(String defaultAnswer) { this.defaultAnswer = defaultAnswer; }

  /**
   * @param key          a word that picks the story (e.g. its protagonist's name)
   * @param distribution stance label to probability, summing to 1, e.g. {@code Moral 0.7, Immoral 0.3}
   * @return this
   */
  public ScriptedAnswerDistribution story(String key, Map<String, Double> distribution) {
    scripts.put(key, new LinkedHashMap<>(distribution));
    return this;
  }

  /** @return the labels answered so far, in order */
  public synchronized List<String> answered() { return List.copyOf(answered); }

  @Override
  public Reply handle(FakeOllama.ChatCall call) {
    String prompt = call.lastUserContent() == null ? "" : call.lastUserContent();
    String stance = defaultAnswer;
    for (Map.Entry<String, Map<String, Double>> e : scripts.entrySet()) {
      if (prompt.contains(e.getKey())) {
        stance = draw(e.getValue(), call.options());
        break;
      }
    }
    synchronized (this) {
      answered.add(stance);
    }
    String explanation = "The reasons on each side were weighed.";
    if (call.format() != null) {
      return Reply.content("{\"answer\":\"" + stance + "\",\"explanation\":\"" + explanation + "\"}");
    }
    return Reply.content("STANCE: " + stance + "\nEXPLANATION: " + explanation);
  }

  private static String draw(Map<String, Double> distribution, JsonNode options) {
    JsonNode seed = options == null ? null : options.get("seed");
    if (seed == null || !seed.isNumber()) {
      return distribution.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
    double u = new SplittableRandom(seed.asLong()).nextDouble();
    double acc = 0;
    String last = null;
    for (Map.Entry<String, Double> e : distribution.entrySet()) {
      acc += e.getValue();
      last = e.getKey();
      if (u < acc) return last;
    }
    return last;
  }
}
