package dev.evenhand.usecase;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;

/**
 * The user's saved settings, a properties file in the config directory. Unknown keys are kept; a value
 * that cannot be read falls back to its default.
 *
 * @param ollamaUrls        comma-separated Ollama URLs, empty for none saved
 * @param reviewer          the reviewer name written with every review action
 * @param parallel          requests in flight per host (default 1, as OLLAMA_NUM_PARALLEL)
 * @param callTimeout       per-call timeout (default 10 minutes: a slow GPU can take minutes for a story)
 * @param theme             "light" or "dark"
 * @param keys              Review key bindings, {@code keys.<action>} to a key (see the Review screen's key sheet)
 * @param profile           the model profile used when a model tag has none of its own, empty for {@code default}
 */
public record Settings(String ollamaUrls, String reviewer, int parallel, Duration callTimeout, String theme,
                       java.util.Map<String, String> keys, String profile) {
  public Settings {
    keys = java.util.Map.copyOf(keys);
    profile = profile == null ? "" : profile;
  }

  /** Settings with the default key bindings and profile. */
  public Settings(String ollamaUrls, String reviewer, int parallel, Duration callTimeout, String theme) {
    this(ollamaUrls, reviewer, parallel, callTimeout, theme, java.util.Map.of(), "");
  }

  /** Settings with the default profile. */
  public Settings(String ollamaUrls, String reviewer, int parallel, Duration callTimeout, String theme, java.util.Map<String, String> keys) {
    this(ollamaUrls, reviewer, parallel, callTimeout, theme, keys, "");
  }

  /** @return the defaults: no saved URL, the OS user as reviewer, 1 request in flight, 10 min timeout, light theme */
  public static Settings defaults() {
    return new Settings("", System.getProperty("user.name", "reviewer"), 1, Duration.ofMinutes(10), "light");
  }

  /**
   * @param file the settings file; a missing file gives the defaults
   * @return the saved settings
   * @throws IllegalArgumentException naming the file and the key when a value is not usable (a
   *     non-positive timeout, parallel outside 1 to 64, an unknown theme, an empty or overlong reviewer
   *     name, or a malformed Ollama URL)
   */
  public static Settings load(Path file) {
    Settings d = defaults();
    if (Files.isDirectory(file)) throw new IllegalArgumentException(file + ": is a folder, not a settings file");
    if (!Files.isRegularFile(file)) return d;
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": cannot read the settings: " + e.getMessage());
    }
    String urls = p.getProperty("ollama.urls", d.ollamaUrls()).strip();
    try {
      if (!urls.isEmpty()) dev.evenhand.llm.OllamaUrls.resolve(urls, null, null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": ollama.urls: " + e.getMessage());
    }
    String reviewer = p.getProperty("reviewer", d.reviewer()).strip();
    if (reviewer.isEmpty() || reviewer.length() > dev.evenhand.domain.FieldLimits.REVIEWER) {
      throw new IllegalArgumentException(file + ": reviewer: give a name of 1 to " + dev.evenhand.domain.FieldLimits.REVIEWER
          + " characters (got " + reviewer.length() + ")");
    }
    String badName = dev.evenhand.domain.FieldLimits.invalidText(reviewer);
    if (badName == null && reviewer.chars().anyMatch(Character::isISOControl)) badName = "contains a control character";
    if (badName != null) {
      // stored with every review and written into backups, which must import again
      throw new IllegalArgumentException(file + ": reviewer: " + badName);
    }
    int parallel = intValue(file, p, "parallel", d.parallel());
    if (parallel < 1 || parallel > 64) throw new IllegalArgumentException(file + ": parallel: must be between 1 and 64 (got " + parallel + ")");
    int timeout = intValue(file, p, "timeout.seconds", (int) d.callTimeout().toSeconds());
    if (timeout < 1) throw new IllegalArgumentException(file + ": timeout.seconds: must be at least 1 (got " + timeout + ")");
    String theme = p.getProperty("theme", d.theme()).strip();
    if (!theme.equals("light") && !theme.equals("dark")) throw new IllegalArgumentException(file + ": theme: light or dark (got '" + theme + "')");
    java.util.Map<String, String> keys = new java.util.TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (!k.startsWith("keys.")) continue;
      String v = p.getProperty(k).strip();
      if (ReviewKeys.parse(v).isEmpty()) throw new IllegalArgumentException(file + ": " + ReviewKeys.notAKey(k, v));
      keys.put(k, v);
    }
    String keyProblem = ReviewKeys.problem(keys);
    if (keyProblem != null) throw new IllegalArgumentException(file + ": " + keyProblem);
    String profile = p.getProperty("profile", "").strip();
    String profileTooLong = dev.evenhand.domain.FieldLimits.tooLong(file + ": profile", profile, dev.evenhand.domain.FieldLimits.PROFILE);
    if (profileTooLong != null) throw new IllegalArgumentException(profileTooLong);
    if (!profile.isEmpty()) {
      String rel = "models/" + profile + "/profile.json";
      boolean packed = Settings.class.getClassLoader().getResource(rel) != null;
      boolean local = file.getParent() != null && Files.isRegularFile(file.getParent().resolve(rel));
      if (!packed && !local || profile.contains("..") || profile.contains("/")) {
        throw new IllegalArgumentException(file + ": profile: no model profile '" + profile + "' in models/ (packed: default, llama3.1_8b, mistral_7b)");
      }
    }
    return new Settings(urls, reviewer, parallel, Duration.ofSeconds(timeout), theme, keys, profile);
  }

  /**
   * Writes the settings atomically (temporary file, then move).
   *
   * @throws IOException when the file cannot be written
   */
  public void save(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Properties p = new Properties();
    p.setProperty("ollama.urls", ollamaUrls);
    p.setProperty("reviewer", reviewer);
    p.setProperty("parallel", Integer.toString(parallel));
    p.setProperty("timeout.seconds", Long.toString(callTimeout.toSeconds()));
    p.setProperty("theme", theme);
    keys.forEach(p::setProperty);
    if (!profile.isEmpty()) p.setProperty("profile", profile);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "Evenhand settings");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** @return a copy with another theme */
  public Settings withTheme(String t) { return new Settings(ollamaUrls, reviewer, parallel, callTimeout, t, keys, profile); }

  private static int intValue(Path file, Properties p, String key, int d) {
    String s = p.getProperty(key);
    try {
      return s == null ? d : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + key + ": not a whole number ('" + s + "')");
    }
  }
}
