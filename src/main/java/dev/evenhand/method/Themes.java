package dev.evenhand.method;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.Environment;
import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.Theme;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seed themes (DESIGN.md: {@code datasets/*.jsonl}, one {@code {"id", "environment", "theme"}} per line)
 * and their rotation: environments take turns, so any run of consecutive attempts covers the
 * environments evenly.
 */
public final class Themes {
  private final List<Theme> rotation;

  private Themes(List<Theme> rotation) { this.rotation = List.copyOf(rotation); }

  /**
   * Parses a themes file.
   *
   * @param source the file name, used in messages
   * @param text   the file's text (UTF-8; a BOM, CRLF and blank lines are tolerated)
   * @return the themes in rotation order
   * @throws InvalidInputException naming file, line and field for a bad line, a duplicate id, an id, environment or
   *     theme longer than its column ({@link FieldLimits}: 200, 100 and 4,000 characters), or an empty file
   */
  public static Themes parse(String source, String text) {
    // a key given twice would keep only one value
    ObjectMapper json = new ObjectMapper(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    List<Theme> themes = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    String[] lines = text.replace("\uFEFF", "").split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) continue;
      int no = i + 1;
      JsonNode n;
      boolean more;
      try (JsonParser p = json.createParser(line)) {
        n = json.readTree(p);
        try {
          more = p.nextToken() != null;
        } catch (IOException trailingGarbage) {
          more = true;
        }
      } catch (IOException e) {
        throw new InvalidInputException(source + ":" + no + ": not JSON");
      }
      if (more) throw new InvalidInputException(source + ":" + no + ": more data after the JSON object (one theme per line)");
      if (n == null || !n.isObject()) throw new InvalidInputException(source + ":" + no + ": not a JSON object");
      for (String f : List.of("id", "environment", "theme")) {
        if (!n.path(f).isTextual() || n.path(f).asText().isBlank())
          throw new InvalidInputException(source + ":" + no + ":" + f + ": missing or not a non-empty string");
      }
      String id = n.get("id").asText();
      if (!ids.add(id)) throw new InvalidInputException(source + ":" + no + ":id: duplicate id '" + id + "'");
      Theme t = new Theme(id, Environment.normalise(n.get("environment").asText()), n.get("theme").asText().strip());
      // the store's column sizes (FieldLimits, V1): refused here with file:line:field, not by an SQL error later
      for (String problem : new String[] {
          FieldLimits.tooLong(source + ":" + no + ":id", t.id(), FieldLimits.THEME_ID),
          FieldLimits.tooLong(source + ":" + no + ":environment", t.environment(), FieldLimits.ENVIRONMENT),
          FieldLimits.tooLong(source + ":" + no + ":theme", t.text(), FieldLimits.THEME_TEXT)}) {
        if (problem != null) throw new InvalidInputException(problem);
      }
      themes.add(t);
    }
    if (themes.isEmpty()) throw new InvalidInputException(source + ": no themes in the file");
    return new Themes(interleave(themes));
  }

  private static List<Theme> interleave(List<Theme> themes) {
    Map<String, List<Theme>> byEnv = new LinkedHashMap<>();
    for (Theme t : themes) byEnv.computeIfAbsent(t.environment(), k -> new ArrayList<>()).add(t);
    List<Theme> out = new ArrayList<>();
    for (int round = 0; out.size() < themes.size(); round++) {
      for (List<Theme> group : byEnv.values()) if (round < group.size()) out.add(group.get(round));
    }
    return out;
  }

  /** @return themes already in rotation order (as stored with a run) */
  public static Themes fromList(List<Theme> rotation) {
    if (rotation.isEmpty()) throw new InvalidInputException("a run needs at least one theme");
    return new Themes(rotation);
  }

  /** @return the theme for a 1-based attempt number: the rotation wraps around */
  public Theme forAttempt(int attemptNo) { return rotation.get((attemptNo - 1) % rotation.size()); }

  /** @return the themes in rotation order */
  public List<Theme> all() { return rotation; }
}
