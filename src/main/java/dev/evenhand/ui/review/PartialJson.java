package dev.evenhand.ui.review;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a string field out of a JSON object that is still streaming in, for showing it as it grows. */
final class PartialJson {
  private PartialJson() {}

  /**
   * @param json  the JSON received so far (may stop anywhere)
   * @param field the field's name
   * @return the field's string value so far (unescaped), or empty when it has not started
   */
  static String stringField(String json, String field) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"").matcher(json);
    if (!m.find()) return "";
    StringBuilder out = new StringBuilder();
    for (int i = m.end(); i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') break;
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 1 >= json.length()) break;
      char e = json.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 >= json.length()) return out.toString();
          out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }
}
