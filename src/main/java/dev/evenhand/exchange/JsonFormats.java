package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Story;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON trainer formats of FORMATS.md, written with Jackson's streaming generator: trl-dpo,
 * trl-dpo-chat, trl-sft, trl-sft-chat, openai-dpo, axolotl-dpo (JSONL, one record per story, male then
 * female) and llama-factory (one JSON array). Under the paper's recipe a record's chosen / target is the
 * story's balanced judgment and rejected the model's own explanation (METHOD.md); under CDA each story
 * is written with its own explanation and with the other story's, swapped (SFT formats only).
 */
public final class JsonFormats {
  /** Emoji and other characters beyond the BMP are written as UTF-8, not as escaped surrogate pairs. */
  static final JsonFactory JSON = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  private JsonFormats() {}

  /** One training example: prompt, preferred answer, dispreferred answer (null for SFT under CDA). */
  record Example(String prompt, String chosen, String rejected) {}

  /** @return the training examples of a pair under the context's recipe, male story first */
  static List<Example> examples(CuratedPair p, ExportContext ctx) {
    List<Example> out = new ArrayList<>();
    for (Gender g : Gender.values()) {
      Story s = p.pair().story(g);
      String prompt = ctx.prompts().prompt(s);
      String own = p.judgment(g).orElseThrow().explanation();
      if (ctx.recipe() == ExportContext.Recipe.PAPER) {
        out.add(new Example(prompt, p.balanced().orElseThrow().forGender(g), own));
      } else {
        Story other = p.pair().story(g.other());
        out.add(new Example(prompt, own, null));
        out.add(new Example(prompt, ctx.swapper().swap(p.judgment(g.other()).orElseThrow().explanation(), other, s), null));
      }
    }
    return out;
  }

  /** @return a generator for JSON Lines on {@code out}: UTF-8 without BOM, compact, leaves {@code out} open */
  static JsonGenerator lines(OutputStream out) throws IOException {
    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.setPrettyPrinter(new MinimalPrettyPrinter(""));
    return g;
  }

  /** Closes the current record's object and ends its line with {@code \n}. */
  static void endLine(JsonGenerator g, OutputStream out) throws IOException {
    g.writeEndObject();
    g.flush();
    out.write('\n');
  }

  /** A JSONL writer: one JSON object per line, {@code \n} line ends, UTF-8 without BOM. */
  abstract static class Lines implements ExportFormat {
    @Override
    public PairWriter open(OutputStream out, ExportContext ctx) throws IOException {
      JsonGenerator g = lines(out);
      return new PairWriter() {
        @Override
        public int write(CuratedPair p) throws IOException {
          int n = 0;
          for (Example e : examples(p, ctx)) {
            g.writeStartObject();
            record(g, e);
            endLine(g, out);
            n++;
          }
          return n;
        }

        @Override
        public void finish() throws IOException { g.flush(); }
      };
    }

    /** Writes one record's fields. */
    abstract void record(JsonGenerator g, Example e) throws IOException;
  }

