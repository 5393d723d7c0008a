package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.store.PairArchive;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.LongFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The pair-level formats of FORMATS.md: {@code paper} (the seed paper's record), {@code evenhand}
 * (lossless: the paper fields plus set, environment, fidelity figures, review state and history) and
 * {@code csv} (RFC 4180, one row per story).
 */
public final class RecordFormats {
  private RecordFormats() {}

  /** Writes the fields every side of a record starts with: story, character_name, stance, explanation. */
  private static void story(JsonGenerator g, CuratedPair p, Gender gender, String explanation) throws IOException {
    Story s = p.pair().story(gender);
    g.writeStringField("story", s.text());
    g.writeStringField("character_name", s.name());
    g.writeStringField("stance", p.judgment(gender).map(j -> j.stance().label()).orElse(""));
    g.writeStringField("explanation", explanation);
  }

  /** Writes one side of the paper record: the story, its judgment and its balanced judgment (neutral_explanation). */
  static void side(JsonGenerator g, CuratedPair p, Gender gender) throws IOException {
    g.writeObjectFieldStart(gender.label());
    story(g, p, gender, explanation(p, gender));
    g.writeStringField("neutral_explanation", p.balanced().map(b -> b.forGender(gender)).orElse(""));
    g.writeEndObject();
  }

  private static String explanation(CuratedPair p, Gender g) { return p.judgment(g).map(Judgment::explanation).orElse(""); }

  /**
   * The paper's {@code example_source}: which story-generation prompt wrote the pair, 0 being the zero-shot prompt
   * without an example story (story_generation.py:147-151 and 183 of WeiKangda/LLMs-Exploratory-Bias-Mitigation at
   * a19f209). Evenhand's story prompt gives no example story. The paper's training scripts keep only the rows of the
   * sources they are given, by default 0 (dpo.py:314, fine_tune.py:145, fine_tune_cda.py:195), and filter.py:43
   * counts a row under it (0 to 3).
   */
  public static final int EXAMPLE_SOURCE = 0;

  /** The last character the {@code paper} format writes unescaped: 127, ASCII's last. */
  private static final int ASCII_LAST = 127;

  /**
   * {@code paper}: the seed paper's {@code generated_data_*.jsonl} line (what StoryGeneration/moral_stance_update.py
   * writes and GenderBiasMitigation/dpo.py and fine_tune.py read), one line per pair:
   * {@code {"id": n, "male": {"story", "character_name", "stance", "explanation", "neutral_explanation"}, "female": {…},
   * "example_source": 0}}. The CDA recipe writes instead the paper's {@code swapped_explanations_*.jsonl} line
   * (what StoryGeneration/swap_and_rewrite_explanations.py:283-306 writes and fine_tune_cda.py reads), one line per
   * pair: each story with the other story's explanation rewritten for it ({@code explanation}) and the stance that
   * goes with that explanation (the other story's, "Swap stances too", lines 288 and 296), its own explanation
   * ({@code original_explanation}) and the story it came from ({@code swapped_from}):
   * {@code {"id": n, "male": {"story", "character_name", "stance", "explanation", "original_explanation",
   * "swapped_from"}, "female": {…}, "example_source": 0}}. Every line of a file has the same keys. Text is written in
   * ASCII, every other character as a JSON escape, as the authors' {@code json.dumps} writes it (StoryGeneration/utils.py:8,
   * 13): the training scripts open the file without an encoding (dpo.py:76, fine_tune.py:36, fine_tune_cda.py:60), so
   * Python decodes it with the locale's (cp1252 on Windows), which ASCII survives.
   */
  public static final class Paper implements ExportFormat {
    @Override public String id() { return "paper"; }
    @Override public Purpose purpose() { return Purpose.PAPER_SCRIPTS; }
    @Override public boolean preference() { return false; }
    @Override public String example() {
      return "{\"id\": 1, \"male\": {\"story\", \"character_name\", \"stance\", \"explanation\", \"neutral_explanation\"}, \"female\": {…}, \"example_source\": 0}";
    }

    @Override
    public PairWriter open(OutputStream out, ExportContext ctx) throws IOException {
      boolean cda = ctx.recipe() == ExportContext.Recipe.CDA;
      return new JsonFormats.LineWriter(out, (w, p) -> w.numbered(g -> {
        g.setHighestNonEscapedChar(ASCII_LAST);
        for (Gender gender : Gender.values()) {
          if (cda) swappedSide(g, p, gender, ctx.swapper()); else side(g, p, gender);
        }
        g.writeNumberField("example_source", EXAMPLE_SOURCE);
      }));
    }

    /** One side of the CDA line: the other story's explanation and stance, rewritten for this story; its own explanation beside them. */
    private static void swappedSide(JsonGenerator g, CuratedPair p, Gender gender, ExportContext.Swapper swapper) throws IOException {
      Gender from = gender.other();
      Story s = p.pair().story(gender);
      g.writeObjectFieldStart(gender.label());
      g.writeStringField("story", s.text());
      g.writeStringField("character_name", s.name());
      g.writeStringField("stance", p.judgment(from).map(j -> j.stance().label()).orElse(""));
      g.writeStringField("explanation", swapper.swap(explanation(p, from), p.pair().story(from), s));
      g.writeStringField("original_explanation", explanation(p, gender));
      g.writeStringField("swapped_from", from.label());
      g.writeEndObject();
    }
  }

  /**
   * {@code evenhand}: Evenhand's lossless record, read back by {@code import jsonl}. The paper fields plus
   * pair id, set, environment, seed theme ({@code theme_id}), creation time, ROUGE-1, fidelity flags (the stored
   * count) and {@code fidelity_changes} (which changes are not gender swaps, e.g. {@code car → bike}, from the word
   * diff of the stories at export time), identical, divergent, status, flagged, model and the time it last went out
   * as training data; each side adds the balanced judgment as the model proposed it, when it last changed and its
   * {@code proposal} provenance, and every judgment of the story with its model tag, digest, Ollama version, prompt
   * template and {@code call}; {@code history} holds every review row with the balanced judgment before and
   * after, the blind flag, the time and {@code override}: the flagged words a reviewer accepted anyway (issue 12;
   * {@code story}, {@code word}, {@code reason}; empty for none); {@code calls} holds every model call made for the
   * pair ({@link EvenhandProvenance}). Times are ISO-8601 instants (UTC); absent values are JSON null; every key is on
   * every line (Hugging Face datasets infers one schema from all lines).
   * Being a backup, this format keeps every pair, also those the neutrality gate leaves out of training data.
   * Stored labels are written as stored, so one odd row never stops a backup (the import then names it).
   */
  public static final class Evenhand implements ExportFormat {
    private final LongFunction<PairArchive> archive;

    /** @param archive everything the store keeps about a pair beyond {@link CuratedPair}, by pair id */
    public Evenhand(LongFunction<PairArchive> archive) { this.archive = archive; }

    @Override public String id() { return "evenhand"; }
    @Override public Purpose purpose() { return Purpose.BACKUP; }
    @Override public boolean preference() { return false; }
    /** A backup/spreadsheet of the stored texts: no recipe applies ({@code --recipe cda} is refused). */
    @Override public java.util.Set<ExportContext.Recipe> recipes() { return java.util.Set.of(); }
    @Override public String example() { return "{\"id\": 1, \"pair_id\": 42, \"set\": \"run-1\", \"environment\": \"Work\", \"status\": \"accepted\", \"male\": {…}, \"female\": {…}, \"history\": […]}"; }

    @Override
    public PairWriter open(OutputStream out, ExportContext ctx) throws IOException {
      return new JsonFormats.LineWriter(out, (w, p) -> {
        PairArchive a = archive.apply(p.id());
        w.numbered(g -> record(g, p, a));
      });
    }

    /** Writes the fields of one pair's record after its {@code id}. */
    private static void record(JsonGenerator g, CuratedPair p, PairArchive a) throws IOException {
      g.writeNumberField("pair_id", p.exportId());
      g.writeStringField("set", p.exportSet());
      g.writeStringField("set_kind", p.exportSetKind());
      g.writeStringField("environment", p.pair().environment());
      g.writeStringField("theme_id", a.themeId());
      time(g, "created_at", a.createdAt());
      g.writeNumberField("rouge1", p.rouge1());
      g.writeFieldName("fidelity_flags");
      if (a.fidelityFlags() == null) g.writeNull(); else g.writeNumber(a.fidelityFlags());
      g.writeArrayFieldStart("fidelity_changes");
      Story m = p.pair().male();
      Story f = p.pair().female();
      for (String change : StoryDiff.of(m.text(), f.text(), m.name(), f.name()).flagged()) g.writeString(change);
      g.writeEndArray();
      g.writeBooleanField("identical", p.pair().identical());
      g.writeFieldName("divergent");
      if (a.divergent() == null) g.writeNull(); else g.writeBoolean(a.divergent());
      g.writeStringField("status", p.status().label());
      g.writeBooleanField("flagged", p.flagged());
      g.writeStringField("model", p.modelTag());
      time(g, "exported_at", a.exportedAt());
      for (Gender gender : Gender.values()) {
        g.writeObjectFieldStart(gender.label());
        story(g, p, gender, explanation(p, gender));
        PairArchive.BalancedRow b = a.balanced().stream().filter(r -> r.gender() == gender).findFirst().orElse(null);
        g.writeStringField("neutral_explanation", b == null ? "" : b.text());
        g.writeStringField("proposed_neutral_explanation", b == null ? "" : b.proposed());
        time(g, "neutral_explanation_at", b == null ? null : b.updatedAt());
        EvenhandProvenance.writeProposal(g, b == null ? null : b.call(), a.calls());
        g.writeArrayFieldStart("judgments");
        for (PairArchive.JudgmentRow j : a.judgments()) {
          if (j.gender() != gender) continue;
          g.writeStartObject();
          g.writeStringField("model", j.modelTag());
          EvenhandProvenance.writeJudgmentCall(g, j.call(), a.calls());
          g.writeStringField("template_id", j.templateId());
          g.writeNumberField("template_version", j.templateVersion());
          g.writeStringField("stance", stanceLabel(j.stance()));
          g.writeStringField("explanation", j.explanation());
          time(g, "at", j.at());
          g.writeFieldName("call");
          if (j.call() == null) g.writeNull(); else g.writeNumber(j.call());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeArrayFieldStart("history");
      for (PairArchive.ReviewRow r : a.history()) {
        g.writeStartObject();
        g.writeStringField("reviewer", r.reviewer());
        g.writeStringField("action", r.action());
        g.writeStringField("status_before", r.statusBefore());
        g.writeStringField("status_after", r.statusAfter());
        g.writeStringField("male_before", r.maleBefore());
        g.writeStringField("female_before", r.femaleBefore());
        g.writeStringField("male_after", r.maleAfter());
        g.writeStringField("female_after", r.femaleAfter());
        g.writeStringField("reason", r.reason());
        g.writeBooleanField("blind", r.blind());
        time(g, "at", r.at());
        g.writeArrayFieldStart("override");
        for (dev.evenhand.domain.GenderedWord w : r.override()) {
          g.writeStartObject();
          g.writeStringField("story", w.story().label());
          g.writeStringField("word", w.word());
          g.writeStringField("reason", w.reason());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      EvenhandProvenance.writeCalls(g, a.calls());
    }

    /** Writes an instant as ISO-8601 (UTC), or null. */
    private static void time(JsonGenerator g, String field, Instant t) throws IOException {
      if (t == null) g.writeNullField(field); else g.writeStringField(field, t.toString());
    }

    /** @return the file label of a stored stance name ({@code MORAL} gives {@code Moral}); an unknown one as stored */
    private static String stanceLabel(String stored) {
      for (Stance s : Stance.values()) if (s.name().equals(stored)) return s.label();
      return stored;
    }
  }

  /** {@code csv}: RFC 4180 with a header, one row per story, {@code \n} line ends; commas, quotes and newlines quoted. */
  public static final class Csv implements ExportFormat {
    /** The header of FORMATS.md. */
    public static final String[] HEADER = {"pair_id", "gender", "environment", "story", "stance", "explanation", "neutral_explanation", "status"};

    @Override public String id() { return "csv"; }
    @Override public Purpose purpose() { return Purpose.SPREADSHEET; }
    @Override public String extension() { return "csv"; }
    @Override public boolean preference() { return false; }
    @Override public String example() { return "pair_id,gender,environment,story,stance,explanation,neutral_explanation,status"; }
    /** The stored texts as they are: no recipe applies ({@code --recipe cda} is refused). */
    @Override public java.util.Set<ExportContext.Recipe> recipes() { return java.util.Set.of(); }

    @Override
    public PairWriter open(OutputStream out, ExportContext ctx) throws IOException {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").setHeader(HEADER).get());
      return new PairWriter() {
        @Override
        public int write(CuratedPair p) throws IOException {
          for (Gender g : Gender.values()) {
            csv.printRecord(p.exportId(), g.label(), p.pair().environment(), p.pair().story(g).text(),
                p.judgment(g).map(j -> j.stance().label()).orElse(""), explanation(p, g),
                p.balanced().map(b -> b.forGender(g)).orElse(""), p.status().label());
          }
          return 2;
        }

        @Override
        public void finish() throws IOException { csv.flush(); }
      };
    }
  }
}
