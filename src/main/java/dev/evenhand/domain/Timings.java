package dev.evenhand.domain;

/**
 * Ollama's statistics of one call, as the final chat object reports them (durations in nanoseconds,
 * counts in tokens; OLLAMA.md). Null when the server did not report the figure.
 */
public record Timings(Long totalDurationNs, Long loadDurationNs, Integer promptEvalCount, Long promptEvalDurationNs,
                      Integer evalCount, Long evalDurationNs) {
  /** No figures reported. */
  public static final Timings NONE = new Timings(null, null, null, null, null, null);
}