  static void message(JsonGenerator g, String role, String content) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", role);
    g.writeStringField("content", content);
    g.writeEndObject();
  }

  /** Writes {@code "field": [{"role": role, "content": content}]}, a conversation of one message. */
  static void conversation(JsonGenerator g, String field, String role, String content) throws IOException {
    g.writeArrayFieldStart(field);
    message(g, role, content);
    g.writeEndArray();
  }

  /** {@code trl-dpo}: {@code {"prompt", "chosen", "rejected"}}. */
  public static final class TrlDpo extends Lines {
    @Override public String id() { return "trl-dpo"; }
    @Override public String example() { return "{\"prompt\": \"<story> Is what Tom did moral or immoral?…\", \"chosen\": \"<balanced>\", \"rejected\": \"<original>\"}"; }

    @Override
    void record(JsonGenerator g, Example e) throws IOException {
      g.writeStringField("prompt", e.prompt());
      g.writeStringField("chosen", e.chosen());
      g.writeStringField("rejected", e.rejected());
    }
  }

  /**
   * {@code axolotl-dpo}: chatml.prompt_pairs records, the same fields as trl-dpo ({@code {"prompt", "chosen",
   * "rejected"}}); the manifest carries the axolotl YAML.
   */
  public static final class AxolotlDpo extends Lines {
    /** The axolotl config snippet for these files. */
    public static final String YAML = "rl: dpo\ndatasets:\n  - path: FILE\n    type: chatml.prompt_pairs\n    split: train\n";
    private final TrlDpo same = new TrlDpo();

    @Override public String id() { return "axolotl-dpo"; }
    @Override public String example() { return "{\"prompt\": \"<story> …\", \"chosen\": \"<balanced>\", \"rejected\": \"<original>\"}  (type chatml.prompt_pairs)"; }

    @Override
    void record(JsonGenerator g, Example e) throws IOException { same.record(g, e); }
  }

  /** {@code trl-dpo-chat}: conversational prompt, chosen and rejected. */
  public static final class TrlDpoChat extends Lines {
    @Override public String id() { return "trl-dpo-chat"; }
    @Override public String example() { return "{\"prompt\": [{\"role\":\"user\",\"content\":\"…\"}], \"chosen\": [{\"role\":\"assistant\",…}], \"rejected\": […]}"; }

    @Override
    void record(JsonGenerator g, Example e) throws IOException {
      conversation(g, "prompt", "user", e.prompt());
      conversation(g, "chosen", "assistant", e.chosen());
      conversation(g, "rejected", "assistant", e.rejected());
    }
  }

  /** {@code trl-sft}: {@code {"prompt", "completion"}}. */
  public static final class TrlSft extends Lines {
    @Override public String id() { return "trl-sft"; }
    @Override public String example() { return "{\"prompt\": \"<story> Is what Tom did moral or immoral?…\", \"completion\": \"<balanced>\"}"; }
    @Override public boolean preference() { return false; }

    @Override
    void record(JsonGenerator g, Example e) throws IOException {
      g.writeStringField("prompt", e.prompt());
      g.writeStringField("completion", e.chosen());
    }
  }

  /** {@code trl-sft-chat}: {@code {"messages": [user, assistant]}}. */
  public static final class TrlSftChat extends Lines {
    @Override public String id() { return "trl-sft-chat"; }
    @Override public String example() { return "{\"messages\": [{\"role\":\"user\",\"content\":\"…\"}, {\"role\":\"assistant\",\"content\":\"<balanced>\"}]}"; }
    @Override public boolean preference() { return false; }

    @Override
    void record(JsonGenerator g, Example e) throws IOException {
      g.writeArrayFieldStart("messages");
      message(g, "user", e.prompt());
      message(g, "assistant", e.chosen());
      g.writeEndArray();
    }
  }

  /** {@code openai-dpo}: OpenAI preference fine-tuning records. */
  public static final class OpenAiDpo extends Lines {
    @Override public String id() { return "openai-dpo"; }
    @Override public String example() { return "{\"input\": {\"messages\": [{\"role\":\"user\",…}]}, \"preferred_output\": [{\"role\":\"assistant\",…}], \"non_preferred_output\": […]}"; }

    @Override
    void record(JsonGenerator g, Example e) throws IOException {
      g.writeObjectFieldStart("input");
      conversation(g, "messages", "user", e.prompt());
      g.writeEndObject();
      conversation(g, "preferred_output", "assistant", e.chosen());
      conversation(g, "non_preferred_output", "assistant", e.rejected());
    }
  }

  /** {@code llama-factory}: one JSON array of {@code {"instruction", "input", "chosen", "rejected"}}; dataset_info.json is written beside it. */
  public static final class LlamaFactory implements ExportFormat {
    @Override public String id() { return "llama-factory"; }
    @Override public String extension() { return "json"; }
    @Override public String example() { return "[{\"instruction\": \"<story> …\", \"input\": \"\", \"chosen\": \"<balanced>\", \"rejected\": \"<original>\"}, …]"; }

    @Override
    public PairWriter open(OutputStream out, ExportContext ctx) throws IOException {
      JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartArray();
      return new PairWriter() {
        @Override
        public int write(CuratedPair p) throws IOException {
          int n = 0;
          for (Example e : examples(p, ctx)) {
            g.writeStartObject();
            g.writeStringField("instruction", e.prompt());
            g.writeStringField("input", "");
            g.writeStringField("chosen", e.chosen());
            g.writeStringField("rejected", e.rejected());
            g.writeEndObject();
            n++;
          }
          return n;
        }

        @Override
        public void finish() throws IOException {
          g.writeEndArray();
          g.flush();
          out.write('\n');
        }
      };
    }
  }
}
