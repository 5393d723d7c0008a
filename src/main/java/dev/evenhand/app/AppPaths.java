package dev.evenhand.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Evenhand keeps its files (DESIGN.md, "Running it"): the data directory holds the H2 database and
 * the logs ({@code $XDG_DATA_HOME/evenhand}, else {@code ~/.local/share/evenhand}; the platform's
 * equivalent on macOS and Windows); the config directory holds the settings and any override of the
 * packed {@code models/} and {@code datasets/} files ({@code $XDG_CONFIG_HOME/evenhand}, else
 * {@code ~/.config/evenhand}).
 *
 * @param dataDir   the data directory
 * @param configDir the config directory
 */
public record AppPaths(Path dataDir, Path configDir) {
  /** @return the paths for this user, from the environment and the OS */
  public static AppPaths fromEnvironment() { return from(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home")); }

  static AppPaths from(Map<String, String> env, String osName, String home) {
    String os = osName.toLowerCase(Locale.ROOT);
    Path h = Path.of(home);
    if (os.contains("win")) {
      Path appData = env.get("APPDATA") != null ? Path.of(env.get("APPDATA")) : h.resolve("AppData").resolve("Roaming");
      Path local = env.get("LOCALAPPDATA") != null ? Path.of(env.get("LOCALAPPDATA")) : h.resolve("AppData").resolve("Local");
      return new AppPaths(local.resolve("Evenhand"), appData.resolve("Evenhand"));
    }
    if (os.contains("mac") && env.get("XDG_DATA_HOME") == null) {
      Path support = h.resolve("Library").resolve("Application Support").resolve("Evenhand");
      return new AppPaths(support, support);
    }
    Path data = nonBlank(env.get("XDG_DATA_HOME")) ? Path.of(env.get("XDG_DATA_HOME")) : h.resolve(".local").resolve("share");
    Path config = nonBlank(env.get("XDG_CONFIG_HOME")) ? Path.of(env.get("XDG_CONFIG_HOME")) : h.resolve(".config");
    return new AppPaths(data.resolve("evenhand"), config.resolve("evenhand"));
  }

  /** @return the default database path, without the {@code .mv.db} suffix */
  public Path defaultDatabase() { return dataDir.resolve("evenhand"); }

  /** @return the folder of the rotated log files */
  public Path logDir() { return dataDir.resolve("logs"); }

  /** @return the log file the error lines name */
  public Path logFile() { return logDir().resolve("evenhand.log"); }

  /** @return the settings file */
  public Path settingsFile() { return configDir.resolve("settings.properties"); }

  private static boolean nonBlank(String s) { return s != null && !s.isBlank(); }
}
