package dev.evenhand.exchange;

/**
 * What every format needs besides the pairs.
 *
 * @param prompts the training prompt template
 * @param recipe  the paper's recipe (balanced judgments) or the CDA baseline (swapped explanations)
 * @param swapper rewrites an explanation of one story for the other story (names and gendered words), for CDA
 */
public record ExportContext(TrainingPrompts prompts, Recipe recipe, Swapper swapper) {
  /** Rewrites a text about one story's protagonist for the other story's (METHOD.md, the CDA baseline). */
  @FunctionalInterface
  public interface Swapper {
    /**
     * @param text the explanation written for {@code from}
     * @param from the story it was written for
     * @param to   the story it is rewritten for
     * @return the text with the protagonist's name and gendered words swapped
     */
    String swap(String text, dev.evenhand.domain.Story from, dev.evenhand.domain.Story to);
  }

  /** The data recipes of METHOD.md. */
  public enum Recipe {
    /** The paper's: chosen = the balanced judgment, rejected = the model's own explanation. */
    PAPER,
    /** Counterfactual data augmentation: each story with its own and the other story's explanation, names and pronouns swapped. */
    CDA
  }
}
