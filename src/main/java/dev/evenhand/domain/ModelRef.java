package dev.evenhand.domain;

import java.util.Objects;

/**
 * Which model produced an output, as the Ollama server reported it.
 *
 * @param tag           Ollama model tag, e.g. {@code llama3.1:8b}
 * @param digest        the model's digest from {@code /api/tags} (sha256 hex), empty when unknown
 * @param ollamaVersion the server's version from {@code /api/version}, empty when unknown
 */
public record ModelRef(String tag, String digest, String ollamaVersion) {
  public ModelRef {
    Objects.requireNonNull(tag, "tag");
    digest = digest == null ? "" : digest;
    ollamaVersion = ollamaVersion == null ? "" : ollamaVersion;
  }
}
