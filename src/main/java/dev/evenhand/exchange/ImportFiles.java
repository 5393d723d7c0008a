package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading import files: UTF-8 that refuses invalid bytes (with the line they are on) and skips one BOM, and
 * JSON that refuses a key given twice and anything after the value, with the field a parse failure is in.
 */
final class ImportFiles {
  /** Refuses a key given twice in one object: keeping only one of them would drop the other silently. */
  static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private ImportFiles() {}

  /**
   * The problem of a file that is not UTF-8, at the line of its first bytes that are not: a file that starts with a
   * UTF-16 byte-order mark (what Windows tools call "Unicode") is named as such, with what to do, since "not valid
   * UTF-8" alone does not tell a researcher that the spreadsheet saved it in another encoding.
   *
   * @param name the file's name as problems show it
   * @return a problem of the whole file
   */
  static ImportService.Problem notUtf8(String name, Path file) {
    byte[] head = new byte[2];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(head, 0, 2) == 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE) || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
        return new ImportService.Problem(name, 1, "", "not valid UTF-8: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 and import that");
      }
    } catch (IOException e) {
      // read again below, or reported by the caller
    }
    return new ImportService.Problem(name, badUtf8Line(file), "", "not valid UTF-8");
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
  static BufferedReader utf8(Path file) throws IOException {
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

  /** Reads the one JSON value of a JSONL line; a problem when it is not JSON or when anything but white space follows it. */
  static JsonNode oneValue(JsonParser p, String file, long line, ImportProblems problems) throws IOException {
    JsonNode n;
    try {
      if (p.nextToken() == null) return null;
      n = JSON.readTree(p);
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
      problems.add(new ImportService.Problem(file, line, "", "more data after the JSON value (one JSON object per line)"));
      return null;
    }
    return n;
  }

  /** A parse failure as a problem: the line, and the field where it happened (a key given twice is named). */
  static ImportService.Problem jsonProblem(JsonProcessingException e, JsonParser reading, String file, long line, int dropSegments) {
    JsonParser p = e.getProcessor() instanceof JsonParser jp ? jp : reading;
    long at = line;
    if (at <= 0) {
      var where = e.getLocation() != null ? e.getLocation() : p != null ? p.currentLocation() : null;
      at = where == null ? 0 : Math.max(where.getLineNr(), 0);
    }
    String field = p != null && p.getParsingContext() != null ? path(p.getParsingContext(), dropSegments) : "";
    String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    if (msg.startsWith("Duplicate field")) return new ImportService.Problem(file, at, field, "given twice in one object");
    if (msg.contains("Invalid UTF-8")) return new ImportService.Problem(file, at, "", "not valid UTF-8");
    return new ImportService.Problem(file, at, field, "not JSON (" + msg + ")");
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
}
