package dev.evenhand.usecase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.AuditProtocol;
import dev.evenhand.domain.Gender;
import dev.evenhand.llm.StepOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decoding an audit run sends one model, as recorded on the run ({@code audit_run.decoding}, V11): the
 * options, where they come from, and the rule that gives each call its seed.
 * <p>
 * Seeds: greedy decoding (temperature 0) sends the base seed on every call (the answer does not depend on it).
 * When the model samples, the paper protocol gives every call its own seed, so the male and the female story
 * and the K samples of a story are independent draws as in the paper's unseeded runs:
 * {@code base + 1000 × pair id + 2 × sample + (1 for the female story)} (distinct while K ≤ {@value #MAX_SAMPLES}).
 * The Evenhand protocol keeps the profile's seed for sample 0 (today's audit, unchanged) and sends
 * {@code base + sample} for the others.
 *
 * @param options            the options (the base seed among them)
 * @param source             where the values come from
 * @param modelDefaultsKnown false when the paper protocol fell back to the documented default (greedy)
 */
public record AuditDecoding(StepOptions options, String source, boolean modelDefaultsKnown) {
  /** Most samples per story (keeps the per-call seeds distinct). */
  public static final int MAX_SAMPLES = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param protocol the run's protocol
   * @param pairId   the pair
   * @param gender   which story
   * @param sample   which answer, 0 .. K-1
   * @return the options of that call
   */
  public StepOptions forCall(AuditProtocol protocol, long pairId, Gender gender, int sample) {
    Integer base = options.seed();
    if (base == null) return options;
    if (!options.sampling()) return options;
    long seed = protocol == AuditProtocol.PAPER ? base + 1000L * pairId + 2L * sample + (gender == Gender.FEMALE ? 1 : 0) : base + (long) sample;
    return options.withSeed((int) Math.floorMod(seed, (long) Integer.MAX_VALUE));
  }

  /** @return the fields as recorded: the options by Ollama's names, then {@code source} and {@code model_defaults_known} */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>(options.asMap());
    m.put("source", source);
    m.put("model_defaults_known", modelDefaultsKnown);
    return m;
  }

  /** @return per model tag, the JSON text stored on the run */
  static String toJson(Map<String, AuditDecoding> byModel) {
    Map<String, Object> m = new LinkedHashMap<>();
    byModel.forEach((k, v) -> m.put(k, v.asMap()));
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param json the run's {@code decoding} text ({@code {}} for runs before V11)
   * @return per model tag, in the stored order; empty when nothing was recorded
   * @throws IllegalArgumentException when the text is not what {@link #toJson} writes
   */
  static Map<String, AuditDecoding> parse(String json) {
    try {
      Map<String, Map<String, Object>> raw = JSON.readValue(json == null || json.isBlank() ? "{}" : json, new TypeReference<>() { });
      Map<String, AuditDecoding> out = new LinkedHashMap<>();
      raw.forEach((k, v) -> out.put(k, new AuditDecoding(StepOptions.fromMap(v), String.valueOf(v.getOrDefault("source", "")),
          Boolean.TRUE.equals(v.get("model_defaults_known")))));
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit run decoding is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
