package dev.evenhand.domain;

import java.util.Objects;

/**
 * One story of a story pair.
 *
 * @param gender the protagonist's gender
 * @param name   the protagonist's name; empty for a first-person story (GenMO)
 * @param text   the story text
 */
public record Story(Gender gender, String name, String text) {
  public Story {
    Objects.requireNonNull(gender, "gender");
    name = name == null ? "" : name;
    Objects.requireNonNull(text, "text");
  }
}
