package dev.evenhand.usecase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.ServerModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the Models screen and the {@code models} / {@code pull} commands show about the Ollama server:
 * its models ({@code /api/tags}), a model's context length and capabilities ({@code /api/show}), the
 * loaded models ({@code /api/ps}) and pulls ({@code /api/pull}). Every method may block and throws
 * {@link dev.evenhand.llm.OllamaException} when the server does not answer.
 */
public final class ModelsService {
  private final Supplier<OllamaAdmin> admin;

  /** @param admin gives the admin client of the primary Ollama URL */
  public ModelsService(Supplier<OllamaAdmin> admin) { this.admin = admin; }

  /**
   * A model with the details {@code /api/show} adds.
   *
   * @param contextLength the model's context length in tokens ({@code <arch>.context_length}), 0 when not reported
   * @param capabilities  e.g. completion, tools, thinking
   */
  public record Details(long contextLength, List<String> capabilities) {}

  /**
   * A model loaded in memory.
   *
   * @param tag       model tag
   * @param sizeBytes its size in memory
   * @param vramBytes the part in GPU memory
   * @param expiresAt when Ollama unloads it (ISO time), empty when never
   */
  public record Loaded(String tag, long sizeBytes, long vramBytes, String expiresAt) {
    /** @return true when part of the model runs on the CPU (size_vram < size, OLLAMA.md): generation is slow */
    public boolean partlyOnCpu() { return vramBytes < sizeBytes; }

    /** @return the share in GPU memory, 0 to 1 */
    public double gpuShare() { return sizeBytes == 0 ? 1 : (double) vramBytes / sizeBytes; }
  }

  /** @return the server's URL */
  public String url() { return admin.get().baseUrl(); }

  /** @return the server's version */
  public String version() { return admin.get().version(); }

  /** @return the models the server has */
  public List<ServerModel> models() { return admin.get().tags(); }

  /** @return context length and capabilities of a model */
  public Details details(String tag) {
    JsonNode show = admin.get().show(tag);
    long ctx = 0;
    for (Iterator<String> it = show.path("model_info").fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (k.endsWith(".context_length")) ctx = show.path("model_info").path(k).asLong();
    }
    List<String> caps = new ArrayList<>();
    show.path("capabilities").forEach(c -> caps.add(c.asText()));
    return new Details(ctx, caps);
  }

  /** @return the models loaded now */
  public List<Loaded> loaded() {
    List<Loaded> out = new ArrayList<>();
    for (JsonNode m : admin.get().ps().path("models")) {
      out.add(new Loaded(m.path("name").asText(m.path("model").asText("")), m.path("size").asLong(0),
          m.path("size_vram").asLong(0), m.path("expires_at").asText("")));
    }
    return out;
  }

  /**
   * Pulls a model; see {@link OllamaAdmin#pull}.
   *
   * @return true when pulled, false when cancelled
   */
  public boolean pull(String tag, Consumer<OllamaAdmin.PullProgress> progress, BooleanSupplier cancelled) {
    return admin.get().pull(tag, progress, cancelled);
  }
}
