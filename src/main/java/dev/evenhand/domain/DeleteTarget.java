package dev.evenhand.domain;

import java.util.Arrays;

/** What {@code evenhand delete} (and the Settings screen's delete) removes: a generation run, an audit run or a pair set. */
public enum DeleteTarget {
  /** A generation run, named by its id; accepted pairs are kept unless asked otherwise. */
  RUN("run"),
  /** An audit run, named by its id, with its answers. */
  AUDIT("audit"),
  /** A pair set, named by its name; accepted pairs are kept unless asked otherwise. */
  SET("set");

  private final String word;

  DeleteTarget(String word) { this.word = word; }

  /** @return the word of the CLI: {@code run}, {@code audit} or {@code set} */
  public String word() { return word; }

  /** @return true when it is named by an id rather than a name */
  public boolean byId() { return this != SET; }

  /** @return true when deleting it deletes story pairs (and so may keep accepted ones) */
  public boolean hasPairs() { return this != AUDIT; }

  /**
   * @param word exactly {@code run}, {@code audit} or {@code set} (DESIGN.md's CLI contract: no other spelling)
   * @return the target
   * @throws IllegalArgumentException naming the words accepted when it is none of them
   */
  public static DeleteTarget of(String word) {
    return Arrays.stream(values()).filter(t -> t.word.equals(word)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("delete: WHAT is run, audit or set (got '" + word + "')"));
  }

  @Override
  public String toString() { return word; }
}
