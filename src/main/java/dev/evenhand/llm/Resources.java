package dev.evenhand.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the packed {@code models/} and {@code datasets/} files. A file of the same relative path in the
 * user config directory overrides the packed one (DESIGN.md, "Running it").
 */
public final class Resources {
  private final Path overrideDir;

  /** @param overrideDir the user config directory, e.g. {@code ~/.config/evenhand}; may not exist */
  public Resources(Path overrideDir) { this.overrideDir = overrideDir; }

  /**
   * @param relative e.g. {@code models/default/profile.json}
   * @return the file's UTF-8 text, from the override folder if it has it, else from the classpath
   * @throws IllegalArgumentException naming the file when an override is not valid UTF-8
   */
  public Optional<String> text(String relative) {
    try {
      if (overrideDir != null) {
        Path p = overrideDir.resolve(relative);
        if (Files.isRegularFile(p)) {
          try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
          } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(p + ": not valid UTF-8");
          }
        }
      }
      try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(relative)) {
        if (in == null) return Optional.empty();
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative + ": " + e.getMessage(), e);
    }
  }

  /** @return where a file is read from, for messages: the override path, or the packed name */
  public String origin(String relative) {
    return overridden(relative) ? overrideDir.resolve(relative).toString() : relative + " (packed)";
  }

  /**
   * @param relative e.g. {@code models/default/judgment.txt}
   * @return true when the user config folder overrides the packed file
   */
  public boolean overridden(String relative) {
    return overrideDir != null && Files.isRegularFile(overrideDir.resolve(relative));
  }

  /**
   * @param relative e.g. {@code models/default/judgment.txt}
   * @return the text
   * @throws IllegalStateException when neither the override folder nor the classpath has it
   */
  public String require(String relative) {
    return text(relative).orElseThrow(() -> new IllegalStateException("missing resource " + relative));
  }
}
