package dev.evenhand.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.Step;

/**
 * The paper protocol's audit call for one model (issue 14; GenMO's {@code Benchmarks/GenMO/evaluate_genmo.py}
 * in WeiKangda/LLMs-Exploratory-Bias-Mitigation at a19f209170298512580982d2582354f02362f458): the story
 * followed by a question that names no one ({@code models/default/audit_paper.txt}), the plain
 * helpful-assistant system message, no structured output, and the model's own default decoding from the
 * {@code paper_protocol} block of its profile ({@code models/<tag>/profile.json}, field by field over
 * {@code models/default/profile.json}, whose block is transformers' defaults: greedy, 512 new tokens).
 * Every value is sent to Ollama explicitly, so Ollama's own defaults (top_k 40, repeat_penalty 1.1) never apply
 * where the model's differ.
 *
 * @param options            the decoding options: temperature, top_p, top_k, repeat_penalty (null: not sent),
 *                           num_predict, the base seed, and num_ctx and keep_alive from the profile's audit step
 * @param template           the question's template ({@code {{story}}} only)
 * @param system             the system message
 * @param source             where the decoding values come from (a model card's generation_config, a default)
 * @param modelDefaultsKnown false when the model's own defaults are not in its profile and the documented default applies
 * @param profile            the profile folder the block came from ({@code default} when the tag has none)
 */
public record PaperProtocol(StepOptions options, PromptTemplate template, String system, String source, boolean modelDefaultsKnown,
                            String profile) {
  /** The system message of every call in evaluate_genmo.py. */
  public static final String SYSTEM = "You are a helpful assistant.";
  /** The token budget of evaluate_genmo.py ({@code max_new_tokens=512}). */
  public static final int NUM_PREDICT = 512;

  /**
   * @param resources where {@code models/} is read from
   * @param tag       the Ollama model tag
   * @param fallback  the profile folder used when the tag has none of its own (the {@code profile} setting), or empty
   * @return the call's settings
   * @throws IllegalArgumentException when a profile file is malformed, naming the file
   */
  public static PaperProtocol forTag(Resources resources, String tag, String fallback) {
    ObjectMapper json = new ObjectMapper();
    ModelProfile profile = ModelProfile.forTag(resources, tag, fallback);
    JsonNode base = ModelProfile.read(json, resources, "models/default/profile.json").path("paper_protocol");
    String folder = ModelProfile.folder(resources, tag, fallback);
    JsonNode own = null;
    if (!folder.equals("default") && resources.text("models/" + folder + "/profile.json").isPresent()) {
      own = ModelProfile.read(json, resources, "models/" + folder + "/profile.json").path("paper_protocol");
      if (own.isMissingNode()) own = null;
    }
    StepOptions audit = profile.options().get(Step.AUDIT);
    JsonNode seed = ModelProfile.num(own, base, "seed");
    StepOptions options = new StepOptions(ModelProfile.num(own, base, "temperature").asDouble(0.0),
        ModelProfile.num(own, base, "num_predict").asInt(NUM_PREDICT), seed.isIntegralNumber() ? seed.asInt() : 42,
        audit.numCtx(), audit.keepAliveSeconds(), decimal(ModelProfile.num(own, base, "top_p")), integer(ModelProfile.num(own, base, "top_k")),
        decimal(ModelProfile.num(own, base, "repeat_penalty")));
    PromptTemplate template = ModelProfile.template(resources, profile.name(), folder, "audit_paper", own, base);
    boolean known = own != null && own.path("model_defaults_known").asBoolean(false);
    String source = ModelProfile.num(own, base, "source").asText("");
    return new PaperProtocol(options, template, SYSTEM, source, known, own == null ? "default" : folder);
  }

  /** @return the profile with the audit step asked the paper's way, with these options (a seed per call) */
  public ModelProfile apply(ModelProfile profile, StepOptions sent) { return profile.withStep(Step.AUDIT, sent, template, system); }

  private static Double decimal(JsonNode n) { return n.isNumber() ? n.asDouble() : null; }

  private static Integer integer(JsonNode n) { return n.isIntegralNumber() ? n.asInt() : null; }
}
