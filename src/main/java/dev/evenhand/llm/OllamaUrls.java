package dev.evenhand.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves the Ollama URL as the CLI contract in DESIGN.md says: {@code --ollama}, else the saved
 * setting, else {@code OLLAMA_HOST}, else {@code http://127.0.0.1:11434}.
 */
public final class OllamaUrls {
  /** Ollama's default address (OLLAMA.md). */
  public static final String DEFAULT = "http://127.0.0.1:11434";

  private OllamaUrls() {}

  /**
   * @param option     the {@code --ollama} value (comma-separated list), may be null
   * @param saved      the saved setting (comma-separated list), may be null
   * @param ollamaHost the {@code OLLAMA_HOST} environment value, may be null
   * @return one or more normalised base URLs without a trailing slash
   * @throws IllegalArgumentException when a URL is malformed
   */
  public static List<String> resolve(String option, String saved, String ollamaHost) {
    String chosen = firstNonBlank(option, saved, ollamaHost).orElse(DEFAULT);
    List<String> out = new ArrayList<>();
    for (String part : chosen.split(",")) {
      if (part.isBlank()) continue;
      String u = normalise(part.strip());
      if (!out.contains(u)) out.add(u);
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no Ollama URL in '" + chosen + "'");
    return List.copyOf(out);
  }

  /**
   * Reads a host the way Ollama's own client reads {@code OLLAMA_HOST}: no scheme means http, no port
   * means 11434, {@code 0.0.0.0} means 127.0.0.1.
   *
   * @param raw e.g. {@code 0.0.0.0}, {@code gpu-box:11500}, {@code https://ollama.lab/}
   * @return e.g. {@code http://127.0.0.1:11434}
   * @throws IllegalArgumentException when the text is not a usable URL
   */
  public static String normalise(String raw) {
    String s = raw.strip();
    String scheme = "http";
    int sep = s.indexOf("://");
    if (sep >= 0) {
      scheme = s.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
      s = s.substring(sep + 3);
    }
    if (!scheme.equals("http") && !scheme.equals("https"))
      throw new IllegalArgumentException("not an Ollama URL (use http or https): " + raw);
    String path = "";
    int slash = s.indexOf('/');
    if (slash >= 0) {
      path = s.substring(slash).replaceAll("/+$", "");
      s = s.substring(0, slash);
    }
    String host = s;
    String port = scheme.equals("https") ? "443" : "11434";
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) throw new IllegalArgumentException("not an Ollama URL: " + raw);
      host = s.substring(0, close + 1);
      if (s.length() > close + 1 && s.charAt(close + 1) == ':') port = s.substring(close + 2);
    } else if (s.contains(":")) {
      host = s.substring(0, s.lastIndexOf(':'));
      port = s.substring(s.lastIndexOf(':') + 1);
    }
    if (host.isEmpty() || host.equals("0.0.0.0")) host = "127.0.0.1";
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535)
      throw new IllegalArgumentException("not an Ollama URL (bad port '" + port + "'): " + raw);
    if (!host.matches("[A-Za-z0-9._\\-\\[\\]:%]+"))
      throw new IllegalArgumentException("not an Ollama URL (bad host '" + host + "'): " + raw);
    return scheme + "://" + host + ":" + port + path;
  }

  private static Optional<String> firstNonBlank(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return Optional.of(v);
    return Optional.empty();
  }
}
