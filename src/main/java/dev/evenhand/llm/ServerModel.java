package dev.evenhand.llm;

/**
 * One model the Ollama server has, from {@code GET /api/tags}.
 *
 * @param tag           model tag, e.g. {@code llama3.1:8b}
 * @param digest        sha256 digest (hex)
 * @param sizeBytes     size on disk in bytes
 * @param family        model family, e.g. {@code llama}
 * @param parameterSize e.g. {@code 8.0B}
 * @param quantization  e.g. {@code Q4_K_M}
 */
public record ServerModel(String tag, String digest, long sizeBytes, String family, String parameterSize,
                          String quantization) {
  /**
   * @param wanted a tag as the user typed it; {@code llama3.1} means {@code llama3.1:latest} (Ollama's rule)
   * @return true when this model answers to that tag
   */
  public boolean answersTo(String wanted) {
    String w = wanted.contains(":") ? wanted : wanted + ":latest";
    String t = tag.contains(":") ? tag : tag + ":latest";
    return w.equals(t);
  }
}
