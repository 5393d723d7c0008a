package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.PairStage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports story pairs (FORMATS.md, "What Evenhand imports"): GenMO's JSON array, the seed paper's JSONL
 * (CDA fields included), Evenhand's own JSONL and its CSV. Files are read as a stream. Import rules:
 * an import is one transaction; if any record is invalid nothing is written and each problem is
 * reported as file:line:field (the first 20, then a count), unless invalid records are to be skipped;
 * a UTF-8 BOM, CRLF line ends and blank lines are tolerated; a pair already stored (same two stories)
 * is skipped and counted; a pair whose two stories are identical is imported and flagged.
 */
public final class ImportService {
  /** Longest text field accepted (FORMATS.md). */
  public static final int MAX_FIELD = 1_000_000;
  /** Problems listed one by one; the rest are counted. */
  public static final int MAX_LISTED = 20;

  /** What a file holds. */
  public enum Source {
    GENMO, PAPER, JSONL, CSV;

    /** @return the CLI name and default set name, e.g. {@code genmo} */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** @return the source named {@code id} @throws IllegalArgumentException for another name */
    public static Source of(String id) {
      for (Source s : values()) if (s.id().equalsIgnoreCase(id)) return s;
      throw new IllegalArgumentException("unknown import source '" + id + "' (use genmo, paper, jsonl or csv)");
    }
  }

  /** Computes what the store keeps about a pair and finds protagonists' names (from the method layer). */
  public interface PairFacts {
    /** @return ROUGE-1 F1 between the stories */
    double rouge1(StoryPair p);

    /** @return non-gender differences between the stories */
    int fidelityFlags(StoryPair p);

    /** @return the male and female protagonists' names in stories that give none (GenMO): empty for first-person stories */
    String[] names(String male, String female);
  }

  /**
   * A problem with one record.
   *
   * @param file  the file name
   * @param line  the line (1-based; 0 for the file as a whole)
   * @param field the field, empty when the whole record or file is at fault
   * @param what  what is wrong
   */
  public record Problem(String file, long line, String field, String what) {
    @Override
    public String toString() { return file + (line > 0 ? ":" + line : "") + (field.isEmpty() ? "" : ":" + field) + ": " + what; }
  }

  /** One history row of an Evenhand record. */
  record HistoryRow(String reviewer, String action, String before, String after, String reason, Instant at) {}

  /** One readable record. */
  record Entry(long line, StoryPair pair, Optional<Judgment> male, Optional<Judgment> female, Optional<BalancedJudgment> balanced,
               ReviewStatus status, boolean flagged, String model, List<HistoryRow> history, Long sourceId, String sourceSet) {}

  /**
   * What a file would import, before anything is written.
   *
   * @param records      readable records
   * @param problems     the first problems
   * @param problemCount all problems
   * @param first        the first records (up to 5) as one line each
   * @param stored       records whose pair is already stored (they would be skipped)
   * @param identical    records whose two stories are identical (imported and flagged)
   */
  public record Preview(long records, List<Problem> problems, long problemCount, List<String> first, long stored, long identical) {}

  /**
   * What an import did.
   *
   * @param set            the pair set filled
   * @param imported       pairs stored
   * @param duplicates     pairs skipped because they were already stored
   * @param invalid        records skipped as invalid (with skip-invalid)
   * @param identical      imported pairs whose two stories are identical (flagged)
   * @param problems       the first problems
   * @param problemCount   all problems
   */
  public record Result(String set, long imported, long duplicates, long invalid, long identical, List<Problem> problems, long problemCount) {}

  /** An import refused because of invalid records; nothing was written. */
  public static final class InvalidFileException extends RuntimeException {
    private final List<Problem> problems;
    private final long count;

    InvalidFileException(List<Problem> problems, long count) {
      super(problems.isEmpty() ? "invalid file" : problems.get(0).toString() + (count > 1 ? " (and " + (count - 1) + " more)" : ""));
      this.problems = List.copyOf(problems);
      this.count = count;
    }

