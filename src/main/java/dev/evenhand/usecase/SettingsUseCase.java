package dev.evenhand.usecase;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Load, validate and save the settings file ({@code settings.properties} in the user config directory).
 * The Settings screen's one entry point; the CLI reads the same file through {@link Settings#load}.
 */
public final class SettingsUseCase {
  private final Path file;

  /** @param file the settings file */
  public SettingsUseCase(Path file) { this.file = file; }

  /** @return the settings file */
  public Path file() { return file; }

  /** @return the saved settings, or the defaults when the file is missing or unreadable (never throws) */
  public Settings load() {
    try {
      return Settings.load(file);
    } catch (IllegalArgumentException e) {
      return Settings.defaults();
    }
  }

  /**
   * @return the saved settings as file keys and values: {@code ollama.urls}, {@code profile}, {@code parallel},
   *         {@code timeout.seconds}, {@code reviewer}, {@code theme}, then {@code keys.*} in key order
   */
  public Map<String, String> current() {
    Settings t = load();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ollama.urls", t.ollamaUrls());
    m.put("profile", t.profile());
    m.put("parallel", Integer.toString(t.parallel()));
    m.put("timeout.seconds", Long.toString(t.callTimeout().toSeconds()));
    m.put("reviewer", t.reviewer());
    m.put("theme", t.theme());
    m.putAll(new TreeMap<>(t.keys()));
    return m;
  }

  /**
   * Validates and saves settings, all or nothing: the values are checked by reading them back exactly as
   * the app will, and the file is replaced only when every value is accepted.
   *
   * @param values file keys and values; blank values fall back to the defaults (a blank key binding clears it)
   * @return the file written
   * @throws IllegalArgumentException naming the key when a value is refused, or when the file cannot be
   *                                  written (nothing is saved then)
   */
  public Path save(Map<String, String> values) {
    try {
      Files.createDirectories(file.getParent());
      Path probe = Files.createTempFile(file.getParent(), ".settings.", ".check");
      try {
        Properties p = new Properties();
        values.forEach((k, v) -> {
          if (v != null && !(v.isBlank() && !k.startsWith("keys."))) p.setProperty(k, v.strip());
        });
        try (Writer w = Files.newBufferedWriter(probe, StandardCharsets.UTF_8)) {
          p.store(w, null);
        }
        Settings checked;
        try {
          checked = Settings.load(probe);
        } catch (IllegalArgumentException e) {
          // the check reads a scratch copy; name the key, not the scratch file
          String why = e.getMessage() == null ? "" : e.getMessage();
          throw new IllegalArgumentException(why.startsWith(probe + ": ") ? why.substring(probe.toString().length() + 2) : why, e);
        }
        checked.save(file);
      } finally {
        Files.deleteIfExists(probe);
      }
      return file;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot save the settings in " + file + ": " + e.getMessage(), e);
    }
  }
}
