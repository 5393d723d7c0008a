package dev.evenhand.exchange;

import java.util.List;
import java.util.Map;

/**
 * An export refused because a file would hold no record: nothing matched, or a {@code --split} left train or test
 * without a pair. Hugging Face {@code datasets} cannot load an empty JSON file (HEAD b7cb10b, src/datasets/packaged_modules/
 * json/json.py: {@code _split_generators} infers the features from the first table of the first file, and an empty file
 * yields none), and a trainer given an empty test split fails at its first evaluation. Nothing was written: no data file,
 * no manifest; files already under those names are untouched and no pair was marked as exported.
 */
public final class EmptyExportException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The parts that would be empty ({@code train}, {@code test}), or {@code all} for an export without a split. */
  private final List<String> emptyParts;
  /** Pairs per file as they would have been written, in file order. */
  private final List<Long> pairs;
  /** Pairs the neutrality gate left out, by reason. */
  private final Map<String, Long> leftOut;

  /**
   * @param message    what happened and what to do
   * @param emptyParts the parts that would be empty, or {@code all}
   * @param pairs      pairs per file as they would have been written
   * @param leftOut    pairs the neutrality gate left out, by reason
   */
  public EmptyExportException(String message, List<String> emptyParts, List<Long> pairs, Map<String, Long> leftOut) {
    super(message);
    this.emptyParts = List.copyOf(emptyParts);
    this.pairs = List.copyOf(pairs);
    this.leftOut = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(leftOut));
  }

  /**
   * @param message a fuller message (the use case adds why nothing matched)
   * @return the same refusal with that message
   */
  public EmptyExportException withMessage(String message) { return new EmptyExportException(message, emptyParts, pairs, leftOut); }

  /** @return the parts that would be empty ({@code train}, {@code test}), or {@code all} */
  public List<String> emptyParts() { return emptyParts; }

  /** @return pairs per file as they would have been written, in file order */
  public List<Long> pairs() { return pairs; }

  /** @return pairs the neutrality gate left out, by reason */
  public Map<String, Long> leftOut() { return leftOut; }

  /** @return true when no pair at all would have been written (not only one side of a split) */
  public boolean nothingWritten() { return pairs.stream().mapToLong(Long::longValue).sum() == 0; }
}
