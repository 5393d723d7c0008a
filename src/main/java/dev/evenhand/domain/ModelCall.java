package dev.evenhand.domain;


import java.util.Map;

/**
 * One call to the model with everything provenance needs (DESIGN.md): model, digest, Ollama version,
 * options, prompt template id and version, the request and the raw reply, timings, done_reason and the
 * outcome. Stored for every call, whether its reply was read or not.
 *
 * @param step     which step made the call
 * @param model    tag, digest and Ollama version
 * @param template the prompt template used
 * @param options  the decoding options sent
 * @param exchange what happened on the wire
 * @param fault    null when the reply was read and valid; else why not
 * @param error    one line describing the fault, null when none
 */
public record ModelCall(Step step, ModelRef model, PromptTemplate template, Map<String, Object> options,
                        ChatExchange exchange, FaultKind fault, String error) {
  /** @return {@link Outcome#OK} when the reply was read, else {@link Outcome#FAILED} */
  public Outcome outcome() { return fault == null ? Outcome.OK : Outcome.FAILED; }
}
