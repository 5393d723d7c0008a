package dev.evenhand.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the tests and benchmarks find GenMO (908 story pairs, Bajaj et al., Findings of EMNLP 2024), and
 * the small GenMO-shaped fixture written for this project.
 *
 * <p>The product does not ship GenMO; tests over the real file are marked {@link RealGenmo} and run when
 * it is at {@code ../shared/datasets/genmo/} (next to the clone) or at the {@code genmo.path} system
 * property; elsewhere they are skipped, and {@link GenmoSkipReport} says how many and why at the end of
 * the run. Everything else uses {@link #fixture()}.
 */
public final class Genmo {
  /** The reason a {@link RealGenmo} test is skipped, also counted by {@link GenmoSkipReport}. */
  static final String SKIPPED = "GenMO not found";

  private Genmo() {
  }

  /** Marks a test (or a test class) that reads the real GenMO file: tagged {@code genmo}, skipped without it. */
  @Target({ElementType.TYPE, ElementType.METHOD})
  @Retention(RetentionPolicy.RUNTIME)
  @Tag("genmo")
  @ExtendWith(Condition.class)
  public @interface RealGenmo {}

  /** Skips {@link RealGenmo} tests, naming where GenMO was looked for, when the file is missing. */
  static final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Path p = location();
      return Files.isRegularFile(p) ? ConditionEvaluationResult.enabled("GenMO at " + p)
          : ConditionEvaluationResult.disabled(SKIPPED + " at " + p.toAbsolutePath() + ": clone Evenhand next to shared/ or pass "
              + "-Dgenmo.path=/path/to/GenMO_dataset.json");
    }
  }

  private static Path location() {
    return Path.of(System.getProperty("genmo.path", "../shared/datasets/genmo/GenMO_dataset.json"));
  }

  /**
   * The GenMO JSON file.
   *
   * @return its path; never null
   * @throws IllegalStateException when the file is missing, naming where it was looked for
   */
  public static Path path() {
    Path path = location();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(SKIPPED + " at " + path.toAbsolutePath()
          + ": clone Evenhand next to shared/ or pass -Dgenmo.path=/path/to/GenMO_dataset.json");
    }
    return path;
  }

  /**
   * A GenMO-shaped file of 24 pairs in our own words, with GenMO's quirks: environment labels with stray
   * spaces (" Others", " Family "), "Others" for Other, one empty label, one pair whose two stories are
   * identical, three first-person stories ("I am a man." / "I am a woman."), one unnamed protagonist
   * ("The man" / "The woman"), and one story whose acting character is not the first name in it (Irene
   * asks Shane, or Sarah, who then acts). Normalised: Work 5, Relationship 5, Family 5, Other 8,
   * Unlabelled 1.
   *
   * @return the path of {@code src/test/resources/genmo/genmo-fixture.json} on the test class path
   */
  public static Path fixture() {
    try {
      return Path.of(Genmo.class.getResource("/genmo/genmo-fixture.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
