package dev.evenhand.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Turns the JSON object of a reply into a value of one step, validating it against the step's fields.
 *
 * @param <T> the step's result
 */
public interface ReplyParser<T> {
  /**
   * @param object the reply's JSON object
   * @return the value
   * @throws SchemaMismatch when a field is missing, of the wrong type, or outside the allowed values
   */
  T parse(JsonNode object) throws SchemaMismatch;

  /**
   * The plain-text fallback, used when the reply holds no JSON object. It reads an explicit answer line
   * only (METHOD.md: anything else is INVALID, never a guess).
   *
   * @param content the reply text
   * @return the value, or empty
   */
  default Optional<T> fromPlainText(String content) { return Optional.empty(); }

  /** A reply whose JSON does not fit the step's schema. */
  final class SchemaMismatch extends Exception {
    /** @param message which field is wrong and how */
    public SchemaMismatch(String message) { super(message); }
  }
}
