package dev.evenhand.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.domain.Environment;
import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.Stance;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks of one imported record against the store's types and limits ({@link FieldLimits}, the enums): every
 * problem is added with the file, the record's line and the field's path (e.g. {@code history[2].action}).
 */
final class RecordCheck {
  private static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

  final String file;
  final long line;
  final ImportProblems problems;
  final long start;

  RecordCheck(String file, long line, ImportProblems problems) {
    this.file = file;
    this.line = line;
    this.problems = problems;
    this.start = problems.count;
  }

  boolean ok() { return problems.count == start; }

  void bad(String field, String what) { problems.add(new ImportService.Problem(file, line, field, what)); }

  /** @return the value, or null when absent or JSON null (a problem when required), or invalid (a problem) */
  JsonNode value(JsonNode obj, String key, String path, boolean required) {
    JsonNode v = obj.get(key);
    if (v == null || v.isNull()) {
      if (required) bad(path + key, "missing");
      return null;
    }
    return v;
  }

  /**
   * @return the value when present and of the kind {@code is} accepts, else null: a problem ("{@code not} (its type)")
   *     when it is of another kind, or "missing" when required and absent
   */
  private JsonNode typed(JsonNode obj, String key, String path, boolean required, Predicate<JsonNode> is, String not) {
    JsonNode v = value(obj, key, path, required);
    if (v == null) return null;
    if (!is.test(v)) {
      bad(path + key, not + " (" + type(v) + ")");
      return null;
    }
    return v;
  }

  String string(JsonNode obj, String key, String path, int max, boolean required) {
    JsonNode v = typed(obj, key, path, required, JsonNode::isTextual, "not a string");
    if (v == null) return null;
    String s = v.asText();
    String why = textProblem(s, max);
    if (why != null) {
      bad(path + key, why);
      return null;
    }
    return s;
  }

  Boolean bool(JsonNode obj, String key, String path) {
    JsonNode v = typed(obj, key, path, false, JsonNode::isBoolean, "not true or false");
    return v == null ? null : v.booleanValue();
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
    JsonNode v = typed(obj, key, path, false, JsonNode::isArray, "not an array");
    if (v == null) return List.of();
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  /**
   * One object of an array, with its path prefix.
   *
   * @param node the object
   * @param path its path with a trailing dot, e.g. {@code history[2].}
   */
  record Element(JsonNode node, String path) {}

  /**
   * The objects of the array under {@code key} (none when absent); a problem for the array when it is not one, for each
   * element that is not an object and for each field of an element not in {@code known} ({@link #only}).
   */
  List<Element> objects(JsonNode obj, String key, String path, Set<String> known) {
    List<Element> out = new ArrayList<>();
    List<JsonNode> all = array(obj, key, path);
    for (int i = 0; i < all.size(); i++) {
      JsonNode e = all.get(i);
      String at = path + key + "[" + i + "]";
      if (e.isObject()) {
        only(e, at + ".", known);
        out.add(new Element(e, at + "."));
      } else {
        bad(at, "not an object (" + type(e) + ")");
      }
    }
    return out;
  }

  /** The object under {@code key}; a problem when it is missing or not an object. */
  JsonNode object(JsonNode obj, String key, String path) {
    return typed(obj, key, path, true, JsonNode::isObject, "not an object");
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

  /**
   * Checks a text value against the store: at most {@code max} characters (UTF-16 units, as the columns
   * count them), no NUL character (FORMATS.md), and valid Unicode (a lone UTF-16 surrogate, which a JSON
   * escape such as {@code \ud800} can produce, cannot be written as UTF-8 and would come back as "?").
   *
   * @return what is wrong, or null when the value is fine
   */
  static String textProblem(String s, int max) {
    if (s.length() > max) return s.length() + " characters, at most " + max;
    return FieldLimits.invalidText(s);
  }


  /** The environment under {@code key}: a string that fits the store once normalised. */
  String environment(JsonNode n, String key) {
    String env = string(n, key, "", FieldLimits.ENVIRONMENT, false);
    if (env != null && Environment.normalise(env).length() > FieldLimits.ENVIRONMENT) {
      bad(key, Environment.normalise(env).length() + " characters, at most " + FieldLimits.ENVIRONMENT);
      return null;
    }
    return env;
  }

  /** @return the stance a label names, or null (a problem at {@code field}) when it names none */
  Stance stance(String label, String field) {
    if (label == null) return null;
    Stance st = Stance.parseLabel(label).orElse(null);
    if (st == null) bad(field, "'" + label + "' is not Moral, Immoral, Both, Can't say or INVALID");
    return st;
  }

  /** @return the stored label of an enum value read from a file, or null (a problem) when it is not one */
  String label(String text, String field, java.util.function.Function<String, Object> parse, java.util.function.Function<Object, String> label) {
    if (text == null) return null;
    try {
      return label.apply(parse.apply(text));
    } catch (IllegalArgumentException e) {
      bad(field, e.getMessage());
      return null;
    }
  }
}
