package dev.evenhand.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests and benchmarks find GenMO (908 story pairs, Bajaj et al., Findings of EMNLP 2024).
 *
 * <p>The product does not ship the file; tests read it from {@code ../shared/datasets/genmo/}, next
 * to the clone, or from the {@code genmo.path} system property.
 */
public final class Genmo {
  private Genmo() {
  }

  /**
   * The GenMO JSON file.
   *
   * @return its path; never null
   * @throws IllegalStateException when the file is missing, naming where it was looked for
   */
  public static Path path() {
    Path path = Path.of(System.getProperty("genmo.path", "../shared/datasets/genmo/GenMO_dataset.json"));
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("GenMO not found at " + path.toAbsolutePath()
          + ": clone Evenhand next to shared/ or pass -Dgenmo.path=/path/to/GenMO_dataset.json");
    }
    return path;
  }
}
