package dev.evenhand.llm;
import dev.evenhand.domain.FaultKind;

/**
 * A failure talking to Ollama, with its {@link FaultKind} and a one-line message meant for the
 * researcher (it names the URL or the model tag and says what to do).
 */
public class OllamaException extends RuntimeException {
  private final FaultKind kind;

  /**
   * @param kind    what went wrong
   * @param message one line for the researcher
   * @param cause   the underlying error, may be null
   */
  public OllamaException(FaultKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** @return what went wrong */
  public FaultKind kind() { return kind; }

  /**
   * @param url the Ollama URL that did not answer
   * @return the message for kind 10 of OLLAMA.md: names the URL and says how to start Ollama
   */
  public static OllamaException unreachable(String url, Throwable cause) {
    return new OllamaException(FaultKind.UNREACHABLE,
        "Ollama is not reachable at " + url + ": start it with `ollama serve` (or open the Ollama app), "
            + "or point Evenhand elsewhere with --ollama URL or OLLAMA_HOST", cause);
  }

  /**
   * @param tag the model tag the server lacks
   * @return the message for kind 9 of OLLAMA.md: names the tag and the pull command
   */
  public static OllamaException modelNotFound(String tag, String url) {
    return new OllamaException(FaultKind.MODEL_NOT_FOUND,
        "model " + tag + " is not on the Ollama server at " + url + ": get it with `ollama pull " + tag + "`", null);
  }
}