    /** @return the first problems */
    public List<Problem> problems() { return problems; }

    /** @return all problems */
    public long count() { return count; }
  }

  private final Database db;
  private final PairFacts facts;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param db    the store
   * @param facts ROUGE-1, fidelity flags and names
   */
  public ImportService(Database db, PairFacts facts) {
    this.db = db;
    this.facts = facts;
  }

  private interface Sink {
    void entry(Entry e) throws SQLException;
  }

  private final class Problems {
    final List<Problem> listed = new ArrayList<>();
    long count;

    void add(Problem p) {
      count++;
      if (listed.size() < MAX_LISTED) listed.add(p);
    }
  }

  /**
   * Reads a file without writing anything.
   *
   * @throws IOException when the file cannot be read
   */
  public Preview preview(Source source, Path file) throws IOException {
    Problems problems = new Problems();
    long[] n = {0, 0, 0};
    List<String> first = new ArrayList<>();
    db.readOnce(c -> {
      read(source, file, problems, e -> {
        n[0]++;
        if (PairRepository.exists(c, e.pair())) n[1]++;
        if (e.pair().identical()) n[2]++;
        if (first.size() < 5) first.add(oneLine(e));
      }, () -> false);
      return null;
    });
    return new Preview(n[0], problems.listed, problems.count, first, n[1], n[2]);
  }

  private static String oneLine(Entry e) {
    String m = e.pair().male().text();
    return "line " + e.line() + ": [" + e.pair().environment() + "] " + (m.length() > 90 ? m.substring(0, 90) + "…" : m).replace('\n', ' ');
  }

  /**
   * Imports a file into a pair set, in one transaction.
   *
   * @param setName     the pair set (created if new)
   * @param skipInvalid import the valid records and report the rest, instead of refusing the file
   * @param progress    receives the number of records read so far
   * @param cancelled   polled between records; when true the transaction is rolled back
   * @return what was imported
   * @throws InvalidFileException when a record is invalid and {@code skipInvalid} is false (nothing written)
   * @throws CancellationException when cancelled (nothing written)
   * @throws IOException when the file cannot be read
   */
  public Result importFile(Source source, Path file, String setName, boolean skipInvalid, LongConsumer progress, BooleanSupplier cancelled)
      throws IOException {
    Problems problems = new Problems();
    long[] n = {0, 0, 0, 0};
    db.inTransactionOnce(c -> {
      long setId = setId(c, setName, source, file);
      read(source, file, problems, e -> {
        n[3]++;
        progress.accept(n[3]);
        if (PairRepository.exists(c, e.pair())) {
          n[1]++;
          return;
        }
        store(c, setId, e);
        n[0]++;
        if (e.pair().identical()) n[2]++;
      }, cancelled);
      if (problems.count > 0 && !skipInvalid) throw new InvalidFileException(problems.listed, problems.count);
      return null;
    });
    return new Result(setName, n[0], n[1], skipInvalid ? problems.count : 0, n[2], problems.listed, problems.count);
  }

