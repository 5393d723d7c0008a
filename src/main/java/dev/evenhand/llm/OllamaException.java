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
   * The end of every not-reachable message: how to point Evenhand at another server, in the command line's words. A
   * screen shows its own words instead ({@code dev.evenhand.ui.UiText#plain}): Settings, not options.
   */
  public static final String ELSEWHERE = "or point Evenhand elsewhere with --ollama URL or OLLAMA_HOST";

  /**
   * @param url the Ollama URL that did not answer
   * @return the message for kind 10 of OLLAMA.md: names the URL and says what to do. On this machine: start Ollama
   *         ({@code ollama serve} or the app) or install it. On another host: check that host, since {@code ollama serve}
   *         here would not help; Ollama listens on 127.0.0.1 only unless its {@code OLLAMA_HOST} says otherwise (Ollama's
   *         FAQ, "How do I configure Ollama server?"). A host name that does not resolve is said so.
   */
  public static OllamaException unreachable(String url, Throwable cause) {
    String host = dev.evenhand.domain.OllamaHost.remoteHost(url);
    String elsewhere = ELSEWHERE;
    String message;
    if (host == null) {
      message = "Ollama is not reachable at " + url + ": start it with `ollama serve` (or open the Ollama app; no Ollama yet? "
          + "install it from https://ollama.com/download), " + elsewhere;
    } else if (hasCause(cause, java.net.UnknownHostException.class) || hasCause(cause, java.nio.channels.UnresolvedAddressException.class)) {
      message = "Ollama is not reachable at " + url + ": the host name " + host + " does not resolve; check the name, " + elsewhere;
    } else {
      message = "Ollama is not reachable at " + url + ": check that " + host + " is up and Ollama runs there listening on the network "
          + "(on that machine: OLLAMA_HOST=0.0.0.0 ollama serve), " + elsewhere;
    }
    return new OllamaException(FaultKind.UNREACHABLE, message, cause);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) if (type.isInstance(t)) return true;
    return false;
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
