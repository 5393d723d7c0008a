package dev.evenhand.domain;

import java.time.Instant;

/**
 * One chat call as it happened on the wire, before its content is read.
 *
 * @param hostUrl     the Ollama base URL
 * @param requestBody the JSON sent to {@code /api/chat}
 * @param rawReply    the raw response body (or the error body), null when nothing came back
 * @param content     the assistant message content, null when the call failed
 * @param doneReason  Ollama's done_reason ({@code stop} or {@code length}), null when absent
 * @param timings     Ollama's timings
 * @param fault       the transport or server fault, or null when a complete reply arrived
 * @param error       a one-line description of the fault, null when none
 * @param startedAt   when the call started
 * @param wallMs      wall-clock time of the call in milliseconds
 * @param thinking    the model's reasoning from {@code message.thinking} (OLLAMA.md), null when none came
 */
public record ChatExchange(String hostUrl, String requestBody, String rawReply, String content, String doneReason,
                           Timings timings, FaultKind fault, String error, Instant startedAt, long wallMs, String thinking) {
  /** An exchange without reasoning ({@code message.thinking} absent). */
  public ChatExchange(String hostUrl, String requestBody, String rawReply, String content, String doneReason, Timings timings,
                      FaultKind fault, String error, Instant startedAt, long wallMs) {
    this(hostUrl, requestBody, rawReply, content, doneReason, timings, fault, error, startedAt, wallMs, null);
  }

  /** @return true when a complete reply arrived (its content may still be unreadable) */
  public boolean arrived() { return fault == null; }
}
