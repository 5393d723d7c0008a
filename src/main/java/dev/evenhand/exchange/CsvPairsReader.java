package dev.evenhand.exchange;

import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.store.PairArchive;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads Evenhand's CSV (FORMATS.md): one row per story, male then female, grouped by pair_id, RFC 4180 quoting. */
final class CsvPairsReader {
  /**
   * @return the file's first two characters that are not white space or a byte order mark (read as UTF-8), -1 for each
   *     that is not there
   */
  private static int[] firstCharacters(Path file) throws IOException {
    int[] out = {-1, -1};
    int n = 0;
    try (Reader r = ImportFiles.utf8(file)) {
      for (int c = r.read(); c != -1 && n < 2; c = r.read()) if (!Character.isWhitespace(c) && c != '\uFEFF') out[n++] = c;
    }
    return out;
  }

  /**
   * Reads {@code file}, handing each readable record to {@code sink} and adding a problem (file:line:field) for
   * each that is not.
   *
   * @param name the file name used in problems
   * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true
   * @throws IOException when the file cannot be read
   * @throws dev.evenhand.store.StoreException when the sink fails to store a record
   */
  void read(Path file, String name, ImportProblems problems, ImportEntry.Sink sink, BooleanSupplier cancelled) throws IOException {
    int[] first = firstCharacters(file);
    if (first[0] == -1) {
      problems.fatal(new ImportService.Problem(name, 1, "", "the file holds nothing but white space (a CSV starts with its header: "
          + String.join(",", RecordFormats.Csv.HEADER) + ")"));
      return;
    }
    // a JSON object ({"...) or array ([ then an object, an array, a string or its end): not a CSV header, whose first
    // column is pair_id; a CSV whose first cell starts with a brace is not taken for JSON
    if (first[0] == '{' && first[1] == '"' || first[0] == '[' && (first[1] == '{' || first[1] == '[' || first[1] == '"' || first[1] == ']')) {
      // a JSON file given as CSV: the CSV parser's own words ("invalid character between encapsulated token and
      // delimiter") named neither the cause nor the command that reads it (a newcomer's trial)
      problems.fatal(new ImportService.Problem(name, 1, "", "this is JSON, not CSV (Evenhand's own JSONL export: import jsonl; the paper's "
          + "files: import paper; GenMO's JSON array: import genmo)"));
      return;
    }
    try (Reader r = ImportFiles.utf8(file)) {
      CSVParser parser;
      try {
        parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get().parse(r);
      } catch (CharacterCodingException e) {
        throw e;
      } catch (IllegalArgumentException | IOException | java.io.UncheckedIOException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        problems.fatal(cause instanceof CharacterCodingException ? ImportFiles.notUtf8(name, file)
            : new ImportService.Problem(name, 1, "", "a broken header (" + cause.getMessage() + ")"));
        return;
      }
      List<String> header = parser.getHeaderNames();
      if (header.stream().anyMatch(h -> h.indexOf('\0') >= 0)) {
        // every other character NUL: UTF-16 without a byte-order mark (16 "missing"/"unknown column" lines with NULs before)
        problems.fatal(new ImportService.Problem(name, 1, "", "not valid UTF-8: the header holds NUL characters, as a UTF-16 file without a byte-order "
            + "mark does; save it as UTF-8 and import that"));
        return;
      }
      Set<String> seen = new java.util.HashSet<>();
      for (String h : header) {
        if (!seen.add(h)) problems.fatal(new ImportService.Problem(name, 1, shown(h), "given twice in the header"));
      }
      for (String h : RecordFormats.Csv.HEADER) {
        if (!header.contains(h) && !header.contains("\uFEFF" + h)) problems.fatal(new ImportService.Problem(name, 1, h, "missing from the header"));
      }
      for (String h : header) {
        if (h.startsWith("\uFEFF")) {
          // invisible in the message: a second byte-order mark (a file saved as UTF-8 "with BOM" twice over) reads as part of the first name
          problems.fatal(new ImportService.Problem(name, 1, shown(h.replace("\uFEFF", "")), "starts with a second byte-order mark (U+FEFF, invisible): "
              + "remove it, or save the file again as plain UTF-8"));
        } else if (!Arrays.asList(RecordFormats.Csv.HEADER).contains(h)) {
          problems.fatal(new ImportService.Problem(name, 1, shown(h), "unknown column (Evenhand's CSV has " + String.join(", ", RecordFormats.Csv.HEADER) + ")"));
        }
      }
      if (problems.count > 0) return;
      CSVRecord pending = null;
      long pendingLine = 0;
      String refused = null; // the pair_id of a male row just refused, whose female row is then not an orphan
      var it = parser.iterator();
      boolean any = false;
      while (true) {
        CSVRecord rec;
        try {
          if (!it.hasNext()) break;
          rec = it.next();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          problems.fatal(cause instanceof CharacterCodingException ? ImportFiles.notUtf8(name, file)
              : new ImportService.Problem(name, parser.getCurrentLineNumber(), "", "unbalanced quote or broken row (" + cause.getMessage() + ")"));
          return;
        }
        long line = startLine(parser.getCurrentLineNumber(), rec);
        if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
        any = true;
        if (!rec.isConsistent()) {
          problems.add(new ImportService.Problem(name, line, "", "has " + rec.size() + " fields, not " + header.size()));
          pending = null;
          refused = null;
          continue;
        }
        RecordCheck check = new RecordCheck(name, line, problems);
        for (String h : RecordFormats.Csv.HEADER) {
          int max = h.equals("environment") ? FieldLimits.ENVIRONMENT : FieldLimits.LONG_TEXT;
          String why = RecordCheck.textProblem(rec.get(h), max);
          if (why != null) check.bad(h, why);
        }
        if (!check.ok()) {
          pending = null;
          // its female row follows: the pair has its problem already, and "a female row without the male row" would be a second, false one
          refused = rec.get("gender").equals("male") ? rec.get("pair_id") : null;
          continue;
        }
        String gender = rec.get("gender");
        String partnerRefused = refused;
        refused = null;
        if (gender.equals("male")) {
          if (pending != null) problems.add(new ImportService.Problem(name, pendingLine, "gender", "a male row without its female row"));
          pending = rec;
          pendingLine = line;
          continue;
        }
        if (!gender.equals("female")) {
          problems.add(new ImportService.Problem(name, line, "gender", "'" + gender + "' is not male or female"));
          continue;
        }
        if (pending == null && rec.get("pair_id").equals(partnerRefused)) continue;
        if (pending == null || !pending.get("pair_id").equals(rec.get("pair_id"))) {
          problems.add(new ImportService.Problem(name, line, "pair_id", "a female row without the male row of the same pair before it"));
          pending = null;
          continue;
        }
        ImportEntry e = csvEntry(pending, rec, name, pendingLine, line, problems);
        pending = null;
        if (e != null) sink.entry(e);
      }
      if (pending != null) problems.add(new ImportService.Problem(name, pendingLine, "gender", "a male row without its female row"));
      if (!any) problems.fatal(new ImportService.Problem(name, 0, "", "the file holds no rows"));
    }
  }

  /** @return a column name as a problem shows it: at most 80 characters, the cut marked (a 5 MB name was echoed whole: a breaker) */
  private static String shown(String column) {
    return column.length() <= 80 ? column : column.substring(0, 80) + "… (" + String.format("%,d", column.length()) + " characters)";
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

  private ImportEntry csvEntry(CSVRecord m, CSVRecord f, String name, long line, long femaleLine, ImportProblems problems) {
    RecordCheck r = new RecordCheck(name, line, problems);
    RecordCheck rf = new RecordCheck(name, femaleLine, problems);
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
    RecordCheck[] recs = {r, rf};
    Stance[] st = new Stance[2];
    for (int i = 0; i < 2; i++) {
      String s = rows[i].get("stance");
      if (s.isEmpty()) {
        if (!rows[i].get("explanation").isEmpty()) recs[i].bad("stance", "empty while the explanation is not");
      } else {
        st[i] = recs[i].stance(s, "stance");
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
    return new ImportEntry(line, pair, "", status, false, sourceId, null, null, false, null, false, null, null, null, judgments, b, List.of());
  }
}
