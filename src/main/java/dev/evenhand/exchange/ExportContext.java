package dev.evenhand.exchange;

/**
 * What every format needs besides the pairs.
 *
 * @param prompts the training prompt template
 * @param recipe  the paper's recipe (balanced judgments) or the CDA baseline (swapped explanations)
 * @param swapper rewrites an explanation of one story for the other story (names and gendered words), for CDA
 * @param options the layout choices of the trainer formats (answer separator, Axolotl type)
 */
public record ExportContext(TrainingPrompts prompts, Recipe recipe, Swapper swapper, TrainerOptions options) {
  /** A context with the default trainer options ({@link TrainerOptions#DEFAULT}). */
  public ExportContext(TrainingPrompts prompts, Recipe recipe, Swapper swapper) { this(prompts, recipe, swapper, TrainerOptions.DEFAULT); }

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

  /**
   * Where a plain-text record ({@code trl-dpo}, {@code trl-sft}) puts the boundary between prompt and answer. TRL joins
   * them by string concatenation before tokenizing ({@code trl/trainer/dpo_trainer.py} and {@code sft_trainer.py} at
   * f2cd57710ae345ea6428ae95363267fcf38a3dc8), so the separator must be in the data. Chat formats need none: the chat
   * template separates the turns.
   */
  public enum AnswerSeparator {
    /**
     * The answer starts with one space, TRL's convention: its examples write {@code {"prompt": "The sky is", "completion":
     * " blue."}} ({@code docs/source/dataset_formats.md}) and {@code extract_prompt} ({@code trl/data_utils.py}) leaves
     * the space before the answer with the answer. The space is part of the trained answer.
     */
    SPACE(" ", ""),
    /**
     * The prompt ends with a newline and the answer starts with its first word; the newline is masked with the prompt.
     * A newline at the answer's start would join the prompt's full stop into one Llama 3 token ({@code ".\n"}), so it
     * goes at the prompt's end.
     */
    NEWLINE("", "\n");

    private final String beforeAnswer;
    private final String afterPrompt;

    AnswerSeparator(String beforeAnswer, String afterPrompt) {
      this.beforeAnswer = beforeAnswer;
      this.afterPrompt = afterPrompt;
    }

    /** @param prompt a training prompt @return it as a plain-text record carries it */
    public String prompt(String prompt) { return prompt + afterPrompt; }

    /** @param answer a chosen, rejected or completion text @return it as a plain-text record carries it */
    public String answer(String answer) { return beforeAnswer + answer; }

    /** The formats whose records carry the separator (plain-text prompt and answer); the others ignore it. */
    public static final java.util.List<String> FORMATS = java.util.List.of("trl-dpo", "trl-sft");

    /** @return the option value, e.g. {@code space} */
    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
  }

  /**
   * The layout choices of the trainer formats; each has the consumer's conventional default.
   *
   * @param separator   the boundary between prompt and answer in {@code trl-dpo} and {@code trl-sft}
   * @param axolotlType the Axolotl dataset type printed in an {@code axolotl-dpo} manifest ({@link AxolotlConfig.Type#AUTO}: by
   *                    the model family that judged the pairs)
   */
  public record TrainerOptions(AnswerSeparator separator, AxolotlConfig.Type axolotlType) {
    /** A space before the answer; the Axolotl type chosen by model family. */
    public static final TrainerOptions DEFAULT = new TrainerOptions(AnswerSeparator.SPACE, AxolotlConfig.Type.AUTO);

    public TrainerOptions {
      java.util.Objects.requireNonNull(separator, "separator");
      java.util.Objects.requireNonNull(axolotlType, "axolotlType");
    }
  }
}
