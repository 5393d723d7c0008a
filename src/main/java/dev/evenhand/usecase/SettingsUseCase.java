package dev.evenhand.usecase;

import dev.evenhand.llm.OllamaUrls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Load, validate and save the settings file ({@code settings.properties} in the user config directory),
 * and say which value is in effect and where it comes from. The Settings screen's one entry point; the
 * CLI reads the same file through {@link Settings#load}. Precedence is the CLI contract's (DESIGN.md):
 * the Ollama URL comes from {@code --ollama}, else the saved setting, else {@code OLLAMA_HOST}, else the
 * default; every other setting from the file, else its default.
 */
public final class SettingsUseCase {
  /** Where a value in effect comes from. */
  public enum Source {
    /** An option given when Evenhand started ({@code --ollama}, {@code --db}). */
    COMMAND_LINE,
    /** An environment variable ({@code OLLAMA_HOST}, {@code XDG_DATA_HOME}, {@code XDG_CONFIG_HOME}). */
    ENVIRONMENT,
    /** The settings file. */
    SAVED,
    /** Evenhand's default. */
    DEFAULT
  }

  /**
   * What Evenhand was started with, besides the settings file.
   *
   * @param ollamaOption the {@code --ollama} value, null when not given
   * @param dbOption     the {@code --db} value, null when not given
   * @param database     the database path in use (without {@code .mv.db})
   * @param env          the environment variables Evenhand reads ({@code OLLAMA_HOST}, {@code XDG_DATA_HOME},
   *                     {@code XDG_CONFIG_HOME}); others are ignored
   */
  public record Launch(String ollamaOption, String dbOption, Path database, Map<String, String> env) {
    public Launch {
      env = Map.copyOf(env);
    }
  }

  /**
   * One setting as in effect.
   *
   * @param key      the file key ({@code ollama.urls}, {@code profile}, {@code parallel}, {@code timeout.seconds},
   *                 {@code reviewer}, {@code theme}, {@code keys}), or {@code database} / {@code file} (read only)
   * @param value    the value in effect, as the field shows it; for {@code keys} one {@code action=key} a line, every action
   * @param source   where it comes from
   * @param origin   the option or variable it comes from ({@code --ollama}, {@code OLLAMA_HOST}), the raw variable value
   *                 for {@code OLLAMA_HOST}, the number of saved bindings for {@code keys}; else empty
   * @param saved    the value in the settings file, empty when none is saved
   * @param shadowed a value that is set but not used because this one comes first (e.g. {@code OLLAMA_HOST=gpu:11434}
   *                 under a saved URL), else empty
   */
  public record Value(String key, String value, Source source, String origin, String saved, String shadowed) {}

  /**
   * The settings in effect.
   *
   * @param values   by key, in the Settings screen's order
   * @param settings the settings they make (the defaults when the file has a value that cannot be used)
   * @param problem  why the settings file is not used (the key and what is wrong), else null
   */
  public record InEffect(Map<String, Value> values, Settings settings, Settings.InvalidSetting problem) {
    /** @return the value of a key; throws when there is none */
    public Value get(String key) {
      Value v = values.get(key);
      if (v == null) throw new IllegalArgumentException("no setting " + key);
      return v;
    }
  }

  private final Path file;
  private final Launch launch;

  /**
   * @param file   the settings file
   * @param launch the options and environment Evenhand started with
   */
  public SettingsUseCase(Path file, Launch launch) {
    this.file = file;
    this.launch = launch;
  }

  /** @return the settings file */
  public Path file() { return file; }

  /**
   * Reads the settings file and tells, for each setting, the value in effect and where it comes from.
   *
   * @return the settings in effect; a file that cannot be used counts as no file (Evenhand then runs on
   *         the defaults) and is named in {@link InEffect#problem()}
   */
  public InEffect inEffect() {
    Properties p;
    Settings s;
    Settings.InvalidSetting problem = null;
    try {
      p = Settings.read(file);
      s = Settings.parse(p, file.getParent());
    } catch (Settings.InvalidSetting e) {
      problem = e;
      p = new Properties();
      s = Settings.defaults();
    } catch (IllegalArgumentException e) {
      problem = new Settings.InvalidSetting("file", e.getMessage());
      p = new Properties();
      s = Settings.defaults();
    }
    Map<String, Value> m = new LinkedHashMap<>();
    m.put("ollama.urls", urls(p.getProperty("ollama.urls", "").strip()));
    String profile = p.getProperty("profile", "").strip();
    m.put("profile", profile.isEmpty() ? new Value("profile", "default", Source.DEFAULT, "", "", "")
        : new Value("profile", profile, Source.SAVED, "", profile, ""));
    m.put("parallel", plain(p, "parallel", Integer.toString(s.parallel())));
    m.put("timeout.seconds", plain(p, "timeout.seconds", Long.toString(s.callTimeout().toSeconds())));
    m.put("reviewer", plain(p, "reviewer", s.reviewer()));
    m.put("theme", plain(p, "theme", s.theme()));
    m.put("keys", keys(s.keys()));
    m.put("database", database());
    String xdgConfig = launch.env().get("XDG_CONFIG_HOME");
    boolean fromEnv = xdgConfig != null && !xdgConfig.isBlank();
    m.put("file", new Value("file", file.toString(), fromEnv ? Source.ENVIRONMENT : Source.DEFAULT, fromEnv ? "XDG_CONFIG_HOME" : "", "", ""));
    return new InEffect(java.util.Collections.unmodifiableMap(m), s, problem);
  }

  private Value urls(String saved) {
    String option = launch.ollamaOption();
    String host = launch.env().get("OLLAMA_HOST");
    boolean hostSet = host != null && !host.isBlank();
    if (option != null && !option.isBlank()) return new Value("ollama.urls", option.strip(), Source.COMMAND_LINE, "--ollama", saved, saved);
    if (!saved.isEmpty()) return new Value("ollama.urls", saved, Source.SAVED, "", saved, hostSet ? "OLLAMA_HOST=" + host.strip() : "");
    if (hostSet) {
      String shown;
      try {
        shown = String.join(",", OllamaUrls.resolve(null, null, host));
      } catch (IllegalArgumentException e) {
        shown = host.strip();
      }
      return new Value("ollama.urls", shown, Source.ENVIRONMENT, "OLLAMA_HOST", "", "");
    }
    return new Value("ollama.urls", OllamaUrls.DEFAULT, Source.DEFAULT, "", "", "");
  }

  private static Value plain(Properties p, String key, String inEffect) {
    String saved = p.getProperty(key);
    return saved == null || saved.isBlank() ? new Value(key, inEffect, Source.DEFAULT, "", "", "")
        : new Value(key, inEffect, Source.SAVED, "", saved.strip(), "");
  }

  private static Value keys(Map<String, String> saved) {
    StringBuilder all = new StringBuilder();
    StringBuilder savedLines = new StringBuilder();
    for (ReviewKeys.Action a : ReviewKeys.Action.values()) {
      String line = a.settingsKey().substring("keys.".length()) + "=" + saved.getOrDefault(a.settingsKey(), a.defaultKey()) + "\n";
      all.append(line);
      if (saved.containsKey(a.settingsKey())) savedLines.append(line);
    }
    return new Value("keys", all.toString(), saved.isEmpty() ? Source.DEFAULT : Source.SAVED, Integer.toString(saved.size()),
        savedLines.toString(), "");
  }

  private Value database() {
    String xdgData = launch.env().get("XDG_DATA_HOME");
    String path = launch.database() == null ? "" : launch.database().toString();
    if (launch.dbOption() != null) return new Value("database", path, Source.COMMAND_LINE, "--db", "", "");
    if (xdgData != null && !xdgData.isBlank()) return new Value("database", path, Source.ENVIRONMENT, "XDG_DATA_HOME", "", "");
    return new Value("database", path, Source.DEFAULT, "", "", "");
  }

  /**
   * Validates and saves settings, all or nothing: the values are checked in memory exactly as the app
   * reads them, and the file is replaced (atomically) only when every value is accepted.
   *
   * @param values file keys and values; blank values fall back to the defaults (a blank key binding clears it)
   * @return the settings saved
   * @throws Settings.InvalidSetting naming the key when a value is refused (nothing is saved then)
   * @throws IllegalArgumentException when the file cannot be written (nothing is saved then)
   */
  public Settings save(Map<String, String> values) {
    Properties p = new Properties();
    values.forEach((k, v) -> {
      if (v != null && !v.isBlank()) p.setProperty(k, v.strip());
    });
    return write(p);
  }

  /**
   * Saves only the theme, keeping every other saved value (the main window's Dark theme toggle).
   *
   * @param theme {@code light} or {@code dark}
   * @return the settings saved
   * @throws Settings.InvalidSetting when the theme, or a value already in the file, cannot be used (nothing is saved then)
   * @throws IllegalArgumentException when the file cannot be read or written
   */
  public Settings saveTheme(String theme) {
    Properties p = Settings.read(file);
    p.setProperty("theme", theme);
    return write(p);
  }

  /** Checks the keys and values, then writes exactly them: a key that was absent stays absent (never every default). */
  private Settings write(Properties p) {
    Settings checked = Settings.parse(p, file.getParent());
    try {
      Settings.store(p, file);
    } catch (IOException e) {
      // a file-system message is often just the path of the temporary file the save writes first: say why instead
      String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : e instanceof java.nio.file.FileSystemException f ? (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName())
          : e.getMessage();
      throw new IllegalArgumentException("cannot save the settings in " + file + " (" + why + ")", e);
    }
    return checked;
  }
}
