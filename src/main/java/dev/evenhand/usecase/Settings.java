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
   * A value in the settings that cannot be used, named by its key.
   */
  public static final class InvalidSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String reason;

    /**
     * @param key    the file key, e.g. {@code timeout.seconds} or {@code keys.accept}
     * @param reason what is wrong, e.g. {@code must be at least 1 (got -5)}
     */
    public InvalidSetting(String key, String reason) {
      super(key + ": " + reason);
      this.key = key;
      this.reason = reason;
    }

    /** @return the file key at fault, e.g. {@code ollama.urls} */
    public String key() { return key; }

    /** @return what is wrong, without the key */
    public String reason() { return reason; }
  }

  /**
   * @param file the settings file; a missing file gives the defaults
   * @return the saved settings
   * @throws IllegalArgumentException naming the file and the key when a value is not usable (a
   *     non-positive timeout, parallel outside 1 to 64, an unknown theme, an empty or overlong reviewer
   *     name, or a malformed Ollama URL)
   */
  public static Settings load(Path file) {
    if (Files.isDirectory(file)) throw new IllegalArgumentException(file + ": is a folder, not a settings file");
    if (!Files.isRegularFile(file)) return defaults();
    try {
      return parse(read(file), file.getParent());
    } catch (InvalidSetting e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param file the settings file
   * @return its keys and values as written, empty when the file is missing
   * @throws IllegalArgumentException naming the file when it cannot be read
   */
  public static Properties read(Path file) {
    Properties p = new Properties();
    if (!Files.isRegularFile(file)) return p;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": cannot read the settings: " + e.getMessage());
    }
    return p;
  }

  /**
   * Reads and checks settings given as file keys and values; a missing key takes its default.
   *
   * @param p         file keys and values ({@code ollama.urls}, {@code reviewer}, {@code parallel},
   *                  {@code timeout.seconds}, {@code theme}, {@code keys.*}, {@code profile})
   * @param configDir the config folder, where a local {@code models/<profile>/profile.json} may be; may be null
   * @return the settings
   * @throws InvalidSetting naming the first key whose value is not usable (see {@link #load})
   */
  public static Settings parse(Properties p, Path configDir) {
    Settings d = defaults();
    String urls = p.getProperty("ollama.urls", d.ollamaUrls()).strip();
    try {
      if (!urls.isEmpty()) dev.evenhand.llm.OllamaUrls.resolve(urls, null, null);
    } catch (IllegalArgumentException e) {
      throw new InvalidSetting("ollama.urls", e.getMessage());
    }
    String reviewer = p.getProperty("reviewer", d.reviewer()).strip();
    if (reviewer.isEmpty() || reviewer.length() > dev.evenhand.domain.FieldLimits.REVIEWER) {
      throw new InvalidSetting("reviewer", "give a name of 1 to " + dev.evenhand.domain.FieldLimits.REVIEWER
          + " characters (got " + reviewer.length() + ")");
    }
    String badName = dev.evenhand.domain.FieldLimits.invalidText(reviewer);
    if (badName == null && reviewer.chars().anyMatch(Character::isISOControl)) badName = "contains a control character";
    // stored with every review and written into backups, which must import again
    if (badName != null) throw new InvalidSetting("reviewer", badName);
    int parallel = intValue(p, "parallel", d.parallel());
    if (parallel < 1 || parallel > 64) throw new InvalidSetting("parallel", "must be between 1 and 64 (got " + parallel + ")");
    int timeout = intValue(p, "timeout.seconds", (int) d.callTimeout().toSeconds());
    if (timeout < 1) throw new InvalidSetting("timeout.seconds", "must be at least 1 (got " + timeout + ")");
    String theme = p.getProperty("theme", d.theme()).strip();
    if (!theme.equals("light") && !theme.equals("dark")) throw new InvalidSetting("theme", "light or dark (got '" + theme + "')");
    java.util.Map<String, String> keys = new java.util.TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (!k.startsWith("keys.")) continue;
      String v = p.getProperty(k).strip();
      if (ReviewKeys.parse(v).isEmpty()) throw keyProblem(ReviewKeys.notAKey(k, v));
      keys.put(k, v);
    }
    String keyProblem = ReviewKeys.problem(keys);
    if (keyProblem != null) throw keyProblem(keyProblem);
    String profile = p.getProperty("profile", "").strip();
    String profileTooLong = dev.evenhand.domain.FieldLimits.tooLong("profile", profile, dev.evenhand.domain.FieldLimits.PROFILE);
    if (profileTooLong != null) throw new InvalidSetting("profile", profileTooLong.substring("profile: ".length()));
    if (!profile.isEmpty()) {
      String rel = "models/" + profile + "/profile.json";
      boolean packed = Settings.class.getClassLoader().getResource(rel) != null;
      boolean local = configDir != null && Files.isRegularFile(configDir.resolve(rel));
      if (!packed && !local || profile.contains("..") || profile.contains("/")) {
        throw new InvalidSetting("profile", "no model profile '" + profile + "' in models/ (packed: default, llama3.1_8b, mistral_7b)");
      }
    }
    return new Settings(urls, reviewer, parallel, Duration.ofSeconds(timeout), theme, keys, profile);
  }

  /** ReviewKeys' lines start with the key at fault ({@code keys.accept: ...}). */
  private static InvalidSetting keyProblem(String line) {
    int colon = line.indexOf(": ");
    return colon < 0 ? new InvalidSetting("keys", line) : new InvalidSetting(line.substring(0, colon), line.substring(colon + 2));
  }

  /**
   * Writes every setting atomically (temporary file, then move), defaults included.
   *
   * @throws IOException when the file cannot be written
   */
  public void save(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("ollama.urls", ollamaUrls);
    p.setProperty("reviewer", reviewer);
    p.setProperty("parallel", Integer.toString(parallel));
    p.setProperty("timeout.seconds", Long.toString(callTimeout.toSeconds()));
    p.setProperty("theme", theme);
    keys.forEach(p::setProperty);
    if (!profile.isEmpty()) p.setProperty("profile", profile);
    store(p, file);
  }

  /**
   * Writes exactly these file keys and values atomically (temporary file, then move): a key not given is
   * not written, so it keeps taking its default or the source it came from.
   *
   * @param p    file keys and values
   * @param file the settings file
   * @throws IOException when the file cannot be written
   */
  public static void store(Properties p, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "Evenhand settings");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** @return a copy with another theme */
  public Settings withTheme(String t) { return new Settings(ollamaUrls, reviewer, parallel, callTimeout, t, keys, profile); }

  private static int intValue(Properties p, String key, int d) {
    String s = p.getProperty(key);
    try {
      return s == null ? d : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new InvalidSetting(key, "not a whole number ('" + s + "')");
    }
  }
}
