package dev.evenhand.usecase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.ServerModel;
import java.util.ArrayList;
import dev.evenhand.llm.OllamaException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
  private final Supplier<List<OllamaAdmin>> hosts;

  /** @param admin gives the admin client of the one Ollama URL asked (the primary) */
  public ModelsService(Supplier<OllamaAdmin> admin) {
    this.admin = admin;
    this.hosts = () -> List.of(admin.get());
  }

  /** @param targets the Ollama URLs: the primary for one server's calls, all of them for {@link #listAll()} */
  public ModelsService(ModelTargets targets) {
    this.admin = targets::primary;
    this.hosts = () -> targets.urls().stream().map(OllamaAdmin::new).toList();
  }

  /**
   * @param tag a model tag as given
   * @return true when it can be a model tag: not blank, no white space
   */
  public static boolean isTag(String tag) { return !tag.isBlank() && tag.chars().noneMatch(Character::isWhitespace); }

  /**
   * One server's models.
   *
   * @param url     the server
   * @param version its Ollama version, empty when it gives none
   * @param models  its models ({@code /api/tags})
   * @param loaded  the ones loaded now ({@code /api/ps}), by tag
   */
  public record HostModels(String url, String version, List<ServerModel> models, Map<String, Loaded> loaded) {}

  /**
   * What every server has.
   *
   * @param hosts    the servers that answered, in the order of the URLs
   * @param failures why the others did not (at least one server answered)
   */
  public record Listing(List<HostModels> hosts, List<OllamaException> failures) {}

  /**
   * Asks every server for its models and the loaded ones. A server that does not answer is a failure in
   * the listing while another answers.
   *
   * @return the listing
   * @throws OllamaException the first server's failure when none answers
   */
  public Listing listAll() {
    List<HostModels> answered = new ArrayList<>();
    List<OllamaException> failures = new ArrayList<>();
    for (OllamaAdmin a : hosts.get()) {
      try {
        String version = a.version();
        List<ServerModel> models = a.tags();
        Map<String, Loaded> loaded = new LinkedHashMap<>();
        for (Loaded l : loaded(a)) loaded.put(l.tag(), l);
        answered.add(new HostModels(a.baseUrl(), version, models, loaded));
      } catch (OllamaException e) {
        failures.add(e);
      }
    }
    if (answered.isEmpty() && !failures.isEmpty()) throw failures.get(0);
    return new Listing(answered, failures);
  }

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
  public List<Loaded> loaded() { return loaded(admin.get()); }

  private static List<Loaded> loaded(OllamaAdmin admin) {
    List<Loaded> out = new ArrayList<>();
    for (JsonNode m : admin.ps().path("models")) {
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
