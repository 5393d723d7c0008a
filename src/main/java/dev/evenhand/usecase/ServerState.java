package dev.evenhand.usecase;

import java.util.List;

/**
 * What the GUI shows about the Ollama server: reachable or not, its version and its models.
 *
 * @param url       the Ollama base URL
 * @param reachable true when {@code /api/version} answered
 * @param version   the server's version, empty when unreachable
 * @param models    model tags from {@code /api/tags}
 * @param message   a plain sentence for the researcher when something is wrong, empty otherwise
 */
public record ServerState(String url, boolean reachable, String version, List<String> models, String message) {
  public ServerState {
    models = List.copyOf(models);
  }
}
