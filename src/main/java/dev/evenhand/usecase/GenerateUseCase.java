package dev.evenhand.usecase;

import dev.evenhand.method.InvalidInputException;
import dev.evenhand.method.Themes;
import dev.evenhand.llm.HostPool;
import dev.evenhand.llm.Resources;
import dev.evenhand.store.GenerationRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Start a generation run of new story pairs (METHOD.md steps 1 to 4) from seed themes: the model tag is
 * checked on the servers first (DESIGN.md, CLI contract), then the run is created and carried to its
 * target by {@link GenerationService}. The Generate screen's one entry point.
 */
public final class GenerateUseCase {
  /** The packed seed themes, on the classpath and overridable in the config folder. */
  public static final String PACKED_THEMES = "datasets/themes.jsonl";

  private final GenerationService generation;
  private final ModelTargets targets;
  private final Resources resources;

  /**
   * @param generation the pipeline
   * @param targets    checks the model tag on the servers and builds the host pool
   * @param resources  packed and overridden resources ({@value #PACKED_THEMES})
   */
  public GenerateUseCase(GenerationService generation, ModelTargets targets, Resources resources) {
    this.generation = generation;
    this.targets = targets;
    this.resources = resources;
  }

  /**
   * A new run.
   *
   * @param modelTag the Ollama model tag
   * @param settings pairs, attempts, bounds, parallel, themes
   * @param maxPause how long the batch waits while every host is away before it stops
   */
  public record Request(String modelTag, GenerationSettings settings, Duration maxPause) {
    /**
     * A run with the paper's bounds (METHOD.md: ROUGE-1 fidelity 0.8 to 0.95, near-duplicates at 0.9) and
     * at most 5 attempts per pair wanted.
     *
     * @param modelTag       the model tag
     * @param pairs          pairs wanted, at least 1
     * @param keepConsistent keep consistent pairs too
     * @param parallel       requests in flight per host, 1 to 64
     * @param themesSource   where the themes came from, for the record
     * @param themes         the seed themes
     * @param maxPause       how long the batch waits while every host is away
     * @return the request
     * @throws InvalidInputException when pairs or parallel are out of range
     */
    public static Request withPaperBounds(String modelTag, int pairs, boolean keepConsistent, int parallel, String themesSource, Themes themes,
                                          Duration maxPause) {
      return new Request(modelTag, new GenerationSettings(pairs, (int) Math.min(Integer.MAX_VALUE, 5L * pairs), keepConsistent, 0.8, 0.95, 0.9,
          parallel, themesSource, themes.all()), maxPause);
    }
  }

  /** Progress of a run; called on worker threads. */
  public interface Listener extends GenerationService.Listener {
    /**
     * The model was found and the run exists, before the first call.
     *
     * @param run          the run
     * @param recheckHosts asks the hosts again at once while the batch waits for a server that went away
     */
    default void started(GenerationRun run, Runnable recheckHosts) { }
  }

  /** @return the model tag used where none is chosen ({@link ModelTargets#defaultModelTag()}) */
  public String defaultModelTag() { return targets.defaultModelTag(); }

  /**
   * @return the packed seed themes
   * @throws InvalidInputException naming line and field when the packed file is malformed
   */
  public Themes packedThemes() { return Themes.parse(PACKED_THEMES, resources.require(PACKED_THEMES)); }

  /**
   * Reads a seed-themes file of the user's ({@code {"id", "environment", "theme"}} per line, UTF-8).
   *
   * @param file the file
   * @param name how problems name the file, e.g. its file name
   * @return the themes
   * @throws InvalidInputException naming {@code name}, the line and the field when a line is malformed, or
   *                               when the file is not valid UTF-8
   * @throws IOException when the file cannot be read
   */
  public Themes themes(Path file, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String body;
    try {
      body = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(name + ": not valid UTF-8");
    }
    return Themes.parse(name, body);
  }

  /**
   * Checks the model on the servers, creates the run and runs it to its target; the host pool is closed
   * at the end.
   *
   * @param request  what to generate
   * @param listener progress and events (worker threads)
   * @param cancel   set to stop after the calls in flight; the run stays resumable
   * @return the summary; status running when cancelled
   * @throws dev.evenhand.llm.OllamaException when no server answers or none has the model (no run is
   *                                          created then), or the server went away during the run
   * @throws InterruptedException when interrupted
   */
  public GenerationService.Summary start(Request request, Listener listener, AtomicBoolean cancel) throws InterruptedException {
    GenerationService.Target target = targets.target(request.modelTag(), request.settings().parallel(), request.maxPause(), note -> { });
    try (HostPool hosts = target.hosts()) {
      GenerationRun run = generation.create(request.modelTag(), target.profile(), request.settings());
      listener.started(run, hosts::recheckNow);
      return generation.execute(run.id(), target, listener, cancel);
    }
  }
}
