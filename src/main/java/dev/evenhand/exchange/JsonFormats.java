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

  /** Writes the fields of one JSON object. */
  @FunctionalInterface
  interface Fields {
    /** @throws IOException when writing fails */
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * A JSON Lines writer: one JSON object per line, {@code \n} line ends, UTF-8 without BOM. Each pair's
   * records are written by {@code records} through {@link #record} or {@link #numbered}, which count them.
   */
  static final class LineWriter implements ExportFormat.PairWriter {
    /** Writes the records of one pair. */
    @FunctionalInterface
    interface PairRecords {
      /** @throws IOException when writing fails */
      void write(LineWriter w, CuratedPair p) throws IOException;
    }

    private final JsonGenerator g;
    private final PairRecords records;
    private long written;

    /** @param out the data file's stream (left open) @throws IOException when the generator cannot be made */
    LineWriter(OutputStream out, PairRecords records) throws IOException {
      this.g = lines(out);
      this.records = records;
    }

    /** Writes one record, {@code {fields}} and a line end. @throws IOException when writing fails */
    void record(Fields fields) throws IOException {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
      // the line end through the generator's buffer: a flush per record cost more than the record (issue 13)
      g.writeRaw('\n');
      written++;
    }

    /** Writes one record whose first field is {@code "id"}: its number in the file, from 1. @throws IOException when writing fails */
    void numbered(Fields fields) throws IOException {
      long id = written + 1;
      record(gen -> {
        gen.writeNumberField("id", id);
        fields.write(gen);
      });
    }

    @Override
    public int write(CuratedPair p) throws IOException {
      long before = written;
      records.write(this, p);
      return (int) (written - before);
    }

    @Override
    public void finish() throws IOException { g.flush(); }
  }

  /** Writes the fields of one training example. */
  @FunctionalInterface
  interface ExampleFields {
    /** @throws IOException when writing fails */
    void write(JsonGenerator g, Example e) throws IOException;
  }

  /**
   * A JSONL trainer format: one record per training example.
   *
   * @param id         the format id
   * @param preference true when it carries chosen and rejected
   * @param example    a one-line example of a record
   * @param fields     writes one record's fields
   */
  record Lines(String id, boolean preference, String example, ExampleFields fields) implements ExportFormat {
    @Override
    public PairWriter open(OutputStream out, ExportContext ctx) throws IOException {
      return new LineWriter(out, (w, p) -> {
        for (Example e : examples(p, ctx)) w.record(g -> fields.write(g, e));
      });
    }
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

  /** {@code {"prompt", "chosen", "rejected"}}: trl-dpo's and axolotl-dpo's fields. */
  private static void promptPair(JsonGenerator g, Example e) throws IOException {
    g.writeStringField("prompt", e.prompt());
    g.writeStringField("chosen", e.chosen());
    g.writeStringField("rejected", e.rejected());
  }

  /** {@code trl-dpo}: {@code {"prompt", "chosen", "rejected"}}. */
  static final ExportFormat TRL_DPO = new Lines("trl-dpo", true,
      "{\"prompt\": \"<story> Is what Tom did moral or immoral?…\", \"chosen\": \"<balanced>\", \"rejected\": \"<original>\"}",
      JsonFormats::promptPair);

  /** The axolotl config snippet for axolotl-dpo files ({@code FILE} stands for the data file's name). */
  static final String AXOLOTL_YAML = "rl: dpo\ndatasets:\n  - path: FILE\n    type: chatml.prompt_pairs\n    split: train\n";

  /**
   * {@code axolotl-dpo}: chatml.prompt_pairs records, the same fields as trl-dpo ({@code {"prompt", "chosen",
   * "rejected"}}); the manifest carries {@link #AXOLOTL_YAML}.
   */
  static final ExportFormat AXOLOTL_DPO = new Lines("axolotl-dpo", true,
      "{\"prompt\": \"<story> …\", \"chosen\": \"<balanced>\", \"rejected\": \"<original>\"}  (type chatml.prompt_pairs)",
      JsonFormats::promptPair);

  /** {@code trl-dpo-chat}: conversational prompt, chosen and rejected. */
  static final ExportFormat TRL_DPO_CHAT = new Lines("trl-dpo-chat", true,
      "{\"prompt\": [{\"role\":\"user\",\"content\":\"…\"}], \"chosen\": [{\"role\":\"assistant\",…}], \"rejected\": […]}", (g, e) -> {
        conversation(g, "prompt", "user", e.prompt());
        conversation(g, "chosen", "assistant", e.chosen());
        conversation(g, "rejected", "assistant", e.rejected());
      });

  /** {@code trl-sft}: {@code {"prompt", "completion"}}. */
  static final ExportFormat TRL_SFT = new Lines("trl-sft", false,
      "{\"prompt\": \"<story> Is what Tom did moral or immoral?…\", \"completion\": \"<balanced>\"}", (g, e) -> {
        g.writeStringField("prompt", e.prompt());
        g.writeStringField("completion", e.chosen());
      });

  /** {@code trl-sft-chat}: {@code {"messages": [user, assistant]}}. */
  static final ExportFormat TRL_SFT_CHAT = new Lines("trl-sft-chat", false,
      "{\"messages\": [{\"role\":\"user\",\"content\":\"…\"}, {\"role\":\"assistant\",\"content\":\"<balanced>\"}]}", (g, e) -> {
        g.writeArrayFieldStart("messages");
        message(g, "user", e.prompt());
        message(g, "assistant", e.chosen());
        g.writeEndArray();
      });

  /** {@code openai-dpo}: OpenAI preference fine-tuning records. */
  static final ExportFormat OPENAI_DPO = new Lines("openai-dpo", true,
      "{\"input\": {\"messages\": [{\"role\":\"user\",…}]}, \"preferred_output\": [{\"role\":\"assistant\",…}], \"non_preferred_output\": […]}",
      (g, e) -> {
        g.writeObjectFieldStart("input");
        conversation(g, "messages", "user", e.prompt());
        g.writeEndObject();
        conversation(g, "preferred_output", "assistant", e.chosen());
        conversation(g, "non_preferred_output", "assistant", e.rejected());
      });

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
