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
 */
public record StepOptions(double temperature, int numPredict, Integer seed, int numCtx, int keepAliveSeconds) {
  /** @return a copy with another num_predict (used for the one retry after a truncation) */
  public StepOptions withNumPredict(int n) { return new StepOptions(temperature, n, seed, numCtx, keepAliveSeconds); }

  /** @return a copy with another num_ctx (used when a prompt does not fit the profile's context, see {@link ContextBudget}) */
  public StepOptions withNumCtx(int n) { return new StepOptions(temperature, numPredict, seed, n, keepAliveSeconds); }

  /** @return the options as stored with each call: Ollama's names, insertion-ordered */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("temperature", temperature);
    m.put("num_predict", numPredict);
    if (seed != null) m.put("seed", seed);
    m.put("num_ctx", numCtx);
    m.put("keep_alive", keepAliveSeconds);
    return m;
  }
}