  private static long setId(Connection c, String name, Source source, Path file) throws SQLException {
    try (var ps = c.prepareStatement("SELECT id FROM pair_set WHERE name = ?")) {
      ps.setString(1, name);
      try (var rs = ps.executeQuery()) {
        if (rs.next()) return rs.getLong(1);
      }
    }
    try (var ps = c.prepareStatement("INSERT INTO pair_set(name, kind, created_at, imported_from) VALUES (?,?,?,?)",
        java.sql.Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, name);
      ps.setString(2, source.id());
      ps.setObject(3, java.time.OffsetDateTime.now());
      ps.setString(4, file.toAbsolutePath().toString());
      ps.executeUpdate();
      try (var rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void store(Connection c, long setId, Entry e) throws SQLException {
    boolean judged = e.male().isPresent() && e.female().isPresent();
    PairStage stage = judged ? PairStage.COMPLETE : PairStage.IMPORTED;
    long id = PairRepository.insert(c, setId, null, null, null, e.pair(), facts.rouge1(e.pair()), e.model(), stage);
    try (var ps = c.prepareStatement("UPDATE story_pair SET identical = ?, fidelity_flags = ?, status = ?, flagged = ?, source_id = ?, "
        + "source_set = ? WHERE id = ?")) {
      ps.setBoolean(1, e.pair().identical());
      ps.setInt(2, facts.fidelityFlags(e.pair()));
      ps.setString(3, e.status().label());
      ps.setBoolean(4, e.flagged());
      ps.setObject(5, e.sourceId());
      ps.setString(6, e.sourceSet());
      ps.setLong(7, id);
      ps.executeUpdate();
    }
    if (judged) {
      PairRepository.saveJudgment(c, id, Gender.MALE, e.model(), "imported", 0, e.male().get(), null);
      PairRepository.saveJudgment(c, id, Gender.FEMALE, e.model(), "imported", 0, e.female().get(), null);
      Stance m = e.male().get().stance();
      Stance f = e.female().get().stance();
      PairRepository.setDivergent(c, id, m == Stance.INVALID || f == Stance.INVALID ? null : m != f);
    }
    if (e.balanced().isPresent()) PairRepository.saveBalanced(c, id, e.balanced().get(), null);
    for (HistoryRow h : e.history()) {
      try (var ps = c.prepareStatement("INSERT INTO review_action(pair_id, reviewer, action, status_before, status_after, reason, created_at) "
          + "VALUES (?,?,?,?,?,?,?)")) {
        ps.setLong(1, id);
        ps.setString(2, h.reviewer());
        ps.setString(3, h.action());
        ps.setString(4, h.before());
        ps.setString(5, h.after());
        ps.setString(6, h.reason());
        ps.setObject(7, java.time.OffsetDateTime.ofInstant(h.at(), java.time.ZoneOffset.UTC));
        ps.executeUpdate();
      }
    }
  }

  // ---- reading -------------------------------------------------------------------------------------

  private void read(Source source, Path file, Problems problems, Sink sink, BooleanSupplier cancelled) throws SQLException {
    String name = file.getFileName().toString();
    try {
      if (!Files.isRegularFile(file)) {
        problems.add(new Problem(name, 0, "", Files.exists(file) ? "not a file" : "no such file"));
        return;
      }
      if (Files.size(file) == 0) {
        problems.add(new Problem(name, 0, "", "the file is empty"));
        return;
      }
      switch (source) {
        case GENMO -> readGenmo(file, name, problems, sink, cancelled);
        case CSV -> readCsv(file, name, problems, sink, cancelled);
        default -> readLines(source, file, name, problems, sink, cancelled);
      }
    } catch (CharacterCodingException e) {
      problems.add(new Problem(name, problems.count == 0 ? 0 : 0, "", "not valid UTF-8"));
    } catch (IOException e) {
      problems.add(new Problem(name, 0, "", "cannot read: " + e.getMessage()));
    }
  }

  private static Reader utf8(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
  }

  /** Reads the JSONL sources (paper, Evenhand): one object per line. */
  private void readLines(Source source, Path file, String name, Problems problems, Sink sink, BooleanSupplier cancelled)
      throws IOException, SQLException {
    long lineNo = 0;
    boolean any = false;
    try (BufferedReader r = (BufferedReader) utf8(file)) {
      String line;
      while (true) {
        try {
          line = r.readLine();
        } catch (CharacterCodingException e) {
          problems.add(new Problem(name, lineNo + 1, "", "not valid UTF-8"));
          return;
        }
        if (line == null) break;
        lineNo++;
        if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
        if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
        if (line.isBlank()) continue;
        any = true;
        if (line.indexOf('\0') >= 0) {
          problems.add(new Problem(name, lineNo, "", "contains a NUL character"));
          continue;
        }
        JsonNode n;
        try {
          n = json.readTree(line);
        } catch (JsonProcessingException e) {
          problems.add(new Problem(name, lineNo, "", "not JSON (" + e.getOriginalMessage() + ")"));
          continue;
        }
        if (n == null || !n.isObject()) {
          problems.add(new Problem(name, lineNo, "", "not a JSON object"));
          continue;
        }
        Entry e = source == Source.PAPER ? paper(n, name, lineNo, problems) : evenhand(n, name, lineNo, problems);
        if (e != null) sink.entry(e);
      }
    }
    if (!any) problems.add(new Problem(name, 0, "", "the file holds no records"));
  }

  private String text(JsonNode n, String field, String path, String name, long line, Problems problems, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) problems.add(new Problem(name, line, path + field, "missing"));
      return required ? null : "";
    }
    if (!v.isTextual()) {
      problems.add(new Problem(name, line, path + field, "not a string"));
      return null;
    }
    String s = v.asText();
    if (s.length() > MAX_FIELD) {
      problems.add(new Problem(name, line, path + field, "longer than " + MAX_FIELD + " characters"));
      return null;
    }
    if (s.indexOf('\0') >= 0) {
      problems.add(new Problem(name, line, path + field, "contains a NUL character"));
      return null;
    }
    return s;
  }

  /** The paper's side: story, character_name, stance, explanation, neutral_explanation. */
  private Object[] side(JsonNode n, Gender g, String name, long line, Problems problems) {
    JsonNode s = n.get(g.label());
    if (s == null || !s.isObject()) {
      problems.add(new Problem(name, line, g.label(), s == null ? "missing" : "not an object"));
      return null;
    }
    String path = g.label() + ".";
    long before = problems.count;
    String story = text(s, "story", path, name, line, problems, true);
    String who = text(s, "character_name", path, name, line, problems, false);
    String stance = text(s, "stance", path, name, line, problems, true);
    String expl = text(s, "explanation", path, name, line, problems, true);
    String neutral = text(s, "neutral_explanation", path, name, line, problems, false);
    Stance st = null;
    if (stance != null) {
      st = Stance.parseLabel(stance).orElse(null);
      if (st == null) problems.add(new Problem(name, line, path + "stance", "'" + stance + "' is not Moral, Immoral, Both, Can't say or INVALID"));
    }
    if (problems.count > before) return null;
    if (story.isBlank()) {
      problems.add(new Problem(name, line, path + "story", "empty"));
      return null;
    }
    return new Object[] {new Story(g, who, story), new Judgment(st, expl), neutral};
  }

  private Entry paper(JsonNode n, String name, long line, Problems problems) {
    Object[] m = side(n, Gender.MALE, name, line, problems);
    Object[] f = side(n, Gender.FEMALE, name, line, problems);
    if (m == null || f == null) return null;
    String env = n.hasNonNull("environment") && n.get("environment").isTextual() ? n.get("environment").asText() : "";
    StoryPair pair = new StoryPair((Story) m[0], (Story) f[0], env);
    String nm = (String) m[2];
    String nf = (String) f[2];
    Optional<BalancedJudgment> b = nm.isEmpty() || nf.isEmpty() ? Optional.empty() : Optional.of(new BalancedJudgment(nm, nf));
    return new Entry(line, pair, Optional.of((Judgment) m[1]), Optional.of((Judgment) f[1]), b, ReviewStatus.PENDING, false, "", List.of(),
        null, null);
  }

  private Entry evenhand(JsonNode n, String name, long line, Problems problems) {
    Entry base = paper(n, name, line, problems);
    if (base == null) return null;
    ReviewStatus status = ReviewStatus.PENDING;
    if (n.has("status")) {
      try {
        status = ReviewStatus.parse(n.get("status").asText());
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(name, line, "status", e.getMessage()));
        return null;
      }
    }
    List<HistoryRow> history = new ArrayList<>();
    for (JsonNode h : n.path("history")) {
      try {
        history.add(new HistoryRow(h.path("reviewer").asText(), h.path("action").asText(), h.path("status_before").asText(),
            h.path("status_after").asText(), h.path("reason").asText(""), Instant.parse(h.path("at").asText())));
      } catch (java.time.format.DateTimeParseException e) {
        problems.add(new Problem(name, line, "history.at", "not a time: " + h.path("at").asText()));
        return null;
      }
    }
    Long sourceId = n.hasNonNull("pair_id") && n.get("pair_id").canConvertToLong() ? n.get("pair_id").asLong() : null;
    String sourceSet = n.hasNonNull("set") ? n.get("set").asText() : null;
    String env = n.hasNonNull("environment") ? n.get("environment").asText() : "";
    StoryPair pair = new StoryPair(base.pair().male(), base.pair().female(), env);
    return new Entry(line, pair, base.male(), base.female(), base.balanced(), status, n.path("flagged").asBoolean(false),
        n.path("model").asText(""), history, sourceId, sourceSet);
  }

