package dev.evenhand.llm;

import java.nio.charset.StandardCharsets;

/**
 * The guard against silent prompt truncation: before a call, the prompt's tokens plus the tokens to
 * generate must fit the context window sent as {@code num_ctx}, because Ollama cuts a longer prompt
 * silently (OLLAMA.md: "a longer prompt is cut silently unless the request sets truncate:false"; the
 * default context is 4096 tokens on most versions).
 *
 * <p>No tokenizer is available, so the prompt's tokens are estimated from above: half its UTF-8 bytes,
 * rounded up, plus {@value #PER_MESSAGE} tokens per message for the chat template's markers. English text
 * averages about 4 bytes per token and CJK about 3 bytes per 1 to 1.5 tokens with the BPE vocabularies of
 * Llama 3, Mistral and Qwen, so the estimate is about twice the real count for English and still above it
 * for CJK; only long runs of rare symbols (one token per byte) could exceed it.
 *
 * <p>When the estimate does not fit, {@code num_ctx} is raised for that call to the next power of two
 * that fits (few distinct sizes, so Ollama reloads the model rarely), up to the model's context length from
 * {@code /api/show} ({@code model_info."<arch>.context_length"}); beyond it, or when that length is not
 * known, the call is refused before it is sent.
 */
public final class ContextBudget {
  /** Tokens added per chat message for the template's role markers (Llama 3 uses 4 to 5). */
  public static final int PER_MESSAGE = 8;

  private ContextBudget() {}

  /**
   * What to do with one call.
   *
   * @param options      the options to send: unchanged, or with a raised num_ctx
   * @param promptTokens the estimated prompt tokens (system and user message)
   * @param needed       promptTokens plus num_predict (when positive), in tokens
   * @param note         null when the call fits as it is; else one line saying what was raised and why
   * @param refusal      null when the call may be sent; else one line saying why it is refused
   */
  public record Fit(StepOptions options, int promptTokens, int needed, String note, String refusal) {
    /** @return true when the call may be sent with {@link #options()} */
    public boolean sendable() { return refusal == null; }
  }

  /**
   * @param text any text, may be null
   * @return the estimated upper bound of its tokens: half its UTF-8 bytes, rounded up (0 for null)
   */
  public static int estimateTokens(String text) {
    if (text == null) return 0;
    long bytes = text.getBytes(StandardCharsets.UTF_8).length;
    return (int) Math.min(Integer.MAX_VALUE, (bytes + 1) / 2);
  }

  /**
   * Checks a call against its context window.
   *
   * @param stepName      the step as the user knows it, for messages (e.g. {@code judgment})
   * @param system        the system message
   * @param prompt        the user message
   * @param options       the step's options (num_ctx from the profile, 4096 by default)
   * @param contextLength the model's context length in tokens, 0 when not known
   * @return the options to send, or a refusal
   */
  public static Fit fit(String stepName, String system, String prompt, StepOptions options, int contextLength) {
    int promptTokens = estimateTokens(system) + estimateTokens(prompt) + 2 * PER_MESSAGE;
    long neededLong = (long) promptTokens + Math.max(0, options.numPredict());
    int needed = (int) Math.min(Integer.MAX_VALUE, neededLong);
    if (needed <= options.numCtx()) return new Fit(options, promptTokens, needed, null, null);
    String what = "the " + stepName + " prompt needs up to about " + needed + " tokens (prompt ~" + promptTokens + " + num_predict "
        + Math.max(0, options.numPredict()) + ")";
    if (contextLength <= 0) {
      return new Fit(options, promptTokens, needed, null, what + ", more than num_ctx " + options.numCtx() + ", and the model's context "
          + "length is not known (Ollama's /api/show gave none), so num_ctx cannot be raised safely: not sent, because Ollama would "
          + "cut the prompt silently; set a larger num_ctx in the model's profile");
    }
    if (needed > contextLength) {
      return new Fit(options, promptTokens, needed, null, what + ", more than the model's context length of " + contextLength
          + " tokens: not sent, because Ollama would cut the prompt silently; shorten the text or lower num_predict");
    }
    int raised = (int) Math.min(contextLength, Long.highestOneBit(needed - 1L) << 1);
    return new Fit(options.withNumCtx(raised), promptTokens, needed, what + ", more than num_ctx " + options.numCtx()
        + ": sent with num_ctx " + raised + " (the model's context length is " + contextLength + ")", null);
  }
}
