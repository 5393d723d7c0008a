package dev.evenhand.domain;

import java.util.Objects;

/**
 * A lint finding in a balanced judgment, as the review history keeps it when a reviewer accepts the text
 * anyway (an override, issue 12): which story's balanced judgment, the word and why it was flagged.
 *
 * @param story  the story whose balanced judgment holds the word
 * @param word   the word as written, e.g. {@code she} or {@code Ann's}
 * @param reason why: {@code protagonist's name}, {@code gendered pronoun} or {@code gendered word}
 *               ({@code dev.evenhand.method.BalancedLint})
 */
public record GenderedWord(Gender story, String word, String reason) {
  public GenderedWord {
    Objects.requireNonNull(story, "story");
    Objects.requireNonNull(word, "word");
    reason = reason == null ? "" : reason;
  }

  /** @return e.g. {@code "he" in the male story's text (gendered pronoun)} */
  @Override
  public String toString() { return "\"" + word + "\" in the " + story.label() + " story's text" + (reason.isEmpty() ? "" : " (" + reason + ")"); }
}
