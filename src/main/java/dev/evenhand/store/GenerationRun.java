package dev.evenhand.store;

import dev.evenhand.domain.RunStatus;
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
 * @param status         running (also when stopped without finishing: resumable), completed, or short (attempts ran out)
 * @param attempted      story-pair requests made so far
 * @param createdAt      when it started
 */
public record GenerationRun(long id, long setId, String setName, String modelTag, String profile, int targetPairs,
                            int maxAttempts, boolean keepConsistent, String settingsJson, RunStatus status, int attempted,
                            Instant createdAt) {}
