package dev.evenhand.llm;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.Step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumMap;
import java.util.Map;

/**
 * A model profile from {@code models/}: the options and prompt template of each step for one Ollama
 * model tag. {@code models/default/profile.json} holds the paper's defaults (METHOD.md: story pair at
 * temperature 1.0 and 1,024 tokens, judgment greedy with 256, balanced judgment 0.7 with 1,024); a
 * model's own profile ({@code models/<tag with : and / as _>/profile.json}) overrides any option
 * field by field. A tag with no profile uses the default one.
 *
 * @param name     the profile folder, e.g. {@code llama3.1_8b} or {@code default}
 * @param system   the system message of every call (METHOD.md: a plain helpful-assistant message)
 * @param options  options per step
 * @param prompts  prompt template per step
 * @param trainingPrompt the template of the prompt in exported training records ({@code {{story}}}, {@code {{name}}})
 */
public record ModelProfile(String name, String system, Map<Step, StepOptions> options, Map<Step, PromptTemplate> prompts,
                           PromptTemplate trainingPrompt) {

  /**
   * @return the profile folder name for a tag: {@code llama3.1:8b} gives {@code llama3.1_8b}
   */
  public static String folderFor(String tag) { return tag.replace(':', '_').replace('/', '_'); }

  /**
   * The model tag used where none is given (the GUI's first suggestion, regenerate of a pair with no
   * tag): {@code default_model} of {@code models/default/profile.json}, the one place it is written.
   *
   * @param resources where {@code models/} is read from
   * @return the tag, e.g. {@code llama3.1:8b}
   * @throws IllegalArgumentException when the default profile is malformed or names no default model
   */
  public static String defaultModelTag(Resources resources) {
    String tag = read(new ObjectMapper(), resources, "models/default/profile.json").path("default_model").asText("");
    if (tag.isBlank()) throw new IllegalArgumentException("models/default/profile.json: no default_model");
    return tag;
  }

  /**
   * Loads the profile for a model tag.
   *
   * @param resources where {@code models/} is read from
   * @param tag       the Ollama model tag
   * @return the merged profile (default overridden by the tag's own, if any)
   * @throws IllegalArgumentException when a profile file is malformed, naming the file (one line)
   */
  public static ModelProfile forTag(Resources resources, String tag) { return forTag(resources, tag, ""); }

  /**
   * As {@link #forTag(Resources, String)}, with the profile to use when the tag has none of its own
   * (the {@code profile} setting; empty for {@code default}).
   */
  public static ModelProfile forTag(Resources resources, String tag, String fallback) {
    ObjectMapper json = new ObjectMapper();
    JsonNode base = read(json, resources, "models/default/profile.json");
    String folder = folder(resources, tag, fallback);
    String name = "default";
    JsonNode own = null;
    if (!folder.equals("default") && resources.text("models/" + folder + "/profile.json").isPresent()) {
      own = read(json, resources, "models/" + folder + "/profile.json");
      name = folder;
    }
    Map<Step, StepOptions> options = new EnumMap<>(Step.class);
    Map<Step, PromptTemplate> prompts = new EnumMap<>(Step.class);
    for (Step s : Step.values()) {
      JsonNode b = base.path("steps").path(s.id());
      if (b.isMissingNode()) continue;
      JsonNode o = own == null ? null : own.path("steps").path(s.id());
      options.put(s, new StepOptions(
          num(o, b, "temperature").asDouble(),
          num(o, b, "num_predict").asInt(),
          num(o, b, "seed").isIntegralNumber() ? num(o, b, "seed").asInt() : null,
          num(o, b, "num_ctx").asInt(4096),
          num(o, b, "keep_alive_seconds").asInt(600)));
      prompts.put(s, template(resources, name, folder, s.id(), o, b));
    }
    String system = resources.text("models/" + folder + "/system.txt").orElseGet(() -> resources.require("models/default/system.txt")).strip();
    PromptTemplate training = template(resources, name, folder, "training_prompt",
        own == null ? null : own.path("training_prompt"), base.path("training_prompt"));
    return new ModelProfile(name, system, options, prompts, training);
  }

  /** @return the profile folder a tag reads: its own when it has one, else {@code fallback} when given, else its own name (absent) */
  static String folder(Resources resources, String tag, String fallback) {
    String folder = folderFor(tag);
    if (resources.text("models/" + folder + "/profile.json").isEmpty() && fallback != null && !fallback.isBlank()) folder = fallback;
    return folder;
  }

  /**
   * A copy whose step {@code step} uses other options and another template, and whose system message is another.
   *
   * @param step     the step replaced
   * @param options  its options
   * @param template its prompt template
   * @param system   the system message of every call
   * @return the copy; this profile is unchanged
   */
  public ModelProfile withStep(Step step, StepOptions options, PromptTemplate template, String system) {
    Map<Step, StepOptions> o = new EnumMap<>(this.options);
    o.put(step, options);
    Map<Step, PromptTemplate> p = new EnumMap<>(this.prompts);
    p.put(step, template);
    return new ModelProfile(name, system, o, p, trainingPrompt);
  }

  static PromptTemplate template(Resources r, String name, String folder, String id, JsonNode own, JsonNode base) {
    JsonNode t = own != null && own.has("template_version") ? own : base;
    int version = t.path("template_version").asInt(1);
    String file = id + ".txt";
    String path = r.text("models/" + folder + "/" + file).isPresent() ? "models/" + folder + "/" + file : "models/default/" + file;
    String text = r.require(path).strip();
    // a template edited in the user's config folder keeps its version number, so its id records that it
    // is a local edit and which one (the first 8 hex digits of its SHA-256): provenance stays exact
    String recordedId = r.overridden(path) ? id + "+local-" + sha8(text) : id;
    return new PromptTemplate(recordedId, version, text);
  }

  private static String sha8(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d).substring(0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode num(JsonNode own, JsonNode base, String field) {
    if (own != null && own.has(field)) return own.get(field);
    return base.path(field);
  }

  static JsonNode read(ObjectMapper json, Resources r, String path) {
    try {
      JsonNode n = json.readTree(r.require(path));
      if (n == null || !n.isObject()) throw new IllegalArgumentException(r.origin(path) + ": a model profile must be one JSON object");
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(r.origin(path) + ": not valid JSON (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
          + "): " + e.getOriginalMessage().replaceAll("\\s+", " "), e);
    }
  }
}
