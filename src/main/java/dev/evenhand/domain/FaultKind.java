package dev.evenhand.domain;

import java.util.Locale;

/**
 * Why a model call (or an attempt built on it) produced nothing usable. The numbers in the
 * descriptions are the fault kinds of OLLAMA.md; kinds 1, 2, 3 and 6 are read correctly and are not
 * faults. The {@link #label()} is what the {@code generate} summary counts under {@code "failed"}.
 */
public enum FaultKind {
  /** Kind 4: output cut at num_predict mid-JSON, still cut after one retry with a larger budget. */
  TRUNCATED,
  /** Kind 5 and any other text that holds no readable JSON object. */
  INVALID_JSON,
  /** Valid JSON that lacks a required field or has a value outside the allowed set. */
  SCHEMA_MISMATCH,
  /** Kind 7: an {@code {"error"}} line after HTTP 200, or a stream that ended without {@code done:true}. */
  STREAM_ERROR,
  /** Kind 8: HTTP 5xx (runner crash) after the bounded retries. */
  SERVER_ERROR,
  /** Kind 8: HTTP 503 "server busy" after the bounded retries. */
  SERVER_BUSY,
  /** The call took longer than the per-call timeout, after the bounded retries. */
  TIMEOUT,
  /** The connection dropped mid-call, after the bounded retries. */
  DROPPED_CONNECTION,
  /** HTTP 400: bad request or a capability the model lacks; never retried. */
  BAD_REQUEST,
  /** Kind 9: HTTP 404, the model is not on the server; never retried. */
  MODEL_NOT_FOUND,
  /** Kind 10: nothing listens at the Ollama URL. */
  UNREACHABLE,
  /** Fidelity check: ROUGE-1 below the lower bound (the stories are not the same story). */
  FIDELITY_LOW,
  /** Fidelity check: ROUGE-1 above the upper bound (copied without changing the gender). */
  FIDELITY_HIGH,
  /** The new story is a near-duplicate of a story already stored for the run. */
  DUPLICATE,
  /**
   * The model answered only in its reasoning ({@code message.thinking}) and left {@code content} empty
   * (OLLAMA.md, {@code /api/chat}: thinking models put their reasoning there): nothing to read. Raise
   * the step's num_predict or turn thinking off.
   */
  THINKING_ONLY,
  /**
   * The prompt and the tokens to generate do not fit the model's context length, so Ollama would cut the
   * prompt silently (OLLAMA.md: a longer prompt is cut unless {@code truncate:false}); the call was not sent.
   */
  PROMPT_TOO_LONG;

  /** @return lower-case label, e.g. {@code server_busy} */
  public String label() { return name().toLowerCase(Locale.ROOT); }

  /** @return the kind of a stored label such as {@code server_busy}, any case @throws IllegalArgumentException for any other text */
  public static FaultKind parse(String label) { return Labels.parse(values(), label, FaultKind::label, "fault kind"); }

  /**
   * @return true for faults that a retry after a pause can cure: 5xx, 503, timeout, a dropped connection,
   *     and a stream that broke off or reported an error mid-reply (Ollama's runner died mid-generation)
   */
  public boolean transientFault() {
    return this == SERVER_ERROR || this == SERVER_BUSY || this == TIMEOUT || this == DROPPED_CONNECTION || this == STREAM_ERROR;
  }

  /**
   * @return true when a complete reply of the model arrived but could not be read (cut at num_predict,
   *     no JSON, wrong fields, only reasoning): the model's own answer, which an audit stores as INVALID.
   *     False for every fault where the model never answered (server errors, timeouts, dropped
   *     connections, broken streams, refused requests), which must never be counted as the model's answer.
   */
  public boolean modelAnswered() {
    return this == TRUNCATED || this == INVALID_JSON || this == SCHEMA_MISMATCH || this == THINKING_ONLY;
  }

  /** @return true when the whole batch must stop or wait: the server is gone or lacks the model */
  public boolean stopsTheBatch() { return this == UNREACHABLE || this == MODEL_NOT_FOUND; }
}
