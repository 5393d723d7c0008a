package dev.evenhand.usecase;

import dev.evenhand.domain.FaultKind;
import dev.evenhand.domain.ModelRef;
import dev.evenhand.llm.HostPool;
import dev.evenhand.llm.ModelProfile;
import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checks a model tag against every Ollama host and builds the host pool a batch runs on (generation,
 * audit, regenerate). The CLI contract (DESIGN.md) requires the tag to be checked against the server's
 * {@code /api/tags} before anything else.
 */
public final class ModelTargets {
  /** How often a host that stopped answering is asked again (OLLAMA.md: a restarting server is back in seconds). */
  private static final Duration HOST_RECHECK = Duration.ofSeconds(3);

  private final List<String> ollamaUrls;
  private final Resources resources;
  private final String profileOverride;
  private final int defaultParallel;

  /**
   * @param ollamaUrls      resolved Ollama base URLs, the first is the primary (not empty)
   * @param resources       packed and overridden resources ({@code models/})
   * @param profileOverride the profile folder chosen in the settings, or empty for the one named by the tag
   * @param defaultParallel requests in flight per host when a batch names none (the {@code parallel} setting), 1 to 64
   * @throws IllegalArgumentException when no URL is given
   */
  public ModelTargets(List<String> ollamaUrls, Resources resources, String profileOverride, int defaultParallel) {
    if (ollamaUrls.isEmpty()) throw new IllegalArgumentException("no Ollama URL");
    this.ollamaUrls = List.copyOf(ollamaUrls);
    this.resources = resources;
    this.profileOverride = profileOverride == null ? "" : profileOverride;
    this.defaultParallel = defaultParallel;
  }

  /** @return requests in flight per host when a batch names none (the {@code parallel} setting) */
  public int defaultParallel() { return defaultParallel; }

  /** @return the resolved Ollama base URLs, first is the primary */
  public List<String> urls() { return ollamaUrls; }

  /** @return packed and overridden resources ({@code models/}, {@code datasets/}) */
  public Resources resources() { return resources; }

  /** @return an admin client for the primary Ollama URL */
  public OllamaAdmin primary() { return new OllamaAdmin(ollamaUrls.get(0)); }

  /**
   * @return the model tag used where none is given: {@code default_model} of {@code models/default/profile.json},
   *         the one place it is written
   */
  public String defaultModelTag() { return ModelProfile.defaultModelTag(resources); }

  /**
   * Checks every Ollama host for the model (version and tags first) and builds the host pool of a batch.
   * Hosts that do not answer or lack the model are left out, with a note in {@code notes}; close the
   * returned target's pool after the batch.
   *
   * @param tag      the model tag
   * @param parallel requests in flight per host, 1 to 64
   * @param maxPause how long a batch waits while every host is away before it stops
   * @param notes    receives one line per host left out
   * @return the target
   * @throws OllamaException UNREACHABLE when no host answers, MODEL_NOT_FOUND when none has the model
   */
  public GenerationService.Target target(String tag, int parallel, Duration maxPause, Consumer<String> notes) {
    List<HostPool.Host> hosts = new ArrayList<>();
    OllamaException first = null;
    for (String url : ollamaUrls) {
      try {
        OllamaAdmin admin = new OllamaAdmin(url);
        OllamaAdmin.Preflight p = admin.preflight(tag);
        hosts.add(new HostPool.Host(url, new ModelRef(tag, p.model().digest(), p.ollamaVersion()), admin.contextLength(tag)));
      } catch (OllamaException e) {
        if (first == null || (first.kind() == FaultKind.UNREACHABLE && e.kind() != first.kind())) first = e;
        if (ollamaUrls.size() > 1) notes.accept("left out " + url + ": " + e.getMessage());
      }
    }
    if (hosts.isEmpty()) throw first;
    HostPool pool = new HostPool(hosts, parallel, HOST_RECHECK, maxPause, ModelTargets::answers);
    return new GenerationService.Target(pool, profile(tag), tag);
  }

  /** @return the paper protocol's audit settings for a tag ({@link dev.evenhand.llm.PaperProtocol}) */
  public dev.evenhand.llm.PaperProtocol paperProtocol(String tag) { return dev.evenhand.llm.PaperProtocol.forTag(resources, tag, profileOverride); }

  /** @return the model profile for a tag ({@code models/default} when the tag has none) */
  public ModelProfile profile(String tag) { return ModelProfile.forTag(resources, tag, profileOverride); }

  /** @return the server's state: version and models, or why it could not be reached (never throws) */
  public ServerState check() {
    OllamaAdmin admin = primary();
    try {
      String version = admin.version();
      List<String> tags = admin.tags().stream().map(dev.evenhand.llm.ServerModel::tag).toList();
      return new ServerState(admin.baseUrl(), true, version, tags, "");
    } catch (OllamaException e) {
      return new ServerState(admin.baseUrl(), false, "", List.of(), e.getMessage());
    }
  }

  private static boolean answers(String url) {
    try {
      new OllamaAdmin(url).version();
      return true;
    } catch (OllamaException e) {
      return false;
    }
  }
}
