package dev.evenhand.store;

import java.time.Instant;

/**
 * A generation run as stored: its target, its settings (JSON written by the method layer) and progress.
 *
 * @param id             run id
 * @param setId          the pair set its pairs go into
 * @param setName        that set's name
 * @param modelTag       Ollama model tag
 * @param profile        model profile name
 * @param targetPairs    pairs wanted
 * @param maxAttempts    story-pair requests allowed at most
 * @param keepConsistent keep consistent pairs too
 * @param settingsJson   the run's full settings as JSON
 * @param status         running, completed, short (attempts ran out), interrupted
 * @param attempted      story-pair requests made so far
 * @param createdAt      when it started
 */
public record GenerationRun(long id, long setId, String setName, String modelTag, String profile, int targetPairs,
                            int maxAttempts, boolean keepConsistent, String settingsJson, String status, int attempted,
                            Instant createdAt) {
  /** Status of a run that is going on or was stopped without finishing (crash, kill, cancel). */
  public static final String RUNNING = "running";
  /** Status of a run that stored its target. */
  public static final String COMPLETED = "completed";
  /** Status of a run that used up its attempts short of the target. */
  public static final String SHORT = "short";
}
