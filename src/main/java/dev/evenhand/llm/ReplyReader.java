package dev.evenhand.llm;
import dev.evenhand.domain.FaultKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;

/**
 * Reads the JSON object out of a model's reply text, robust to what real models send (OLLAMA.md,
 * kinds 1 to 6): markdown fences (1), text or a second object after the JSON (2), endless whitespace
 * after it (3), reasoning before it, with or without {@code <think>} tags (6). A reply cut mid-JSON with
 * done_reason "length" is a truncation (4), not bad JSON. A doubled opening brace (5) is a parse failure
 * and is never repaired. The object must start at the first '{' after any reasoning: nothing is guessed.
 */
public final class ReplyReader {
  private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");
  private static final Pattern OPEN_THINK = Pattern.compile("(?s)^\\s*<think>.*");
  private final ObjectMapper json = new ObjectMapper();

  /**
   * What was read.
   *
   * @param object the JSON object, or null when none could be read
   * @param fault  null when read; TRUNCATED or INVALID_JSON otherwise
   * @param detail a short description of the problem, or of what was tolerated
   */
  public record Read(JsonNode object, FaultKind fault, String detail) {
    /** @return true when an object was read */
    public boolean ok() { return object != null; }
  }

  /**
   * @param content    the assistant message content
   * @param doneReason Ollama's done_reason, may be null
   * @return the object, or the fault
   */
  public Read read(String content, String doneReason) { return read(content, doneReason, null); }

  /**
   * As {@link #read(String, String)}, knowing the model's reasoning from {@code message.thinking}. A reply
   * whose content is empty while its reasoning is not is the model answering only in its reasoning: when
   * num_predict ran out ({@code done_reason "length"}) a {@link FaultKind#TRUNCATED} reply (the reasoning
   * used up the budget), else {@link FaultKind#THINKING_ONLY}. Nothing is read out of the reasoning.
   *
   * @param content    the assistant message content
   * @param doneReason Ollama's done_reason, may be null
   * @param thinking   the reasoning, null or empty when none came
   * @return the object, or the fault
   */
  public Read read(String content, String doneReason, String thinking) {
    boolean cut = "length".equals(doneReason);
    if ((content == null || content.isBlank()) && thinking != null && !thinking.isBlank()) {
      return cut
          ? new Read(null, FaultKind.TRUNCATED, "the model's reasoning (its thinking field) used up num_predict before any answer")
          : new Read(null, FaultKind.THINKING_ONLY, "the model answered only in its reasoning (the thinking field) and left the answer "
              + "empty: raise the step's num_predict or turn thinking off for this model");
    }
    String s = THINK.matcher(content == null ? "" : content).replaceAll("");
    if (OPEN_THINK.matcher(s).matches()) {
      return new Read(null, cut ? FaultKind.TRUNCATED : FaultKind.INVALID_JSON, "the reply is reasoning that never reached an answer");
    }
    int start = s.indexOf('{');
    if (start < 0) {
      return new Read(null, cut ? FaultKind.TRUNCATED : FaultKind.INVALID_JSON, "the reply holds no JSON object");
    }
    if (s.startsWith("{{", start) || s.substring(start + 1).stripLeading().startsWith("{")) {
      return new Read(null, FaultKind.INVALID_JSON, "the reply opens with a doubled brace '{{' (not repaired)");
    }
    int end = matchingBrace(s, start);
    if (end < 0) {
      return new Read(null, cut ? FaultKind.TRUNCATED : FaultKind.INVALID_JSON,
          cut ? "the reply was cut at num_predict inside the JSON" : "the JSON object is not closed");
    }
    try {
      JsonNode n = json.readTree(s.substring(start, end + 1));
      if (n == null || !n.isObject()) return new Read(null, FaultKind.INVALID_JSON, "the reply is not a JSON object");
      return new Read(n, null, start > 0 || end + 1 < s.strip().length() ? "text around the JSON was ignored" : "");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return new Read(null, FaultKind.INVALID_JSON, "the JSON does not parse: " + e.getOriginalMessage());
    }
  }

  /** @return the index of the brace closing the one at {@code start}, or -1; braces inside strings are skipped */
  static int matchingBrace(String s, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) return i;
      }
    }
    return -1;
  }
}
