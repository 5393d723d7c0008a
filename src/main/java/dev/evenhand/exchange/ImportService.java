package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.Divergence;
import dev.evenhand.domain.Environment;
import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.store.ArchiveRepository;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairArchive;
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
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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
  /** Longest text field accepted (FORMATS.md): {@link FieldLimits#LONG_TEXT}. */
  public static final int MAX_FIELD = FieldLimits.LONG_TEXT;
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

  /**
   * One readable record, checked against the store's types and limits.
   *
   * @param line           the record's first line
   * @param pair           the two stories
   * @param model          the pair's model tag, may be empty
   * @param status         review status
   * @param flagged        flagged for a second look
   * @param sourceId       the pair id it had where it was exported (Evenhand's formats), or null
   * @param sourceSet      the set it had there, or null
   * @param rouge1         ROUGE-1 F1 as recorded, or null to compute it
   * @param fidelityGiven  true when the record states the fidelity flags ({@code fidelityFlags} may then be null)
   * @param fidelityFlags  the recorded fidelity flags
   * @param divergentGiven true when the record states whether the pair is divergent
   * @param divergent      the recorded divergence (null: undecided)
   * @param createdAt      when the pair was stored where it came from, or null for now
   * @param exportedAt     when it last went out as training data, or null
   * @param judgments      the judgments of both stories, oldest first
   * @param balanced       the balanced judgment's rows (none, or male and female)
   * @param history        the review history, oldest first
   */
  record Entry(long line, StoryPair pair, String model, ReviewStatus status, boolean flagged, Long sourceId, String sourceSet, Double rouge1,
               boolean fidelityGiven, Integer fidelityFlags, boolean divergentGiven, Boolean divergent, Instant createdAt, Instant exportedAt,
               List<PairArchive.JudgmentRow> judgments, List<PairArchive.BalancedRow> balanced, List<PairArchive.ReviewRow> history) {

    /** @return the latest judgment of a story, if any */
    Optional<PairArchive.JudgmentRow> latest(Gender g) {
      PairArchive.JudgmentRow last = null;
      for (PairArchive.JudgmentRow j : judgments) if (j.gender() == g) last = j;
      return Optional.ofNullable(last);
    }

    /** @return true when both stories are judged */
    boolean judged() { return latest(Gender.MALE).isPresent() && latest(Gender.FEMALE).isPresent(); }
  }

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
  /** Refuses a key given twice in one object: keeping only one of them would drop the other silently. */
  private final ObjectMapper json = new ObjectMapper(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

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

  /**
   * The sink of the check before an import: it takes nothing, so values derived only for storing (GenMO's
   * protagonists' names, the costliest step of reading GenMO) are not computed; a derived value the store
   * would refuse still stops the import, inside its transaction.
   */
  private static final Sink CHECK_ONLY = e -> { };

  private static final class Problems {
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
   * Imports a file into a pair set, in one transaction. Unless invalid records are to be skipped, the
   * whole file is read and checked first, and nothing is written (not even the set) when any record is
   * invalid.
   *
   * @param setName     the pair set (created if new), 1 to {@link FieldLimits#SET_NAME} characters
   * @param skipInvalid import the valid records and report the rest, instead of refusing the file
   * @param progress    receives the number of records read so far (while writing)
   * @param cancelled   polled between records; when true the transaction is rolled back
   * @return what was imported
   * @throws IllegalArgumentException when the set name is blank or too long
   * @throws InvalidFileException when a record is invalid and {@code skipInvalid} is false (nothing written)
   * @throws CancellationException when cancelled (nothing written)
   * @throws IOException when the file cannot be read
   */
  public Result importFile(Source source, Path file, String setName, boolean skipInvalid, LongConsumer progress, BooleanSupplier cancelled)
      throws IOException {
    if (setName == null || setName.isBlank()) throw new IllegalArgumentException("--set: the set name is empty");
    String tooLong = FieldLimits.tooLong("--set", setName, FieldLimits.SET_NAME);
    if (tooLong != null) throw new IllegalArgumentException(tooLong);
    if (!skipInvalid) {
      Problems check = new Problems();
      try {
        read(source, file, check, CHECK_ONLY, cancelled);
      } catch (SQLException e) {
        throw new IllegalStateException("reading a file touched the database", e);
      }
      if (check.count > 0) throw new InvalidFileException(check.listed, check.count);
    }
    Problems problems = new Problems();
    long[] n = {0, 0, 0, 0};
    db.inTransactionOnce(c -> {
      long setId = ArchiveRepository.pairSet(c, setName, source.id(), file.toAbsolutePath().toString());
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
      // the file changed between the check and the import
      if (problems.count > 0 && !skipInvalid) throw new InvalidFileException(problems.listed, problems.count);
      return null;
    });
    return new Result(setName, n[0], n[1], skipInvalid ? problems.count : 0, n[2], problems.listed, problems.count);
  }

  private void store(Connection c, long setId, Entry e) throws SQLException {
    PairStage stage = e.judged() ? PairStage.COMPLETE : PairStage.IMPORTED;
    Boolean divergent = e.divergent();
    if (!e.divergentGiven()) {
      divergent = null;
      if (e.judged()) {
        Divergence d = Divergence.of(Stance.valueOf(e.latest(Gender.MALE).get().stance()), Stance.valueOf(e.latest(Gender.FEMALE).get().stance()));
        divergent = d == Divergence.UNDECIDED ? null : d == Divergence.DIVERGENT;
      }
    }
    PairArchive a = new PairArchive(e.createdAt(), e.fidelityGiven() ? e.fidelityFlags() : (Integer) facts.fidelityFlags(e.pair()), divergent,
        e.exportedAt(), e.judgments(), e.balanced(), e.history());
    ArchiveRepository.insert(c, setId, e.pair(), e.rouge1() != null ? e.rouge1() : facts.rouge1(e.pair()), e.model(), stage,
        e.status().label(), e.flagged(), e.sourceId(), e.sourceSet(), a);
  }

  // ---- reading -------------------------------------------------------------------------------------

  private void read(Source source, Path file, Problems problems, Sink sink, BooleanSupplier cancelled) throws SQLException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    try {
      if (Files.isDirectory(file)) {
        problems.add(new Problem(name, 0, "", "is a folder, not a file"));
        return;
      }
      if (!Files.exists(file)) {
        problems.add(new Problem(name, 0, "", "no such file"));
        return;
      }
      if (!Files.isRegularFile(file)) {
        problems.add(new Problem(name, 0, "", "not a regular file"));
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
      problems.add(new Problem(name, badUtf8Line(file), "", "not valid UTF-8"));
    } catch (IOException e) {
      problems.add(new Problem(name, 0, "", "cannot read: " + FileProblems.why(e)));
    }
  }

  /**
   * @return the line (1-based) holding the first bytes of {@code file} that are not UTF-8, or 0 when there
   *     are none or the file cannot be read again
   */
  static long badUtf8Line(Path file) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(1 << 14);
    java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(1 << 14);
    long line = 1;
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        boolean eof = n < 0;
        if (!eof) bytes.position(bytes.position() + n);
        bytes.flip();
        while (true) {
          var result = decoder.decode(bytes, chars, eof);
          chars.flip();
          while (chars.hasRemaining()) if (chars.get() == '\n') line++;
          chars.clear();
          if (result.isError()) return line;
          if (result.isUnderflow()) break;
        }
        bytes.compact();
        if (eof) return 0;
      }
    } catch (IOException e) {
      return 0;
    }
  }

  /** @return a reader that refuses invalid UTF-8 (encoded surrogates included) and skips one leading BOM */
  private static BufferedReader utf8(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    try {
      r.mark(1);
      if (r.read() != '\uFEFF') r.reset();
    } catch (IOException e) {
      r.close();
      throw e;
    }
    return r;
  }

  /**
   * Checks a text value against the store: at most {@code max} characters (UTF-16 units, as the columns
   * count them), no NUL character (FORMATS.md), and valid Unicode (a lone UTF-16 surrogate, which a JSON
   * escape such as {@code \ud800} can produce, cannot be written as UTF-8 and would come back as "?").
   *
   * @return what is wrong, or null when the value is fine
   */
  static String textProblem(String s, int max) {
    if (s.length() > max) return s.length() + " characters, at most " + max;
    if (s.indexOf('\0') >= 0) return "contains a NUL character";
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(ch)) {
        return String.format("holds a lone UTF-16 surrogate \\u%04x at character %d: not valid Unicode", (int) ch, i + 1);
      }
    }
    return null;
  }

  /** The checks of one record: every problem is added with the file, the record's line and the field's path. */
  private static final class Rec {
    final String file;
    final long line;
    final Problems problems;
    final long start;

    Rec(String file, long line, Problems problems) {
      this.file = file;
      this.line = line;
      this.problems = problems;
      this.start = problems.count;
    }

    boolean ok() { return problems.count == start; }

    void bad(String field, String what) { problems.add(new Problem(file, line, field, what)); }

    /** @return the value, or null when absent or JSON null (a problem when required), or invalid (a problem) */
    JsonNode value(JsonNode obj, String key, String path, boolean required) {
      JsonNode v = obj.get(key);
      if (v == null || v.isNull()) {
        if (required) bad(path + key, "missing");
        return null;
      }
      return v;
    }

    String string(JsonNode obj, String key, String path, int max, boolean required) {
      JsonNode v = value(obj, key, path, required);
      if (v == null) return null;
      if (!v.isTextual()) {
        bad(path + key, "not a string (" + type(v) + ")");
        return null;
      }
      String s = v.asText();
      String why = textProblem(s, max);
      if (why != null) {
        bad(path + key, why);
        return null;
      }
      return s;
    }

    Boolean bool(JsonNode obj, String key, String path) {
      JsonNode v = value(obj, key, path, false);
      if (v == null) return null;
      if (!v.isBoolean()) {
        bad(path + key, "not true or false (" + type(v) + ")");
        return null;
      }
      return v.booleanValue();
    }

    Long integer(JsonNode obj, String key, String path, long min, long max, boolean required) {
      JsonNode v = value(obj, key, path, required);
      if (v == null) return null;
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
        bad(path + key, "not a whole number from " + min + " to " + max + " (" + (v.isNumber() ? v.asText() : type(v)) + ")");
        return null;
      }
      return v.longValue();
    }

    Double number(JsonNode obj, String key, String path, double min, double max) {
      JsonNode v = value(obj, key, path, false);
      if (v == null) return null;
      if (!v.isNumber() || !(v.doubleValue() >= min && v.doubleValue() <= max)) {
        bad(path + key, "not a number from " + min + " to " + max + " (" + (v.isNumber() ? v.asText() : type(v)) + ")");
        return null;
      }
      return v.doubleValue();
    }

    /** An ISO-8601 instant such as {@code 2025-01-31T09:15:00Z}, within the years 1 to 9999. */
    Instant time(JsonNode obj, String key, String path, boolean required) {
      String s = string(obj, key, path, 100, required);
      if (s == null) return null;
      try {
        Instant t = Instant.parse(s);
        if (t.isBefore(FIRST_TIME) || t.isAfter(LAST_TIME)) throw new DateTimeParseException("out of range", s, 0);
        return t;
      } catch (DateTimeParseException e) {
        bad(path + key, "not a time such as 2025-01-31T09:15:00Z between the years 1 and 9999: " + s);
        return null;
      }
    }

    /** The array under {@code key}, or an empty one when absent; a problem when it is not an array. */
    List<JsonNode> array(JsonNode obj, String key, String path) {
      JsonNode v = value(obj, key, path, false);
      if (v == null) return List.of();
      if (!v.isArray()) {
        bad(path + key, "not an array (" + type(v) + ")");
        return List.of();
      }
      List<JsonNode> out = new ArrayList<>();
      v.forEach(out::add);
      return out;
    }

    /** The object under {@code key}; a problem when it is missing or not an object. */
    JsonNode object(JsonNode obj, String key, String path) {
      JsonNode v = value(obj, key, path, true);
      if (v == null) return null;
      if (!v.isObject()) {
        bad(path + key, "not an object (" + type(v) + ")");
        return null;
      }
      return v;
    }

    /** A problem for each field not in {@code known}: the import would drop it. */
    void only(JsonNode obj, String path, Set<String> known) {
      obj.fieldNames().forEachRemaining(k -> {
        if (!known.contains(k)) bad(path + k, "unknown field (this version of Evenhand would drop it)");
      });
    }

    static String type(JsonNode v) {
      if (v.isObject()) return "an object";
      if (v.isArray()) return "an array";
      if (v.isTextual()) return "a string";
      if (v.isBoolean()) return "a boolean";
      if (v.isNumber()) return "a number";
      return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** Reads the one JSON value of a JSONL line; a problem when it is not JSON or when anything but white space follows it. */
  private JsonNode oneValue(JsonParser p, String file, long line, Problems problems) throws IOException {
    JsonNode n;
    try {
      if (p.nextToken() == null) return null;
      n = json.readTree(p);
    } catch (JsonProcessingException e) {
      problems.add(jsonProblem(e, p, file, line, 0));
      return null;
    }
    boolean more;
    try {
      more = p.nextToken() != null;
    } catch (JsonProcessingException e) {
      more = true; // text that is not even JSON
    }
    if (more) {
      problems.add(new Problem(file, line, "", "more data after the JSON value (one JSON object per line)"));
      return null;
    }
    return n;
  }

  /** A parse failure as a problem: the line, and the field where it happened (a key given twice is named). */
  private static Problem jsonProblem(JsonProcessingException e, JsonParser reading, String file, long line, int dropSegments) {
    JsonParser p = e.getProcessor() instanceof JsonParser jp ? jp : reading;
    long at = line;
    if (at <= 0) {
      var where = e.getLocation() != null ? e.getLocation() : p != null ? p.currentLocation() : null;
      at = where == null ? 0 : Math.max(where.getLineNr(), 0);
    }
    String field = p != null && p.getParsingContext() != null ? path(p.getParsingContext(), dropSegments) : "";
    String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    if (msg.startsWith("Duplicate field")) return new Problem(file, at, field, "given twice in one object");
    if (msg.contains("Invalid UTF-8")) return new Problem(file, at, "", "not valid UTF-8");
    return new Problem(file, at, field, "not JSON (" + msg + ")");
  }

  /** Deeper than any field of a record (e.g. {@code male.judgments[0].stance}): the record as a whole is at fault. */
  private static final int MAX_PATH_SEGMENTS = 6;

  /**
   * @return a parser context as a field path such as {@code history[2].action}, leaving out the first
   *     segments; empty when the path is deeper than any record's fields
   */
  private static String path(JsonStreamContext ctx, int dropSegments) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) parts.add(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
      else if (c.getCurrentName() != null) parts.add(0, c.getCurrentName());
    }
    if (parts.size() - dropSegments > MAX_PATH_SEGMENTS) return "";
    StringBuilder sb = new StringBuilder();
    for (int i = dropSegments; i < parts.size(); i++) {
      String part = parts.get(i);
      if (!part.startsWith("[") && sb.length() > 0) sb.append('.');
      sb.append(part);
    }
    return sb.toString();
  }

  /** Reads the JSONL sources (paper, Evenhand): one object per line, nothing after it. */
  private void readLines(Source source, Path file, String name, Problems problems, Sink sink, BooleanSupplier cancelled)
      throws IOException, SQLException {
    long lineNo = 0;
    boolean any = false;
    Instant now = Instant.now();
    try (BufferedReader r = utf8(file)) {
      String line;
      while (true) {
        try {
          line = r.readLine();
        } catch (CharacterCodingException e) {
          problems.add(new Problem(name, badUtf8Line(file), "", "not valid UTF-8"));
          return;
        }
        if (line == null) break;
        lineNo++;
        if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
        if (line.isBlank()) continue;
        any = true;
        if (line.indexOf('\0') >= 0) {
          problems.add(new Problem(name, lineNo, "", "contains a NUL character"));
          continue;
        }
        JsonNode n;
        try (JsonParser p = json.getFactory().createParser(line)) {
          n = oneValue(p, name, lineNo, problems);
        }
        if (n == null) continue;
        if (!n.isObject()) {
          problems.add(new Problem(name, lineNo, "", "not a JSON object (" + Rec.type(n) + ")"));
          continue;
        }
        Entry e = source == Source.PAPER ? paper(n, new Rec(name, lineNo, problems), now) : evenhand(n, new Rec(name, lineNo, problems), now);
        if (e != null) sink.entry(e);
      }
    }
    if (!any) problems.add(new Problem(name, 0, "", "the file holds no records"));
  }

  private static final Set<String> PAPER_SIDE = Set.of("story", "character_name", "stance", "explanation", "neutral_explanation",
      "original_explanation", "swapped_from");
  private static final Set<String> EVENHAND_SIDE = union(PAPER_SIDE, Set.of("proposed_neutral_explanation", "neutral_explanation_at", "judgments"));
  private static final Set<String> EVENHAND = Set.of("id", "pair_id", "set", "environment", "created_at", "rouge1", "fidelity_flags", "identical",
      "divergent", "status", "flagged", "model", "exported_at", "male", "female", "history");
  private static final Set<String> JUDGMENT = Set.of("model", "template_id", "template_version", "stance", "explanation", "at");
  private static final Set<String> HISTORY = Set.of("reviewer", "action", "status_before", "status_after", "male_before", "female_before",
      "male_after", "female_after", "reason", "blind", "at");

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  /** One side of a paper or Evenhand record. */
  private record Side(Story story, List<PairArchive.JudgmentRow> judgments, String neutral, String proposed, Instant neutralAt) {}

  /**
   * Reads the paper's side: story, character_name, stance, explanation, neutral_explanation (CDA files add
   * original_explanation and swapped_from); Evenhand's adds proposed_neutral_explanation, neutral_explanation_at
   * and judgments.
   */
  private Side side(JsonNode n, Gender g, Rec r, boolean evenhand, String model, Instant now) {
    String path = g.label() + ".";
    JsonNode s = r.object(n, g.label(), "");
    if (s == null) return null;
    if (evenhand) r.only(s, path, EVENHAND_SIDE);
    String story = r.string(s, "story", path, FieldLimits.LONG_TEXT, true);
    String who = r.string(s, "character_name", path, FieldLimits.CHARACTER_NAME, false);
    String stance = r.string(s, "stance", path, 100, true);
    String expl = r.string(s, "explanation", path, FieldLimits.LONG_TEXT, true);
    String neutral = r.string(s, "neutral_explanation", path, FieldLimits.LONG_TEXT, false);
    r.string(s, "original_explanation", path, FieldLimits.LONG_TEXT, false);
    String from = r.string(s, "swapped_from", path, 10, false);
    if (from != null && !from.equals("male") && !from.equals("female")) r.bad(path + "swapped_from", "'" + from + "' is not male or female");
    String proposed = null;
    Instant neutralAt = null;
    List<PairArchive.JudgmentRow> judgments = new ArrayList<>();
    if (evenhand) {
      proposed = r.string(s, "proposed_neutral_explanation", path, FieldLimits.LONG_TEXT, false);
      neutralAt = r.time(s, "neutral_explanation_at", path, false);
      List<JsonNode> js = r.array(s, "judgments", path);
      for (int i = 0; i < js.size(); i++) {
        String jp = path + "judgments[" + i + "].";
        JsonNode j = js.get(i);
        if (!j.isObject()) {
          r.bad(path + "judgments[" + i + "]", "not an object (" + Rec.type(j) + ")");
          continue;
        }
        r.only(j, jp, JUDGMENT);
        String jm = r.string(j, "model", jp, FieldLimits.MODEL_TAG, true);
        String tid = r.string(j, "template_id", jp, FieldLimits.TEMPLATE_ID, true);
        Long tv = r.integer(j, "template_version", jp, 0, Integer.MAX_VALUE, true);
        Stance st = stance(r, r.string(j, "stance", jp, 100, true), jp + "stance");
        String je = r.string(j, "explanation", jp, FieldLimits.LONG_TEXT, true);
        Instant at = r.time(j, "at", jp, true);
        if (jm != null && tid != null && tv != null && st != null && je != null && at != null) {
          judgments.add(new PairArchive.JudgmentRow(g, jm, tid, (int) (long) tv, st.name(), je, at));
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
    if (!stance.isEmpty()) {
      Stance st = stance(r, stance, path + "stance");
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
    return new Side(new Story(g, who, story), judgments, neutral == null ? "" : neutral, proposed, neutralAt);
  }

  private static boolean js(JsonNode side) { return side.path("judgments").size() > 0; }

  private static Stance stance(Rec r, String label, String field) {
    if (label == null) return null;
    Stance st = Stance.parseLabel(label).orElse(null);
    if (st == null) r.bad(field, "'" + label + "' is not Moral, Immoral, Both, Can't say or INVALID");
    return st;
  }

  /** The balanced judgment of two sides: both texts or neither. */
  private static List<PairArchive.BalancedRow> balanced(Side m, Side f, Rec r, Instant now) {
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
          s.neutralAt() == null ? now : s.neutralAt()));
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

  private static String environment(Rec r, JsonNode n, String key) {
    String env = r.string(n, key, "", FieldLimits.ENVIRONMENT, false);
    if (env != null && Environment.normalise(env).length() > FieldLimits.ENVIRONMENT) {
      r.bad(key, Environment.normalise(env).length() + " characters, at most " + FieldLimits.ENVIRONMENT);
      return null;
    }
    return env;
  }

  private Entry paper(JsonNode n, Rec r, Instant now) {
    Side m = side(n, Gender.MALE, r, false, "", now);
    Side f = side(n, Gender.FEMALE, r, false, "", now);
    String env = environment(r, n, "environment");
    if (m == null || f == null || !r.ok()) return null;
    List<PairArchive.BalancedRow> b = balanced(m, f, r, now);
    if (b == null) return null;
    return new Entry(r.line, new StoryPair(m.story(), f.story(), env), "", ReviewStatus.PENDING, false, null, null, null, false, null, false, null,
        null, null, judgments(m, f), b, List.of());
  }

  private Entry evenhand(JsonNode n, Rec r, Instant now) {
    r.only(n, "", EVENHAND);
    r.integer(n, "id", "", 1, Long.MAX_VALUE, false);
    Long sourceId = r.integer(n, "pair_id", "", 1, Long.MAX_VALUE, false);
    String sourceSet = r.string(n, "set", "", FieldLimits.SET_NAME, false);
    String env = environment(r, n, "environment");
    Instant createdAt = r.time(n, "created_at", "", false);
    Double rouge1 = r.number(n, "rouge1", "", 0, 1);
    boolean fidelityGiven = n.has("fidelity_flags");
    Long flags = r.integer(n, "fidelity_flags", "", 0, Integer.MAX_VALUE, false);
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
    Side m = side(n, Gender.MALE, r, true, model == null ? "" : model, now);
    Side f = side(n, Gender.FEMALE, r, true, model == null ? "" : model, now);
    List<PairArchive.ReviewRow> history = new ArrayList<>();
    List<JsonNode> rows = r.array(n, "history", "");
    for (int i = 0; i < rows.size(); i++) {
      JsonNode h = rows.get(i);
      String hp = "history[" + i + "].";
      if (!h.isObject()) {
        r.bad("history[" + i + "]", "not an object (" + Rec.type(h) + ")");
        continue;
      }
      r.only(h, hp, HISTORY);
      String reviewer = r.string(h, "reviewer", hp, FieldLimits.REVIEWER, true);
      if (reviewer != null && reviewer.isBlank()) r.bad(hp + "reviewer", "empty");
      String action = label(r, r.string(h, "action", hp, 100, true), hp + "action", ReviewAction::parse, a -> ((ReviewAction) a).label());
      String before = label(r, r.string(h, "status_before", hp, 100, true), hp + "status_before", ReviewStatus::parse, st -> ((ReviewStatus) st).label());
      String after = label(r, r.string(h, "status_after", hp, 100, true), hp + "status_after", ReviewStatus::parse, st -> ((ReviewStatus) st).label());
      String[] texts = new String[4];
      String[] keys = {"male_before", "female_before", "male_after", "female_after"};
      for (int k = 0; k < 4; k++) texts[k] = r.string(h, keys[k], hp, FieldLimits.LONG_TEXT, false);
      String reason = r.string(h, "reason", hp, FieldLimits.REASON, false);
      Boolean blind = r.bool(h, "blind", hp);
      Instant at = r.time(h, "at", hp, true);
      history.add(new PairArchive.ReviewRow(reviewer, action, before, after, texts[0], texts[1], texts[2], texts[3], reason == null ? "" : reason,
          blind != null && blind, at));
    }
    if (m == null || f == null || !r.ok()) return null;
    StoryPair pair = new StoryPair(m.story(), f.story(), env);
    if (identical != null && identical != pair.identical()) {
      r.bad("identical", identical + " but the two stories are " + (pair.identical() ? "" : "not ") + "identical");
      return null;
    }
    List<PairArchive.BalancedRow> b = balanced(m, f, r, now);
    if (b == null) return null;
    return new Entry(r.line, pair, model == null ? "" : model, status, flagged != null && flagged, sourceId, sourceSet, rouge1, fidelityGiven,
        flags == null ? null : (int) (long) flags, divergentGiven, divergent, createdAt, exportedAt, judgments(m, f), b, history);
  }

  /** @return the stored label of an enum value read from a file, or null (a problem) when it is not one */
  private static String label(Rec r, String text, String field, java.util.function.Function<String, Object> parse,
                              java.util.function.Function<Object, String> label) {
    if (text == null) return null;
    try {
      return label.apply(parse.apply(text));
    } catch (IllegalArgumentException e) {
      r.bad(field, e.getMessage());
      return null;
    }
  }

  /** GenMO: one JSON array of {male_story, female_story, environment, source}, and nothing after it. */
  private void readGenmo(Path file, String name, Problems problems, Sink sink, BooleanSupplier cancelled) throws IOException, SQLException {
    try (BufferedReader in = utf8(file); JsonParser p = json.getFactory().createParser(in)) {
      try {
        JsonToken t;
        try {
          t = p.nextToken();
        } catch (JsonProcessingException e) {
          problems.add(jsonProblem(e, p, name, 0, 1));
          return;
        }
        if (t != JsonToken.START_ARRAY) {
          problems.add(new Problem(name, Math.max(p.currentTokenLocation().getLineNr(), 1), "", "not a JSON array of story pairs"));
          return;
        }
        boolean any = false;
        int index = 0;
        while (true) {
          long line;
          JsonNode n;
          try {
            t = p.nextToken();
            if (t == JsonToken.END_ARRAY) break;
            if (t == null) {
              problems.add(new Problem(name, p.currentLocation().getLineNr(), "", "the file ends inside the array"));
              return;
            }
            line = p.currentTokenLocation().getLineNr();
            n = json.readTree(p);
          } catch (JsonProcessingException e) {
            problems.add(jsonProblem(e, p, name, 0, 1));
            return;
          }
          index++;
          if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
          any = true;
          if (n == null || !n.isObject()) {
            problems.add(new Problem(name, line, "", "not a JSON object (" + (n == null ? "nothing" : Rec.type(n)) + ")"));
            continue;
          }
          Rec r = new Rec(name, line, problems);
          String male = r.string(n, "male_story", "", FieldLimits.LONG_TEXT, true);
          String female = r.string(n, "female_story", "", FieldLimits.LONG_TEXT, true);
          String env = environment(r, n, "environment");
          r.string(n, "source", "", FieldLimits.LONG_TEXT, false);
          if (male != null && male.isBlank()) r.bad("male_story", "empty");
          if (female != null && female.isBlank()) r.bad("female_story", "empty");
          if (!r.ok()) continue;
          if (sink == CHECK_ONLY) continue;
          String[] names = facts.names(male, female);
          for (int i = 0; i < 2; i++) {
            String why = names[i] == null ? null : textProblem(names[i], FieldLimits.CHARACTER_NAME);
            if (why != null) r.bad(i == 0 ? "male_story" : "female_story", "the protagonist's name found in it: " + why);
          }
          if (!r.ok()) continue;
          sink.entry(new Entry(line, new StoryPair(new Story(Gender.MALE, names[0], male), new Story(Gender.FEMALE, names[1], female), env),
              "", ReviewStatus.PENDING, false, null, null, null, false, null, false, null, null, null, List.of(), List.of(), List.of()));
        }
        JsonToken more;
        long at;
        try {
          more = p.nextToken();
          at = p.currentTokenLocation().getLineNr();
        } catch (JsonProcessingException e) {
          more = JsonToken.NOT_AVAILABLE;
          at = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        }
        if (more != null) {
          problems.add(new Problem(name, Math.max(at, 1), "", "more data after the JSON array of story pairs (one array per file)"));
          return;
        }
        if (!any) problems.add(new Problem(name, 0, "", "the file holds no story pairs"));
      } catch (CharacterCodingException e) {
        problems.add(new Problem(name, badUtf8Line(file), "", "not valid UTF-8"));
      }
    }
  }

  /** Evenhand's CSV: one row per story, male then female, grouped by pair_id. */
  private void readCsv(Path file, String name, Problems problems, Sink sink, BooleanSupplier cancelled) throws IOException, SQLException {
    try (Reader r = utf8(file)) {
      CSVParser parser;
      try {
        parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get().parse(r);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        problems.add(cause instanceof CharacterCodingException ? new Problem(name, badUtf8Line(file), "", "not valid UTF-8")
            : new Problem(name, 1, "", "a broken header (" + cause.getMessage() + ")"));
        return;
      }
      List<String> header = parser.getHeaderNames();
      Set<String> seen = new java.util.HashSet<>();
      for (String h : header) {
        if (!seen.add(h)) problems.add(new Problem(name, 1, h, "given twice in the header"));
      }
      for (String h : RecordFormats.Csv.HEADER) {
        if (!header.contains(h)) problems.add(new Problem(name, 1, h, "missing from the header"));
      }
      for (String h : header) {
        if (!Arrays.asList(RecordFormats.Csv.HEADER).contains(h)) {
          problems.add(new Problem(name, 1, h, "unknown column (Evenhand's CSV has " + String.join(", ", RecordFormats.Csv.HEADER) + ")"));
        }
      }
      if (problems.count > 0) return;
      CSVRecord pending = null;
      long pendingLine = 0;
      var it = parser.iterator();
      boolean any = false;
      while (true) {
        CSVRecord rec;
        try {
          if (!it.hasNext()) break;
          rec = it.next();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          problems.add(cause instanceof CharacterCodingException ? new Problem(name, badUtf8Line(file), "", "not valid UTF-8")
              : new Problem(name, parser.getCurrentLineNumber(), "", "unbalanced quote or broken row (" + cause.getMessage() + ")"));
          return;
        }
        long line = startLine(parser.getCurrentLineNumber(), rec);
        if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
        any = true;
        if (!rec.isConsistent()) {
          problems.add(new Problem(name, line, "", "has " + rec.size() + " fields, not " + header.size()));
          pending = null;
          continue;
        }
        Rec check = new Rec(name, line, problems);
        for (String h : RecordFormats.Csv.HEADER) {
          int max = h.equals("environment") ? FieldLimits.ENVIRONMENT : FieldLimits.LONG_TEXT;
          String why = textProblem(rec.get(h), max);
          if (why != null) check.bad(h, why);
        }
        if (!check.ok()) {
          pending = null;
          continue;
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
        Entry e = csvEntry(pending, rec, name, pendingLine, line, problems);
        pending = null;
        if (e != null) sink.entry(e);
      }
      if (pending != null) problems.add(new Problem(name, pendingLine, "gender", "a male row without its female row"));
      if (!any) problems.add(new Problem(name, 0, "", "the file holds no rows"));
    }
  }

  /** @return the line a CSV record starts on, from the line the parser stands on after it and the line breaks inside its values */
  private static long startLine(long lineAfter, CSVRecord rec) {
    long breaks = 0;
    for (String v : rec) {
      for (int i = 0; i < v.length(); i++) {
        char ch = v.charAt(i);
        if (ch == '\n' || (ch == '\r' && (i + 1 == v.length() || v.charAt(i + 1) != '\n'))) breaks++;
      }
    }
    return Math.max(lineAfter - breaks, 1);
  }

  private Entry csvEntry(CSVRecord m, CSVRecord f, String name, long line, long femaleLine, Problems problems) {
    Rec r = new Rec(name, line, problems);
    Rec rf = new Rec(name, femaleLine, problems);
    for (String h : List.of("environment", "status")) {
      if (!m.get(h).equals(f.get(h))) rf.bad(h, "'" + f.get(h) + "' differs from the male row's '" + m.get(h) + "' (one value per pair)");
    }
    Long sourceId = null;
    try {
      sourceId = Long.parseLong(m.get("pair_id").strip());
      if (sourceId < 1) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      r.bad("pair_id", "'" + m.get("pair_id") + "' is not a whole number from 1 to " + Long.MAX_VALUE);
    }
    ReviewStatus status = null;
    try {
      status = ReviewStatus.parse(m.get("status"));
    } catch (IllegalArgumentException e) {
      r.bad("status", e.getMessage());
    }
    CSVRecord[] rows = {m, f};
    Rec[] recs = {r, rf};
    Stance[] st = new Stance[2];
    for (int i = 0; i < 2; i++) {
      String s = rows[i].get("stance");
      if (s.isEmpty()) {
        if (!rows[i].get("explanation").isEmpty()) recs[i].bad("stance", "empty while the explanation is not");
      } else {
        st[i] = stance(recs[i], s, "stance");
      }
      if (rows[i].get("story").isBlank()) recs[i].bad("story", "empty");
    }
    if (rows[0].get("stance").isEmpty() != rows[1].get("stance").isEmpty()) {
      recs[rows[0].get("stance").isEmpty() ? 0 : 1].bad("stance", "empty on one story of the pair only (a pair is judged on both stories or neither)");
    }
    if (m.get("neutral_explanation").isEmpty() != f.get("neutral_explanation").isEmpty()) {
      recs[m.get("neutral_explanation").isEmpty() ? 0 : 1].bad("neutral_explanation", "empty on one story of the pair only (a balanced judgment has both)");
    }
    if (!r.ok() || !rf.ok()) return null;
    Instant now = Instant.now();
    StoryPair pair = new StoryPair(new Story(Gender.MALE, "", m.get("story")), new Story(Gender.FEMALE, "", f.get("story")), m.get("environment"));
    List<PairArchive.JudgmentRow> judgments = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      if (st[i] != null) judgments.add(new PairArchive.JudgmentRow(Gender.values()[i], "", "imported", 0, st[i].name(), rows[i].get("explanation"), now));
    }
    List<PairArchive.BalancedRow> b = m.get("neutral_explanation").isEmpty() ? List.of()
        : List.of(new PairArchive.BalancedRow(Gender.MALE, m.get("neutral_explanation"), m.get("neutral_explanation"), now),
            new PairArchive.BalancedRow(Gender.FEMALE, f.get("neutral_explanation"), f.get("neutral_explanation"), now));
    return new Entry(line, pair, "", status, false, sourceId, null, null, false, null, false, null, null, null, judgments, b, List.of());
  }
}
