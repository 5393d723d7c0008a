package dev.evenhand.usecase;

import dev.evenhand.method.InvalidInputException;
import dev.evenhand.method.Fidelity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.Theme;
import java.util.List;

/**
 * Everything a generation run needs to be resumed exactly as it started; stored as JSON with the run.
 *
 * @param pairs              pairs wanted
 * @param maxAttempts        story-pair requests at most (default 5 × pairs)
 * @param keepConsistent     keep consistent pairs too (they also get a balanced judgment)
 * @param fidelityMin        ROUGE-1 lower bound, inclusive (paper: 0.8)
 * @param fidelityMax        ROUGE-1 upper bound, inclusive (paper: 0.95)
 * @param duplicateThreshold ROUGE-1 at or above which a new story counts as a near-duplicate of a stored one (0.9)
 * @param parallel           requests in flight per host (OLLAMA_NUM_PARALLEL; default 1)
 * @param themesSource       where the themes came from (file name), for the record
 * @param themes             the themes in rotation order
 * @param fromSet            a pair set whose stories are curated instead of writing new ones (steps 2 to 4), or null
 */
public record GenerationSettings(int pairs, int maxAttempts, boolean keepConsistent, double fidelityMin, double fidelityMax,
                                 double duplicateThreshold, int parallel, String themesSource, List<Theme> themes, String fromSet) {
  /** The paper's ROUGE-1 fidelity bounds, inclusive (METHOD.md, step 1). */
  public static final double FIDELITY_MIN = 0.8, FIDELITY_MAX = 0.95;
  /** ROUGE-1 at or above which a new story is a near-duplicate of a stored one. */
  public static final double DUPLICATE_THRESHOLD = 0.9;
  /** Pairs a new run stores when none is asked for: 50, as in the paper. */
  public static final int DEFAULT_PAIRS = 50;
  /** Story-pair requests allowed per pair wanted when no maximum is given. */
  public static final int ATTEMPTS_PER_PAIR = 5;
  /** The packed seed themes. */
  public static final String PACKED_THEMES = "datasets/themes.jsonl";

  /** Settings of a run that writes new stories. */
  public GenerationSettings(int pairs, int maxAttempts, boolean keepConsistent, double fidelityMin, double fidelityMax,
                            double duplicateThreshold, int parallel, String themesSource, List<Theme> themes) {
    this(pairs, maxAttempts, keepConsistent, fidelityMin, fidelityMax, duplicateThreshold, parallel, themesSource, themes, null);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public GenerationSettings {
    if (pairs < 1) throw new InvalidInputException("--pairs must be at least 1 (got " + pairs + ")");
    if (maxAttempts < 1) throw new InvalidInputException("--max-attempts must be at least 1 (got " + maxAttempts + ")");
    if (parallel < 1 || parallel > 64) throw new InvalidInputException("--parallel must be between 1 and 64 (got " + parallel + ")");
    if (!(duplicateThreshold > 0 && duplicateThreshold <= 1))
      throw new InvalidInputException("the duplicate threshold must be in (0, 1] (got " + duplicateThreshold + ")");
    new Fidelity(fidelityMin, fidelityMax);
    themes = List.copyOf(themes);
  }

  /** @return the fidelity filter */
  public Fidelity fidelity() { return new Fidelity(fidelityMin, fidelityMax); }

  /** @return the settings as JSON */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return settings read back from {@link #toJson()} */
  public static GenerationSettings fromJson(String json) {
    try {
      return JSON.readValue(json, GenerationSettings.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored run settings are unreadable: " + e.getOriginalMessage(), e);
    }
  }
}
