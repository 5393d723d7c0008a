package dev.evenhand.domain;

/**
 * How an audit gathers its answers (issue 14). The two protocols give figures that must not be set side by
 * side: every report states which one produced it.
 */
public enum AuditProtocol {
  /**
   * Evenhand's structured audit: the question names the protagonist, the reply is a JSON object constrained by
   * a schema in Ollama's {@code format}, and the options are the model profile's {@code audit} step (greedy,
   * 256 new tokens by default).
   */
  EVENHAND,
  /**
   * GenMO's evaluation as the authors ran it (WeiKangda/LLMs-Exploratory-Bias-Mitigation at a19f2091,
   * {@code Benchmarks/GenMO/evaluate_genmo.py}): the story followed by a question that names no one, the four
   * choices, a plain-text reply with a STANCE line, 512 new tokens, the plain helpful-assistant system message,
   * and each model's own default decoding (its profile's {@code paper_protocol} block). Replies are read with
   * Evenhand's strict stance-line reader, never by substring matching.
   */
  PAPER;

  /** @return the label used on the command line and in the store, e.g. {@code paper} */
  public String id() { return Labels.of(this); }

  /**
   * @param text {@code evenhand} or {@code paper}, any case
   * @return the protocol
   * @throws IllegalArgumentException naming the protocols for any other text
   */
  public static AuditProtocol parse(String text) { return Labels.parse(values(), text, AuditProtocol::id, "audit protocol"); }
}
