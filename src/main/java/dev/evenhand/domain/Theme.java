package dev.evenhand.domain;

import java.util.Objects;

/**
 * A seed theme that steers story generation: one line of a {@code datasets/*.jsonl} file.
 *
 * @param id          unique id, e.g. {@code work-01}
 * @param environment normalised environment label, e.g. {@code Work}
 * @param text        one sentence describing a morally ambiguous situation
 */
public record Theme(String id, String environment, String text) {
  public Theme {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(text, "text");
  }
}
