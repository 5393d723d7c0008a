package dev.evenhand.llm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoding options of one step, sent in Ollama's {@code options} (and {@code keep_alive}).
 *
 * @param temperature      sampling temperature (0 = greedy)
 * @param numPredict       most new tokens (Ollama's num_predict)
 * @param seed             sampling seed, or null for none
 * @param numCtx           context window in tokens
 * @param keepAliveSeconds how long the model stays loaded after the call, in seconds
 * @param topP             nucleus sampling's top_p, or null to leave Ollama's default (0.9, OLLAMA.md)
 * @param topK             top_k, or null to leave Ollama's default (40)
 * @param repeatPenalty    repeat_penalty, or null to leave Ollama's default (1.1 in Ollama's api/types.go; 1.0 is none)
 */
public record StepOptions(double temperature, int numPredict, Integer seed, int numCtx, int keepAliveSeconds, Double topP, Integer topK,
                          Double repeatPenalty) {
  /** Options that leave top_p, top_k and repeat_penalty to Ollama (every step but the paper protocol's audit). */
  public StepOptions(double temperature, int numPredict, Integer seed, int numCtx, int keepAliveSeconds) {
    this(temperature, numPredict, seed, numCtx, keepAliveSeconds, null, null, null);
  }

  /** @return a copy with another num_predict (used for the one retry after a truncation) */
  public StepOptions withNumPredict(int n) { return new StepOptions(temperature, n, seed, numCtx, keepAliveSeconds, topP, topK, repeatPenalty); }

  /** @return a copy with another num_ctx (used when a prompt does not fit the profile's context, see {@link ContextBudget}) */
  public StepOptions withNumCtx(int n) { return new StepOptions(temperature, numPredict, seed, n, keepAliveSeconds, topP, topK, repeatPenalty); }

  /** @return a copy with another seed (null: none) */
  public StepOptions withSeed(Integer s) { return new StepOptions(temperature, numPredict, s, numCtx, keepAliveSeconds, topP, topK, repeatPenalty); }

  /** @return true when the model samples (temperature above 0), false when it decodes greedily */
  public boolean sampling() { return temperature > 0; }

  /** @return the options as stored with each call: Ollama's names, insertion-ordered; top_p, top_k and repeat_penalty only when set */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("temperature", temperature);
    if (topP != null) m.put("top_p", topP);
    if (topK != null) m.put("top_k", topK);
    if (repeatPenalty != null) m.put("repeat_penalty", repeatPenalty);
    m.put("num_predict", numPredict);
    if (seed != null) m.put("seed", seed);
    m.put("num_ctx", numCtx);
    m.put("keep_alive", keepAliveSeconds);
    return m;
  }

  /**
   * The inverse of {@link #asMap()}.
   *
   * @param m a map as {@link #asMap()} writes it (numbers of any type)
   * @return the options
   * @throws IllegalArgumentException when temperature, num_predict, num_ctx or keep_alive is missing or not a number
   */
  public static StepOptions fromMap(Map<String, ?> m) {
    return new StepOptions(number(m, "temperature", true).doubleValue(), number(m, "num_predict", true).intValue(),
        m.get("seed") instanceof Number n ? n.intValue() : null, number(m, "num_ctx", true).intValue(), number(m, "keep_alive", true).intValue(),
        m.get("top_p") instanceof Number n ? n.doubleValue() : null, m.get("top_k") instanceof Number n ? n.intValue() : null,
        m.get("repeat_penalty") instanceof Number n ? n.doubleValue() : null);
  }

  private static Number number(Map<String, ?> m, String key, boolean required) {
    if (m.get(key) instanceof Number n) return n;
    if (required) throw new IllegalArgumentException("decoding options: '" + key + "' is missing or not a number");
    return null;
  }
}
