package dev.evenhand.domain;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template with an id and a version, stored with every call it produces. Placeholders are
 * {@code {{name}}}; every placeholder must be given a value.
 *
 * @param id      e.g. {@code judgment}
 * @param version increases whenever the text changes
 * @param text    the template text
 */
public record PromptTemplate(String id, int version, String text) {
  private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z_]+)}}");

  /**
   * @param values a value for every placeholder
   * @return the filled prompt
   * @throws IllegalArgumentException when a placeholder has no value
   */
  public String fill(Map<String, String> values) {
    Matcher m = SLOT.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) throw new IllegalArgumentException("prompt template " + id + " v" + version + " needs a value for {{" + m.group(1) + "}}");
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
