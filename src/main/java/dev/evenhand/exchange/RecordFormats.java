package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
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

  /** Writes one side of the paper record; {@code explanation} may be a swapped one (CDA). */
  static void side(JsonGenerator g, CuratedPair p, Gender gender, String explanation, String original, Gender swappedFrom) throws IOException {
    g.writeObjectFieldStart(gender.label());
    story(g, p, gender, explanation);
    g.writeStringField("neutral_explanation", p.balanced().map(b -> b.forGender(gender)).orElse(""));
    if (swappedFrom != null) {
      g.writeStringField("original_explanation", original);
      g.writeStringField("swapped_from", swappedFrom.label());
    }
    g.writeEndObject();
  }

  private static String explanation(CuratedPair p, Gender g) { return p.judgment(g).map(Judgment::explanation).orElse(""); }

  /** {@code paper}: {@code {"id": n, "male": {...}, "female": {...}}}, one line per pair; CDA adds a swapped record per pair. */
  public static final class Paper implements ExportFormat {
    @Override public String id() { return "paper"; }
    @Override public boolean preference() { return false; }
    @Override public String example() { return "{\"id\": 1, \"male\": {\"story\", \"character_name\", \"stance\", \"explanation\", \"neutral_explanation\"}, \"female\": {…}}"; }

    @Override
    public PairWriter open(OutputStream out, ExportContext ctx) throws IOException {
      return new JsonFormats.LineWriter(out, (w, p) -> {
        w.numbered(g -> {
          for (Gender gender : Gender.values()) side(g, p, gender, explanation(p, gender), null, null);
        });
        if (ctx.recipe() != ExportContext.Recipe.CDA) return;
        w.numbered(g -> {
          for (Gender gender : Gender.values()) {
            Gender from = gender.other();
            String swapped = ctx.swapper().swap(explanation(p, from), p.pair().story(from), p.pair().story(gender));
            side(g, p, gender, swapped, explanation(p, gender), from);
          }
        });
      });
    }
  }

  /**
   * {@code evenhand}: Evenhand's lossless record, read back by {@code import jsonl}. The paper fields plus
   * pair id, set, environment, creation time, ROUGE-1, fidelity flags, identical, divergent, status,
   * flagged, model and the time it last went out as training data; each side adds the balanced judgment
   * as the model proposed it and when it last changed, and every judgment of the story with its model tag
   * and prompt template; {@code history} holds every review row with the balanced judgment before and
   * after, the blind flag, the time and, for an accept with a neutrality override (issue 12), {@code override}: the
   * flagged words ({@code story}, {@code word}, {@code reason}). Times are ISO-8601 instants (UTC); absent values are JSON null.
   * Being a backup, this format keeps every pair, also those the neutrality gate leaves out of training data.
   * Stored labels are written as stored, so one odd row never stops a backup (the import then names it).
   */
  public static final class Evenhand implements ExportFormat {
    private final LongFunction<PairArchive> archive;

    /** @param archive everything the store keeps about a pair beyond {@link CuratedPair}, by pair id */
    public Evenhand(LongFunction<PairArchive> archive) { this.archive = archive; }

    @Override public String id() { return "evenhand"; }
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
      g.writeStringField("environment", p.pair().environment());
      time(g, "created_at", a.createdAt());
      g.writeNumberField("rouge1", p.rouge1());
      g.writeFieldName("fidelity_flags");
      if (a.fidelityFlags() == null) g.writeNull(); else g.writeNumber(a.fidelityFlags());
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
        g.writeArrayFieldStart("judgments");
        for (PairArchive.JudgmentRow j : a.judgments()) {
          if (j.gender() != gender) continue;
          g.writeStartObject();
          g.writeStringField("model", j.modelTag());
          g.writeStringField("template_id", j.templateId());
          g.writeNumberField("template_version", j.templateVersion());
          g.writeStringField("stance", stanceLabel(j.stance()));
          g.writeStringField("explanation", j.explanation());
          time(g, "at", j.at());
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
        if (!r.override().isEmpty()) {
          g.writeArrayFieldStart("override");
          for (dev.evenhand.domain.GenderedWord w : r.override()) {
            g.writeStartObject();
            g.writeStringField("story", w.story().label());
            g.writeStringField("word", w.word());
            g.writeStringField("reason", w.reason());
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
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