  /** GenMO: one JSON array of {male_story, female_story, environment, source}. */
  private void readGenmo(Path file, String name, Problems problems, Sink sink, BooleanSupplier cancelled) throws IOException, SQLException {
    try (InputStream in = Files.newInputStream(file); JsonParser p = json.getFactory().createParser(in)) {
      JsonToken t;
      try {
        t = p.nextToken();
      } catch (JsonProcessingException e) {
        problems.add(new Problem(name, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "", "not JSON (" + e.getOriginalMessage() + ")"));
        return;
      }
      if (t != JsonToken.START_ARRAY) {
        problems.add(new Problem(name, 1, "", "not a JSON array of story pairs"));
        return;
      }
      boolean any = false;
      while (true) {
        long line;
        JsonNode n;
        try {
          t = p.nextToken();
          if (t == JsonToken.END_ARRAY || t == null) break;
          line = p.currentTokenLocation().getLineNr();
          n = p.readValueAsTree();
        } catch (JsonProcessingException e) {
          problems.add(new Problem(name, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "", "not JSON (" + e.getOriginalMessage() + ")"));
          return;
        }
        if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
        any = true;
        if (n == null || !n.isObject()) {
          problems.add(new Problem(name, line, "", "not a JSON object"));
          continue;
        }
        long before = problems.count;
        String male = text(n, "male_story", "", name, line, problems, true);
        String female = text(n, "female_story", "", name, line, problems, true);
        String env = text(n, "environment", "", name, line, problems, false);
        if (male != null && male.isBlank()) problems.add(new Problem(name, line, "male_story", "empty"));
        if (female != null && female.isBlank()) problems.add(new Problem(name, line, "female_story", "empty"));
        if (problems.count > before) continue;
        String[] names = facts.names(male, female);
        sink.entry(new Entry(line, new StoryPair(new Story(Gender.MALE, names[0], male), new Story(Gender.FEMALE, names[1], female), env),
            Optional.empty(), Optional.empty(), Optional.empty(), ReviewStatus.PENDING, false, "", List.of(), null, null));
      }
      if (!any) problems.add(new Problem(name, 0, "", "the file holds no story pairs"));
    }
  }

