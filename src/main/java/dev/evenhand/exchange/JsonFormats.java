package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Story;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/**
 * The JSONL trainer formats of FORMATS.md, written with Jackson's streaming generator: trl-dpo,
 * trl-dpo-chat, trl-sft, trl-sft-chat, openai-dpo, axolotl-dpo (one record per story, male then female; the
 * LLaMA-Factory formats are {@link LlamaFactoryFormat}). Under the paper's recipe a record's chosen / target is the
 * story's balanced judgment and rejected the model's own explanation (METHOD.md); under CDA each story
 * is written with its own explanation and with the other story's, swapped (SFT formats only). Every line of a format
 * has the same fields with the same JSON types (Hugging Face {@code datasets} infers one schema from the first lines).
 * What each consumer does with these records: {@code src/docs/formats/trainers.md}.
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
    /** @param o the export's trainer options @throws IOException when writing fails */
    void write(JsonGenerator g, Example e, ExportContext.TrainerOptions o) throws IOException;
  }

  /**
   * A JSONL trainer format: one record per training example.
   *
   * @param id              the format id
   * @param preference      true when it carries chosen and rejected
   * @param example         a one-line example of a record
   * @param fields          writes one record's fields
   * @param minimumExamples the consumer's minimum number of records per file, if it has one
   */
  record Lines(String id, boolean preference, String example, ExampleFields fields, OptionalInt minimumExamples) implements ExportFormat {
    /** A format whose consumer states no minimum. */
    Lines(String id, boolean preference, String example, ExampleFields fields) { this(id, preference, example, fields, OptionalInt.empty()); }

    @Override
    public PairWriter open(OutputStream out, ExportContext ctx) throws IOException {
      return new LineWriter(out, (w, p) -> {
        for (Example e : examples(p, ctx)) w.record(g -> fields.write(g, e, ctx.options()));
      });
    }
  }

  /**
   * Adds to a manifest what a trainer needs to read the file as meant: for {@code trl-dpo} and {@code trl-sft} the answer
   * separator ({@code answer_separator}: {@code space} or {@code newline}); for {@code axolotl-dpo} the Axolotl config
   * snippet ({@code axolotl_config}, {@link AxolotlConfig#yaml}); nothing for other formats.
   *
   * @param m         the manifest being built
   * @param format    the exported format
   * @param ctx       the export's context (its trainer options)
   * @param judgedBy  the model tags of the exported pairs' judgments
   * @param trainFile the name of the (train) data file
   * @param testFile  the name of the test file, or null without a split
   */
  static void describe(ObjectNode m, ExportFormat format, ExportContext ctx, Collection<String> judgedBy, String trainFile, String testFile) {
    if (format == TRL_DPO || format == TRL_SFT) m.put("answer_separator", ctx.options().separator().id());
    if (format == AXOLOTL_DPO) m.put("axolotl_config", AxolotlConfig.yaml(ctx.options().axolotlType(), judgedBy, trainFile, testFile));
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

  /**
   * {@code trl-dpo}: plain-text {@code {"prompt", "chosen", "rejected"}}. TRL tokenizes {@code prompt + chosen} as one
   * string ({@code trl/trainer/dpo_trainer.py} at f2cd577, lines 1042-1046), so the answer separator
   * ({@link ExportContext.AnswerSeparator}, default a space leading each answer) is written into the data.
   */
  static final ExportFormat TRL_DPO = new Lines("trl-dpo", true,
      "{\"prompt\": \"<story> Is what Tom did moral or immoral? Explain why.\", \"chosen\": \" <balanced>\", \"rejected\": \" <original>\"}",
      (g, e, o) -> {
        g.writeStringField("prompt", o.separator().prompt(e.prompt()));
        g.writeStringField("chosen", o.separator().answer(e.chosen()));
        g.writeStringField("rejected", o.separator().answer(e.rejected()));
      });

  /**
   * {@code axolotl-dpo}: {@code {"prompt", "chosen", "rejected"}} without separators: Axolotl's DPO types wrap the three
   * fields in the model's chat tokens. The manifest carries the config snippet ({@link AxolotlConfig}).
   */
  static final ExportFormat AXOLOTL_DPO = new Lines("axolotl-dpo", true,
      "{\"prompt\": \"<story> …\", \"chosen\": \"<balanced>\", \"rejected\": \"<original>\"}  (type by model family, see the manifest)",
      (g, e, o) -> {
        g.writeStringField("prompt", e.prompt());
        g.writeStringField("chosen", e.chosen());
        g.writeStringField("rejected", e.rejected());
      });

  /** {@code trl-dpo-chat}: conversational prompt, chosen and rejected. */
  static final ExportFormat TRL_DPO_CHAT = new Lines("trl-dpo-chat", true,
      "{\"prompt\": [{\"role\":\"user\",\"content\":\"…\"}], \"chosen\": [{\"role\":\"assistant\",…}], \"rejected\": […]}", (g, e, o) -> {
        conversation(g, "prompt", "user", e.prompt());
        conversation(g, "chosen", "assistant", e.chosen());
        conversation(g, "rejected", "assistant", e.rejected());
      });

  /**
   * {@code trl-sft}: plain-text {@code {"prompt", "completion"}}; SFTTrainer trains on the completion only (its
   * {@code completion_only_loss} defaults to true for these two fields) and tokenizes {@code prompt + completion} as one
   * string, so the answer separator is written into the data, as for {@link #TRL_DPO}.
   */
  static final ExportFormat TRL_SFT = new Lines("trl-sft", false,
      "{\"prompt\": \"<story> Is what Tom did moral or immoral? Explain why.\", \"completion\": \" <balanced>\"}", (g, e, o) -> {
        g.writeStringField("prompt", o.separator().prompt(e.prompt()));
        g.writeStringField("completion", o.separator().answer(e.chosen()));
      });

  /**
   * {@code trl-sft-chat}: conversational prompt/completion, {@code {"prompt": [user], "completion": [assistant]}}, so
   * SFTTrainer masks the prompt (the gendered story) and trains on the balanced judgment only
   * ({@code trl/trainer/sft_trainer.py} at f2cd577, lines 1171-1177 and 1466-1504); a {@code {"messages"}} record would
   * train on every token.
   */
  static final ExportFormat TRL_SFT_CHAT = new Lines("trl-sft-chat", false,
      "{\"prompt\": [{\"role\":\"user\",\"content\":\"…\"}], \"completion\": [{\"role\":\"assistant\",\"content\":\"<balanced>\"}]}", (g, e, o) -> {
        conversation(g, "prompt", "user", e.prompt());
        conversation(g, "completion", "assistant", e.chosen());
      });

  /**
   * {@code openai-dpo}: OpenAI preference fine-tuning records, one user turn and one preferred and one non-preferred
   * assistant message (OpenAI's direct preference optimization guide); OpenAI takes at least 10 examples per file (its
   * supervised fine-tuning guide: "the minimum number of examples you can provide for fine-tuning is 10").
   */
  static final ExportFormat OPENAI_DPO = new Lines("openai-dpo", true,
      "{\"input\": {\"messages\": [{\"role\":\"user\",…}]}, \"preferred_output\": [{\"role\":\"assistant\",…}], \"non_preferred_output\": […]}",
      (g, e, o) -> {
        g.writeObjectFieldStart("input");
        conversation(g, "messages", "user", e.prompt());
        g.writeEndObject();
        conversation(g, "preferred_output", "assistant", e.chosen());
        conversation(g, "non_preferred_output", "assistant", e.rejected());
      }, OptionalInt.of(10));
}
