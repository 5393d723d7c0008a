package dev.evenhand.exchange;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Axolotl config snippet an {@code axolotl-dpo} manifest prints ({@code axolotl_config}), following
 * axolotl-ai-cloud/axolotl at 067b021c8b87a9e5e380b9173c704cf7340e30f5:
 * <ul>
 *   <li>the train file goes under {@code datasets:} and, with {@code --split}, the test file under {@code test_datasets:}
 *       ({@code src/axolotl/utils/data/rl.py} line 306 trains on {@code datasets} and evaluates on {@code test_datasets});</li>
 *   <li>no {@code split:} key: a single local file only has the split {@code train}, which Axolotl picks when none is given
 *       ({@code src/axolotl/utils/data/shared.py} lines 302-309);</li>
 *   <li>{@code path} is the data file's name, resolved from the folder Axolotl runs in;</li>
 *   <li>the {@code type} wraps our plain {@code prompt}/{@code chosen}/{@code rejected} fields in the chat format of the
 *       model that will be trained ({@code src/axolotl/prompt_strategies/dpo/}): {@link Type}.</li>
 * </ul>
 */
public final class AxolotlConfig {
  private AxolotlConfig() {}

  /** The Axolotl DPO dataset types that read our {@code {"prompt", "chosen", "rejected"}} records. */
  public enum Type {
    /** Chosen by the model family that judged the exported pairs ({@link #forModels}). */
    AUTO("auto"),
    /** {@code dpo/chatml.py} {@code prompt_pairs}: ChatML tokens ({@code <|im_start|>}), for ChatML models (Qwen, ...). */
    CHATML("chatml.prompt_pairs"),
    /** {@code dpo/llama3.py} {@code prompt_pairs}: Llama 3 header tokens and {@code <|eot_id|>}. */
    LLAMA3("llama3.prompt_pairs"),
    /**
     * {@code dpo/chat_template.py} {@code default}: the tokenizer's own chat template; reads the prompt from
     * {@code field_messages} (a string is taken as one user message), so the snippet sets {@code field_messages: prompt}.
     */
    CHAT_TEMPLATE("chat_template.default");

    private final String id;

    Type(String id) { this.id = id; }

    /** @return the value of {@code type:} and of {@code --axolotl-type}, e.g. {@code llama3.prompt_pairs} */
    public String id() { return id; }

    /**
     * @param id an option value: {@code auto} or a type id
     * @return the type
     * @throws IllegalArgumentException for any other value (the message lists the accepted ones)
     */
    public static Type of(String id) {
      for (Type t : values()) if (t.id.equals(id)) return t;
      throw new IllegalArgumentException("--axolotl-type: one of " + String.join(", ", Arrays.stream(values()).map(Type::id).toList())
          + " (got '" + id + "')");
    }
  }

  /** Ollama tags of the Llama 3 family: llama3, llama3.1, llama3.2, llama3.3 and variants, with or without a namespace. */
  private static final Pattern LLAMA3 = Pattern.compile("(^|/)llama-?3([.:\\-_]|$)");

  /**
   * The type for data judged by these models: {@link Type#LLAMA3} when every tag is of the Llama 3 family, else
   * {@link Type#CHAT_TEMPLATE} (the trained model's own template, right for any model that has one: Mistral, mixed or
   * unknown models).
   *
   * @param modelTags Ollama model tags of the exported pairs' judgments (empty tags are ignored)
   * @return the type, never {@link Type#AUTO}
   */
  public static Type forModels(Collection<String> modelTags) {
    boolean any = false;
    for (String tag : modelTags) {
      if (tag == null || tag.isBlank()) continue;
      any = true;
      if (!LLAMA3.matcher(tag.toLowerCase(Locale.ROOT)).find()) return Type.CHAT_TEMPLATE;
    }
    return any ? Type.LLAMA3 : Type.CHAT_TEMPLATE;
  }

  /**
   * The config snippet.
   *
   * @param chosen    the type asked for, or {@link Type#AUTO}
   * @param modelTags the model tags of the exported pairs (for {@link Type#AUTO}, and named in a comment)
   * @param trainFile the name of the trained file (the only file without a split)
   * @param testFile  the name of the test file, or null without a split
   * @return YAML text: {@code rl: dpo}, {@code datasets:} and, with a test file, {@code test_datasets:}
   */
  public static String yaml(Type chosen, Collection<String> modelTags, String trainFile, String testFile) {
    Type type = chosen == Type.AUTO ? forModels(modelTags) : chosen;
    TreeSet<String> tags = new TreeSet<>();
    for (String t : modelTags) if (t != null && !t.isBlank()) tags.add(t.replaceAll("\\p{Cntrl}", ""));
    StringBuilder y = new StringBuilder();
    y.append("# type ").append(type.id()).append(chosen == Type.AUTO ? " chosen for " + (tags.isEmpty() ? "unknown models" : String.join(", ", tags))
        + " (--axolotl-type overrides)" : " (--axolotl-type)").append('\n');
    y.append("# paths are relative to the folder axolotl runs in\n");
    y.append("rl: dpo\n");
    entry(y, "datasets", type, trainFile);
    if (testFile != null) entry(y, "test_datasets", type, testFile);
    return y.toString();
  }

  private static void entry(StringBuilder y, String key, Type type, String file) {
    y.append(key).append(":\n");
    y.append("  - path: \"").append(JsonStringEncoder.getInstance().quoteAsString(file)).append("\"\n");
    y.append("    type: ").append(type.id()).append('\n');
    if (type == Type.CHAT_TEMPLATE) {
      y.append("    field_messages: prompt\n    field_chosen: chosen\n    field_rejected: rejected\n");
    }
  }
}
