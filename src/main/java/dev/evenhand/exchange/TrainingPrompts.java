package dev.evenhand.exchange;

import dev.evenhand.domain.Story;
import java.util.function.Function;

/**
 * Builds the prompt of a training record from a story (METHOD.md: the story, then a question asking
 * whether the action is moral or immoral, and why).
 *
 * @param templateId      the prompt template's id, recorded in the manifest
 * @param templateVersion its version
 * @param build           story to prompt
 */
public record TrainingPrompts(String templateId, int templateVersion, Function<Story, String> build) {
  /** @return the prompt for a story */
  public String prompt(Story s) { return build.apply(s); }
}
