package dev.evenhand.usecase;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.method.Themes;
import dev.evenhand.store.GenerationRun;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Generate curated story pairs (METHOD.md steps 1 to 4): start a run, or resume one that stopped, and run
 * it. The one implementation {@code evenhand generate} and the Generate screen call. A session is
 * prepared first ({@link #start} or {@link #resume}: the model checked on every host, the run stored),
 * then run ({@link #run}); the pipeline itself is {@link GenerationService}.
 */
public final class GenerationUseCase {
  private final GenerationService generation;
  private final ModelTargets targets;

  /**
   * @param generation the pipeline (and the store of runs and pairs)
   * @param targets    checks the model on the servers and builds host pools; the packed themes and the saved requests in flight
   */
  public GenerationUseCase(GenerationService generation, ModelTargets targets) {
    this.generation = generation;
    this.targets = targets;
  }

  /**
   * What to generate; null means "not given". Values are checked here, naming the CLI option.
   *
   * @param modelTag           the Ollama model tag; required to start, and when resuming must be the run's own
   * @param pairs              pairs to store (1 to 1,000,000); default 50, or with {@code fromSet} the set's pairs left
   * @param maxAttempts        story-pair requests at most; default 5 × pairs, or with {@code fromSet} the set's pairs left
   * @param parallel           requests in flight per host (1 to 64); default the setting, or a resumed run's own
   * @param keepConsistent     keep consistent pairs too (new runs only)
   * @param fidelityMin        ROUGE-1 lower bound (new runs only)
   * @param fidelityMax        ROUGE-1 upper bound (new runs only)
   * @param duplicateThreshold ROUGE-1 of a near-duplicate (new runs only)
   * @param themesFile         seed themes JSONL, or null for the packed {@code datasets/themes.jsonl} (new runs only)
   * @param fromSet            an imported pair set to curate (steps 2 to 4) instead of writing stories, or null
   */
  public record Request(String modelTag, Integer pairs, Integer maxAttempts, Integer parallel, boolean keepConsistent, double fidelityMin,
                        double fidelityMax, double duplicateThreshold, Path themesFile, String fromSet) {
    /** @throws InvalidInputException naming the option when a number is out of range or the model tag is blank */
    public Request {
      if (parallel != null && (parallel < 1 || parallel > 64)) throw new InvalidInputException("--parallel must be between 1 and 64 (got " + parallel + ")");
      if (pairs != null && (pairs < 1 || pairs > 1_000_000)) throw new InvalidInputException("--pairs must be between 1 and 1,000,000 (got " + pairs + ")");
      if (maxAttempts != null && maxAttempts < 1) throw new InvalidInputException("--max-attempts must be at least 1 (got " + maxAttempts + ")");
      if (modelTag != null && modelTag.isBlank()) throw new InvalidInputException("--model: the model tag is empty");
    }

    /**
     * A new run of the paper's defaults (fidelity 0.8 to 0.95, duplicates at 0.9, 5 attempts per pair, packed themes).
     *
     * @param modelTag the Ollama model tag
     * @param pairs    pairs to store
     * @param parallel requests in flight per host
     * @return the request
     */
    public static Request of(String modelTag, int pairs, int parallel) { return of(modelTag, pairs, parallel, false, null); }

    /**
     * A new run of the paper's bounds (fidelity 0.8 to 0.95, duplicates at 0.9, 5 attempts per pair), as the Generate screen asks.
     *
     * @param modelTag       the Ollama model tag
     * @param pairs          pairs to store
     * @param parallel       requests in flight per host
     * @param keepConsistent keep consistent pairs too
     * @param themesFile     seed themes JSONL, or null for the packed ones
     * @return the request
     * @throws InvalidInputException naming the option when a number is out of range or the model tag is blank
     */
    public static Request of(String modelTag, int pairs, int parallel, boolean keepConsistent, Path themesFile) {
      return new Request(modelTag, pairs, null, parallel, keepConsistent, GenerationSettings.FIDELITY_MIN, GenerationSettings.FIDELITY_MAX,
          GenerationSettings.DUPLICATE_THRESHOLD, themesFile, null);
    }

    /** @return true when it sets something only a new run takes (themes, consistent pairs, fidelity, duplicates) */
    boolean setsNewRunOnly() {
      return themesFile != null || keepConsistent || fidelityMin != GenerationSettings.FIDELITY_MIN
          || fidelityMax != GenerationSettings.FIDELITY_MAX || duplicateThreshold != GenerationSettings.DUPLICATE_THRESHOLD;
    }
  }

  /**
   * A run ready to go: stored, with its model found on the hosts. Close it to release the hosts.
   *
   * @param run    the run
   * @param target hosts, model and profile
   * @param slots  requests in flight per host
   */
  public record Session(GenerationRun run, GenerationService.Target target, int slots) implements AutoCloseable {
    /** Asks the hosts again at once while the run waits for a server that went away (the Generate screen's Retry); returns at once. */
    public void recheckHosts() { target.hosts().recheckNow(); }

    @Override
    public void close() { target.hosts().close(); }
  }

  /**
   * Starts a new run: settings and themes checked, then the model on every host, then the run stored.
   *
   * @param request  what to generate; its model tag is required
   * @param maxPause how long the run waits while every host is away before it stops
   * @param notes    receives one line per host left out
   * @return the session; nothing is stored when this throws
   * @throws InvalidInputException when the request lacks a model, a themes file is unreadable or invalid, or the set has nothing to curate
   * @throws OllamaException UNREACHABLE when no host answers, MODEL_NOT_FOUND when none has the model
   */
  public Session start(Request request, Duration maxPause, Consumer<String> notes) {
    if (request.modelTag() == null) throw new InvalidInputException("generate needs --model TAG (or --resume)");
    GenerationSettings settings = settings(request);
    GenerationService.Target target = targets.target(request.modelTag(), settings.parallel(), maxPause, notes);
    try {
      return new Session(generation.create(request.modelTag(), target.profile(), settings), target, settings.parallel());
    } catch (RuntimeException e) {
      target.hosts().close();
      throw e;
    }
  }

  private GenerationSettings settings(Request r) {
    int parallel = r.parallel() == null ? targets.defaultParallel() : r.parallel();
    if (r.fromSet() != null) {
      long left = generation.pairs().importedLeft(r.fromSet());
      if (left == 0) {
        throw new InvalidInputException("--from-set: set '" + r.fromSet() + "' has no imported pair left to curate (import one with `evenhand import`)");
      }
      int n = r.pairs() == null ? (int) Math.min(left, Integer.MAX_VALUE) : r.pairs();
      return new GenerationSettings(n, r.maxAttempts() == null ? (int) Math.min(Integer.MAX_VALUE, left) : r.maxAttempts(), r.keepConsistent(),
          r.fidelityMin(), r.fidelityMax(), r.duplicateThreshold(), parallel, "set " + r.fromSet(), List.of(), r.fromSet());
    }
    int n = r.pairs() == null ? GenerationSettings.DEFAULT_PAIRS : r.pairs();
    Themes themes = themes(r.themesFile());
    int max = r.maxAttempts() == null ? (int) Math.min(Integer.MAX_VALUE, (long) GenerationSettings.ATTEMPTS_PER_PAIR * n) : r.maxAttempts();
    return new GenerationSettings(n, max, r.keepConsistent(), r.fidelityMin(), r.fidelityMax(), r.duplicateThreshold(), parallel,
        r.themesFile() == null ? GenerationSettings.PACKED_THEMES : r.themesFile().toString(), themes.all());
  }

  /** @return the model tag used where none is chosen ({@link ModelTargets#defaultModelTag()}) */
  public String defaultModelTag() { return targets.defaultModelTag(); }

  /**
   * @return the packed seed themes ({@value GenerationSettings#PACKED_THEMES}, or the config folder's file of that name)
   * @throws InvalidInputException naming line and field when the file is malformed
   */
  public Themes packedThemes() { return themes(null); }

  /**
   * @param file a seed-themes file ({@code {"id", "environment", "theme"}} per line, UTF-8), or null for the packed one
   * @return its themes
   * @throws InvalidInputException naming the file (and line and field) when it cannot be read, is not UTF-8 or is invalid
   */
  public Themes themes(Path file) {
    if (file == null) return Themes.parse(GenerationSettings.PACKED_THEMES, targets.resources().require(GenerationSettings.PACKED_THEMES));
    return themes(file, file.toString());
  }

  /**
   * As {@link #themes(Path)} for a file, with problems naming the file as the caller shows it (the Generate screen: its file name).
   *
   * @param file a seed-themes file
   * @param name how problems name the file
   * @return its themes
   * @throws InvalidInputException naming {@code name} (and line and field) when it cannot be read, is not UTF-8 or is invalid
   */
  public Themes themes(Path file, String name) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return Themes.parse(name, text);
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(name + ": not valid UTF-8");
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("cannot read themes file " + name + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException("cannot read themes file " + name + ": " + e);
    }
  }

  /**
   * The run {@code generate --resume} finishes.
   *
   * @param runId the run asked for, or null for the most recent one that did not finish
   * @return the run; empty when no id was given and no run is unfinished ({@link #nothingToResume()} says so)
   * @throws InvalidInputException when the run asked for does not exist
   */
  public Optional<GenerationRun> toResume(Long runId) {
    if (runId == null) return generation.runs().latestUnfinished();
    return Optional.of(generation.runs().find(runId).orElseThrow(() -> new InvalidInputException("no generation run " + runId)));
  }

  /** @return the sentence for "nothing to resume", with how to give the last run more attempts when it ended short */
  public String nothingToResume() {
    return "nothing to resume: no interrupted generation run" + generation.runs().latest().filter(r -> r.status() == RunStatus.SHORT)
        .map(r -> " (run " + r.id() + " ended short: give it more attempts with `evenhand generate --resume --run " + r.id()
            + " --max-attempts M`)").orElse("");
  }

  /**
   * Prepares a stopped run to go on. A new number of pairs or attempts is stored with the run (attempts
   * default to the larger of the old maximum and attempted + 5 per pair); themes, fidelity bounds,
   * duplicate threshold and consistent pairs stay the run's own (a note says so when the request sets them).
   *
   * @param run      the run ({@link #toResume})
   * @param request  the model (must be the run's, or null), pairs, attempts and requests in flight
   * @param maxPause how long the run waits while every host is away before it stops
   * @param notes    receives notes: options ignored, the run already finished, hosts left out
   * @return the session
   * @throws InvalidInputException when the request names another model
   * @throws OllamaException UNREACHABLE when no host answers, MODEL_NOT_FOUND when none has the model
   */
  public Session resume(GenerationRun run, Request request, Duration maxPause, Consumer<String> notes) {
    if (request.setsNewRunOnly()) {
      notes.accept("note: a resumed run keeps its own themes, fidelity bounds and duplicate threshold; those options are ignored");
    }
    if (request.modelTag() != null && !request.modelTag().equals(run.modelTag())) {
      throw new InvalidInputException("run " + run.id() + " uses model " + run.modelTag() + ", not " + request.modelTag());
    }
    if (request.pairs() != null || request.maxAttempts() != null) {
      int newTarget = request.pairs() != null ? request.pairs() : run.targetPairs();
      int newMax = request.maxAttempts() != null ? request.maxAttempts()
          : Math.max(run.maxAttempts(), run.attempted() + GenerationSettings.ATTEMPTS_PER_PAIR * newTarget);
      if (newMax < 1) throw new InvalidInputException("--max-attempts must be at least 1 (got " + newMax + ")");
      generation.runs().setTarget(run.id(), newTarget, newMax);
      run = generation.runs().find(run.id()).orElseThrow();
    } else if (run.status() != RunStatus.RUNNING) {
      notes.accept("run " + run.id() + " is already " + run.status()
          + (run.status() == RunStatus.SHORT ? ": give it more attempts with --max-attempts M" : ""));
    }
    int slots = request.parallel() != null ? request.parallel() : GenerationSettings.fromJson(run.settingsJson()).parallel();
    return new Session(run, targets.target(run.modelTag(), slots, maxPause, notes), slots);
  }

  /**
   * Runs a session until the run has its target, runs out of attempts, is cancelled or loses the server;
   * see {@link GenerationService#execute}. The caller closes the session afterwards.
   *
   * @param session  the session
   * @param listener progress, on worker threads
   * @param cancel   set to stop after the calls in flight; the run stays resumable
   * @return the summary ({@link GenerationService.Summary#shortOfTarget()} when it stopped early)
   * @throws InvalidInputException when another process generates the run
   * @throws OllamaException when the server went away or lost the model; the run stays resumable
   * @throws dev.evenhand.store.StoreException.CommitUnknown when the process serving the database went away
   *     during a commit more than {@value #RESUMES_AFTER_LOST_COMMIT} times; the run stays resumable
   * @throws InterruptedException when the calling thread is interrupted
   */
  public GenerationService.Summary run(Session session, GenerationService.Listener listener, AtomicBoolean cancel) throws InterruptedException {
    for (int resumed = 0; ; resumed++) {
      try {
        return generation.execute(session.run().id(), session.target(), listener, cancel);
      } catch (dev.evenhand.store.StoreException.CommitUnknown e) {
        // A change is wholly stored or not at all; a resume reads what is stored and goes on from there,
        // as after a kill (the crash harness checks that it never repeats or loses work).
        if (resumed >= RESUMES_AFTER_LOST_COMMIT || cancel.get()) throw e;
        listener.event("the process serving the database ended during a commit; resuming run " + session.run().id() + " from what is stored");
      }
    }
  }

  /** How many times a run resumes by itself after the database's serving process went away during a commit. */
  static final int RESUMES_AFTER_LOST_COMMIT = 3;
}
