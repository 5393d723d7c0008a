package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.store.PairArchive;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Reads the JSON Lines imports (FORMATS.md): the seed paper's records (CDA fields included) and Evenhand's
 * own lossless record. One object per line and nothing after it; blank lines are skipped. Evenhand's record
 * refuses fields it does not know (they would be dropped); the paper's, being outside data, does not.
 */
final class JsonLinesReader {
  /**
   * The one pair set every record of a file of Evenhand's own JSONL names in its {@code "set"} field: the file is the
   * {@code evenhand} export (a backup) of one set. Reads the file once, skipping every other field.
   *
   * @param file a file of Evenhand's own JSONL
   * @return that set; empty when a record names another set or none, a line is not a JSON object, the file holds no
   *     record or is not a regular file (read nothing: it may be a pipe), or is not UTF-8 (the import reports those)
   * @throws IOException when the file cannot be read
   */
  static java.util.Optional<String> soleSet(Path file) throws IOException {
    if (!java.nio.file.Files.isRegularFile(file)) return java.util.Optional.empty();
    com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();
    String found = null;
    try (BufferedReader r = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) continue;
        String set = null;
        try (JsonParser p = json.createParser(line)) {
          if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) return java.util.Optional.empty();
          while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            String name = p.currentName();
            com.fasterxml.jackson.core.JsonToken value = p.nextToken();
            if (name.equals("set") && value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) set = p.getText();
            else p.skipChildren();
          }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          return java.util.Optional.empty();
        }
        if (set == null || set.isBlank() || found != null && !found.equals(set)) return java.util.Optional.empty();
        found = set;
      }
    } catch (CharacterCodingException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(found);
  }

  private final boolean paper;

  /** @param paper true for the paper's records, false for Evenhand's */
  JsonLinesReader(boolean paper) { this.paper = paper; }

  /**
   * Reads {@code file}, handing each readable record to {@code sink} and adding a problem (file:line:field) for
   * each that is not.
   *
   * @param name the file name used in problems
   * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true
   * @throws IOException when the file cannot be read
   * @throws dev.evenhand.store.StoreException when the sink fails to store a record
   */
  void read(Path file, String name, ImportProblems problems, ImportEntry.Sink sink, BooleanSupplier cancelled)
      throws IOException {
    long lineNo = 0;
    boolean any = false;
    Instant now = Instant.now();
    try (BufferedReader r = ImportFiles.utf8(file)) {
      String line;
      while (true) {
        try {
          line = r.readLine();
        } catch (CharacterCodingException e) {
          problems.fatal(ImportFiles.notUtf8(name, file));
          return;
        }
        if (line == null) break;
        lineNo++;
        if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
        if (line.isBlank()) continue;
        any = true;
        if (line.indexOf('\0') >= 0) {
          problems.add(new ImportService.Problem(name, lineNo, "", "contains a NUL character"));
          continue;
        }
        JsonNode n;
        try (JsonParser p = ImportFiles.JSON.getFactory().createParser(line)) {
          n = ImportFiles.oneValue(p, name, lineNo, problems);
        }
        if (n == null) continue;
        if (!n.isObject()) {
          problems.add(new ImportService.Problem(name, lineNo, "", "not a JSON object (" + RecordCheck.type(n) + ")"));
          continue;
        }
        ImportEntry e = paper ? paper(n, new RecordCheck(name, lineNo, problems), now) : evenhand(n, new RecordCheck(name, lineNo, problems), now);
        if (e != null) sink.entry(e);
      }
    }
    if (!any) problems.fatal(new ImportService.Problem(name, 0, "", "the file holds no records"));
  }

  private static final Set<String> PAPER_SIDE = Set.of("story", "character_name", "stance", "explanation", "neutral_explanation",
      "original_explanation", "swapped_from");
  private static final Set<String> EVENHAND_SIDE = union(PAPER_SIDE, Set.of("proposed_neutral_explanation", "neutral_explanation_at", "proposal",
      "judgments"));
  private static final Set<String> EVENHAND = Set.of("id", "pair_id", "set", "set_kind", "environment", "theme_id", "created_at", "rouge1", "fidelity_flags",
      "fidelity_changes", "identical", "divergent", "status", "flagged", "model", "exported_at", "male", "female", "history", "calls");
  private static final Set<String> JUDGMENT = Set.of("model", "digest", "ollama_version", "template_id", "template_version", "stance", "explanation",
      "at", "call");
  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  /**
   * One side of a paper or Evenhand record.
   *
   * @param stance   the side's stance as written, null when empty
   * @param original its original_explanation (a CDA line), or null
   * @param from     its swapped_from (a CDA line), or null
   * @param proposal the index of the call that proposed the balanced judgment (Evenhand's record), or null
   */
  private record Side(Story story, List<PairArchive.JudgmentRow> judgments, String neutral, String proposed, Instant neutralAt, Stance stance,
                      String original, String from, Integer proposal) {
    /** @return the other of the two sides {@code m} and {@code f} */
    Side other(Side m, Side f) { return this == m ? f : m; }
  }

  /**
   * Reads the paper's side: story, character_name, stance, explanation, neutral_explanation (CDA files add
   * original_explanation and swapped_from); Evenhand's adds proposed_neutral_explanation, neutral_explanation_at,
   * proposal and judgments, whose {@code call} indexes name entries of {@code calls}.
   */
  private Side side(JsonNode n, Gender g, RecordCheck r, boolean evenhand, String model, Instant now, List<PairArchive.CallRow> calls) {
    String path = g.label() + ".";
    JsonNode s = r.object(n, g.label(), "");
    if (s == null) return null;
    if (evenhand) r.only(s, path, EVENHAND_SIDE);
    String story = r.string(s, "story", path, FieldLimits.LONG_TEXT, true);
    String who = r.string(s, "character_name", path, FieldLimits.CHARACTER_NAME, false);
    String stance = r.string(s, "stance", path, 100, true);
    String expl = r.string(s, "explanation", path, FieldLimits.LONG_TEXT, true);
    String neutral = r.string(s, "neutral_explanation", path, FieldLimits.LONG_TEXT, false);
    String original = r.string(s, "original_explanation", path, FieldLimits.LONG_TEXT, false);
    String from = r.string(s, "swapped_from", path, 10, false);
    if (from != null && !from.equals("male") && !from.equals("female")) r.bad(path + "swapped_from", "'" + from + "' is not male or female");
    String proposed = null;
    Instant neutralAt = null;
    List<PairArchive.JudgmentRow> judgments = new ArrayList<>();
    Integer proposal = null;
    if (evenhand) {
      proposal = EvenhandProvenance.readProposal(s, path, r, calls);
      proposed = r.string(s, "proposed_neutral_explanation", path, FieldLimits.LONG_TEXT, false);
      neutralAt = r.time(s, "neutral_explanation_at", path, false);
      for (RecordCheck.Element e : r.objects(s, "judgments", path, JUDGMENT)) {
        String jp = e.path();
        JsonNode j = e.node();
        String jm = r.string(j, "model", jp, FieldLimits.MODEL_TAG, true);
        String tid = r.string(j, "template_id", jp, FieldLimits.TEMPLATE_ID, true);
        Long tv = r.integer(j, "template_version", jp, 0, Integer.MAX_VALUE, true);
        Stance st = r.stance(r.string(j, "stance", jp, 100, true), jp + "stance");
        String je = r.string(j, "explanation", jp, FieldLimits.LONG_TEXT, true);
        Instant at = r.time(j, "at", jp, true);
        Integer call = EvenhandProvenance.readJudgmentCall(j, jp, r, calls);
        if (jm != null && tid != null && tv != null && st != null && je != null && at != null) {
          judgments.add(new PairArchive.JudgmentRow(g, jm, tid, (int) (long) tv, st.name(), je, at, call));
        }
      }
    }
    if (!r.ok()) return null;
    if (story.isBlank()) {
      r.bad(path + "story", "empty");
      return null;
    }
    if (evenhand && stance.isEmpty() && js(s)) {
      r.bad(path + "stance", "empty while " + path + "judgments is not");
      return null;
    }
    if (stance.isEmpty() && (!evenhand || !expl.isEmpty())) {
      r.bad(path + "stance", "'' is not Moral, Immoral, Both, Can't say or INVALID");
      return null;
    }
    Stance st = null;
    if (!stance.isEmpty()) {
      st = r.stance(stance, path + "stance");
      if (st == null) return null;
      if (judgments.isEmpty()) {
        judgments.add(new PairArchive.JudgmentRow(g, model, "imported", 0, st.name(), expl, now));
      } else {
        PairArchive.JudgmentRow last = judgments.get(judgments.size() - 1);
        if (!last.stance().equals(st.name())) {
          r.bad(path + "stance", "'" + stance + "' differs from the last of " + path + "judgments ('" + Stance.valueOf(last.stance()).label() + "')");
          return null;
        }
        if (!last.explanation().equals(expl)) {
          r.bad(path + "explanation", "differs from the last of " + path + "judgments");
          return null;
        }
      }
    }
    return new Side(new Story(g, who, story), judgments, neutral == null ? "" : neutral, proposed, neutralAt, st, original, from, proposal);
  }

  private static boolean js(JsonNode side) { return side.path("judgments").size() > 0; }


  /** The balanced judgment of two sides: both texts or neither. */
  private static List<PairArchive.BalancedRow> balanced(Side m, Side f, RecordCheck r, Instant now) {
    if (m.neutral().isEmpty() != f.neutral().isEmpty()) {
      Gender empty = m.neutral().isEmpty() ? Gender.MALE : Gender.FEMALE;
      r.bad(empty.label() + ".neutral_explanation", "empty while " + empty.other().label() + ".neutral_explanation is not (a balanced judgment has both)");
      return null;
    }
    if (m.neutral().isEmpty()) {
      for (Side s : List.of(m, f)) {
        if (s.proposed() != null && !s.proposed().isEmpty()) {
          r.bad(s.story().gender().label() + ".proposed_neutral_explanation", "given without a neutral_explanation");
          return null;
        }
      }
      return List.of();
    }
    List<PairArchive.BalancedRow> out = new ArrayList<>();
    for (Side s : List.of(m, f)) {
      out.add(new PairArchive.BalancedRow(s.story().gender(), s.proposed() == null ? s.neutral() : s.proposed(), s.neutral(),
          s.neutralAt() == null ? now : s.neutralAt(), s.proposal()));
    }
    return out;
  }

  /** Both stories' judgments in the order they were made (by time; the male story's first on a tie). */
  private static List<PairArchive.JudgmentRow> judgments(Side m, Side f) {
    List<PairArchive.JudgmentRow> all = new ArrayList<>(m.judgments());
    all.addAll(f.judgments());
    all.sort(java.util.Comparator.comparing(PairArchive.JudgmentRow::at));
    return all;
  }


  /**
   * The paper's line: a {@code generated_data} line (each story's judgment and balanced judgment) or, when its sides
   * name {@code swapped_from}, a {@code swapped_explanations} (CDA) line, whose sides carry the other story's stance
   * and explanation and keep their own explanation as {@code original_explanation}
   * (swap_and_rewrite_explanations.py:283-301 @ a19f209): each story gets its own judgment back. The paper's
   * {@code example_source} (a whole number) is checked, not kept: Evenhand writes 0 ({@link RecordFormats#EXAMPLE_SOURCE}).
   */
  private ImportEntry paper(JsonNode n, RecordCheck r, Instant now) {
    Side m = side(n, Gender.MALE, r, false, "", now, List.of());
    Side f = side(n, Gender.FEMALE, r, false, "", now, List.of());
    String env = r.environment(n, "environment");
    r.integer(n, "example_source", "", 0, Integer.MAX_VALUE, false);
    if (m == null || f == null || !r.ok()) return null;
    List<PairArchive.JudgmentRow> judgments = m.from() == null && f.from() == null ? judgments(m, f) : unswapped(m, f, r, now);
    if (judgments == null) return null;
    List<PairArchive.BalancedRow> b = balanced(m, f, r, now);
    if (b == null) return null;
    return new ImportEntry(r.line, new StoryPair(m.story(), f.story(), env), "", ReviewStatus.PENDING, false, null, null, null, false, null, false, null,
        null, null, judgments, b, List.of());
  }

  /**
   * The stories' own judgments of a CDA line: a story's stance is the one the other side carries, its explanation its
   * {@code original_explanation}. Both sides must name the other story in {@code swapped_from} and give an
   * {@code original_explanation}; a problem otherwise.
   *
   * @return male then female, or null after a problem
   */
  private static List<PairArchive.JudgmentRow> unswapped(Side m, Side f, RecordCheck r, Instant now) {
    for (Side s : List.of(m, f)) {
      Gender g = s.story().gender();
      if (!g.other().label().equals(s.from())) {
        r.bad(g.label() + ".swapped_from", (s.from() == null ? "missing" : "'" + s.from() + "'") + " on a CDA line: each side names the other story ('"
            + g.other().label() + "')");
      } else if (s.original() == null) {
        r.bad(g.label() + ".original_explanation", "missing on a CDA line (the story's own explanation)");
      } else if (s.other(m, f).stance() == null) {
        r.bad(g.other().label() + ".stance", "empty on a CDA line (it is the " + g.label() + " story's own stance)");
      }
    }
    if (!r.ok()) return null;
    return List.of(new PairArchive.JudgmentRow(Gender.MALE, "", "imported", 0, f.stance().name(), m.original(), now),
        new PairArchive.JudgmentRow(Gender.FEMALE, "", "imported", 0, m.stance().name(), f.original(), now));
  }

  private ImportEntry evenhand(JsonNode n, RecordCheck r, Instant now) {
    r.only(n, "", EVENHAND);
    r.integer(n, "id", "", 1, Long.MAX_VALUE, false);
    Long sourceId = r.integer(n, "pair_id", "", 1, Long.MAX_VALUE, false);
    String sourceSet = r.string(n, "set", "", FieldLimits.SET_NAME, false);
    String sourceKind = r.string(n, "set_kind", "", FieldLimits.SET_KIND, false);
    if (sourceKind != null && !sourceKind.matches("[a-z0-9_-]+")) r.bad("set_kind", "'" + sourceKind + "' is not a kind of pair set (lower-case letters, "
        + "digits, - and _, e.g. genmo)");
    String env = r.environment(n, "environment");
    String themeId = r.string(n, "theme_id", "", FieldLimits.THEME_ID, false);
    Instant createdAt = r.time(n, "created_at", "", false);
    Double rouge1 = r.number(n, "rouge1", "", 0, 1);
    boolean fidelityGiven = n.has("fidelity_flags");
    Long flags = r.integer(n, "fidelity_flags", "", 0, Integer.MAX_VALUE, false);
    List<JsonNode> changes = r.array(n, "fidelity_changes", "");
    for (int i = 0; i < changes.size(); i++) {
      if (!changes.get(i).isTextual()) r.bad("fidelity_changes[" + i + "]", "not a string (" + RecordCheck.type(changes.get(i)) + ")");
    }
    Boolean identical = r.bool(n, "identical", "");
    boolean divergentGiven = n.has("divergent");
    Boolean divergent = r.bool(n, "divergent", "");
    String statusText = r.string(n, "status", "", 100, false);
    ReviewStatus status = ReviewStatus.PENDING;
    if (statusText != null) {
      try {
        status = ReviewStatus.parse(statusText);
      } catch (IllegalArgumentException e) {
        r.bad("status", "'" + statusText + "' is not pending, accepted or rejected");
      }
    }
    Boolean flagged = r.bool(n, "flagged", "");
    String model = r.string(n, "model", "", FieldLimits.MODEL_TAG, false);
    Instant exportedAt = r.time(n, "exported_at", "", false);
    List<PairArchive.CallRow> calls = EvenhandProvenance.readCalls(n, r);
    Side m = side(n, Gender.MALE, r, true, model == null ? "" : model, now, calls);
    Side f = side(n, Gender.FEMALE, r, true, model == null ? "" : model, now, calls);
    List<PairArchive.ReviewRow> history = ReviewHistoryReader.history(n, r);
    if (m == null || f == null || !r.ok()) return null;
    StoryPair pair = new StoryPair(m.story(), f.story(), env);
    if (identical != null && identical != pair.identical()) {
      r.bad("identical", identical + " but the two stories are " + (pair.identical() ? "" : "not ") + "identical");
      return null;
    }
    List<PairArchive.BalancedRow> b = balanced(m, f, r, now);
    if (b == null) return null;
    return new ImportEntry(r.line, pair, model == null ? "" : model, status, flagged != null && flagged, sourceId, sourceSet, rouge1, fidelityGiven,
        flags == null ? null : (int) (long) flags, divergentGiven, divergent, createdAt, exportedAt, judgments(m, f), b, history, themeId, calls, null,
        sourceKind);
  }
}