  /** Evenhand's CSV: one row per story, male then female, grouped by pair_id. */
  private void readCsv(Path file, String name, Problems problems, Sink sink, BooleanSupplier cancelled) throws IOException, SQLException {
    try (Reader r = utf8(file)) {
      r.mark(1);
      if (r.read() != '\uFEFF') r.reset();
      CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r);
      for (String h : RecordFormats.Csv.HEADER) {
        if (!parser.getHeaderMap().containsKey(h)) {
          problems.add(new Problem(name, 1, h, "missing from the header"));
          return;
        }
      }
      CSVRecord pending = null;
      long pendingLine = 0;
      var it = parser.iterator();
      boolean any = false;
      while (true) {
        CSVRecord rec;
        long line = parser.getCurrentLineNumber() + 1;
        try {
          if (!it.hasNext()) break;
          rec = it.next();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          problems.add(new Problem(name, parser.getCurrentLineNumber(), "", cause instanceof CharacterCodingException ? "not valid UTF-8"
              : "unbalanced quote or broken row (" + cause.getMessage() + ")"));
          return;
        }
        if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
        any = true;
        if (!rec.isConsistent()) {
          problems.add(new Problem(name, line, "", "has " + rec.size() + " fields, not " + RecordFormats.Csv.HEADER.length));
          pending = null;
          continue;
        }
        for (String h : RecordFormats.Csv.HEADER) {
          if (rec.get(h).length() > MAX_FIELD) problems.add(new Problem(name, line, h, "longer than " + MAX_FIELD + " characters"));
          if (rec.get(h).indexOf('\0') >= 0) problems.add(new Problem(name, line, h, "contains a NUL character"));
        }
        String gender = rec.get("gender");
        if (gender.equals("male")) {
          if (pending != null) problems.add(new Problem(name, pendingLine, "gender", "a male row without its female row"));
          pending = rec;
          pendingLine = line;
          continue;
        }
        if (!gender.equals("female")) {
          problems.add(new Problem(name, line, "gender", "'" + gender + "' is not male or female"));
          continue;
        }
        if (pending == null || !pending.get("pair_id").equals(rec.get("pair_id"))) {
          problems.add(new Problem(name, line, "pair_id", "a female row without the male row of the same pair before it"));
          pending = null;
          continue;
        }
        Entry e = csvEntry(pending, rec, name, pendingLine, problems);
        pending = null;
        if (e != null) sink.entry(e);
      }
      if (pending != null) problems.add(new Problem(name, pendingLine, "gender", "a male row without its female row"));
      if (!any) problems.add(new Problem(name, 0, "", "the file holds no rows"));
    }
  }

  private Entry csvEntry(CSVRecord m, CSVRecord f, String name, long line, Problems problems) {
    Stance[] st = new Stance[2];
    CSVRecord[] rows = {m, f};
    for (int i = 0; i < 2; i++) {
      String s = rows[i].get("stance");
      st[i] = s.isEmpty() ? null : Stance.parseLabel(s).orElse(null);
      if (!s.isEmpty() && st[i] == null) {
        problems.add(new Problem(name, line + i, "stance", "'" + s + "' is not Moral, Immoral, Both, Can't say or INVALID"));
        return null;
      }
    }
    ReviewStatus status;
    try {
      status = ReviewStatus.parse(m.get("status"));
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(name, line, "status", e.getMessage()));
      return null;
    }
    if (m.get("story").isBlank() || f.get("story").isBlank()) {
      problems.add(new Problem(name, line, "story", "empty"));
      return null;
    }
    StoryPair pair = new StoryPair(new Story(Gender.MALE, "", m.get("story")), new Story(Gender.FEMALE, "", f.get("story")), m.get("environment"));
    Optional<Judgment> mj = st[0] == null ? Optional.empty() : Optional.of(new Judgment(st[0], m.get("explanation")));
    Optional<Judgment> fj = st[1] == null ? Optional.empty() : Optional.of(new Judgment(st[1], f.get("explanation")));
    Optional<BalancedJudgment> b = m.get("neutral_explanation").isEmpty() || f.get("neutral_explanation").isEmpty() ? Optional.empty()
        : Optional.of(new BalancedJudgment(m.get("neutral_explanation"), f.get("neutral_explanation")));
    Long sourceId;
    try {
      sourceId = Long.parseLong(m.get("pair_id"));
    } catch (NumberFormatException e) {
      sourceId = null;
    }
    return new Entry(line, pair, mj, fj, b, status, false, "", List.of(), sourceId, null);
  }
}
