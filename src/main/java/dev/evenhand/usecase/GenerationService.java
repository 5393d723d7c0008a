package dev.evenhand.usecase;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.domain.FaultKind;
import dev.evenhand.llm.HostPool;
import dev.evenhand.llm.ModelProfile;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.RunRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the curation pipeline of METHOD.md until a run has its target of pairs: story pair (step 1), the
 * fidelity and near-duplicate checks, two judgments (step 2), divergence (step 3) and the balanced
 * judgment (step 4). Every step writes to the store before the next starts, so a run stopped by a crash,
 * a kill or a cancel resumes where it stopped: unfinished pairs are completed first and attempt numbers
 * are unique per run, so no pair is stored twice and no work is lost.
 */
public final class GenerationService {
  /** Receives progress on a worker thread; implementations must be thread-safe and quick. */
  public interface Listener {
    /** A line for the live log, e.g. "pair 12 divergent (Moral / Immoral), balanced judgment stored". */
    void event(String message);

    /** Figures after each attempt. */
    default void progress(Progress p) {}

    /** Every Ollama host is away: the batch waits. @param message a sentence for the researcher */
    default void paused(String message) {}

    /** A host answers again: the batch goes on. */
    default void resumed() {}

    /**
     * A pair was stored complete (after its balanced judgment), so it can be reviewed.
     *
     * @param pairId  the pair's id
     * @param pair    its two stories and environment
     * @param stances the two judgments' stances, e.g. {@code Moral / Immoral}
     */
    default void stored(long pairId, dev.evenhand.domain.StoryPair pair, String stances) {}
  }

  /**
   * Live figures of a run.
   *
   * @param stored      pairs stored (complete)
   * @param target      pairs wanted
   * @param attempted   story-pair requests made
   * @param maxAttempts story-pair requests allowed
   * @param pairsPerMinute pairs stored per minute in this session of the run
   * @param tokensPerSecond generation speed: eval_count / eval_duration over this session's calls
   * @param loadSeconds the longest model load time seen (load_duration), in seconds
   */
  public record Progress(int stored, int target, int attempted, int maxAttempts, double pairsPerMinute, double tokensPerSecond,
                         double loadSeconds) {}

  /**
   * Where and with what the run talks to the model.
   *
   * @param hosts    the Ollama hosts (with the model as each reports it) and their slots
   * @param profile  the model profile
   * @param modelTag the Ollama model tag
   */
  public record Target(HostPool hosts, ModelProfile profile, String modelTag) {}

  /**
   * The {@code generate} summary (DESIGN.md, CLI contract).
   *
   * @param runId       the run
   * @param status      completed, short, or running (stopped before the end; resumable)
   * @param attempted   story-pair requests made (all sessions of the run)
   * @param divergent   pairs whose judgments diverged
   * @param stored      pairs stored in the review queue
   * @param target      pairs wanted
   * @param failed      failed model calls by fault kind, plus attempts dropped by the fidelity and duplicate checks
   * @param calls       model calls made
   * @param evalTokens  tokens generated
   * @param wallSeconds wall time of this session of the run, in seconds
   */
  public record Summary(long runId, RunStatus status, int attempted, int divergent, int stored, int target, Map<String, Long> failed,
                        long calls, long evalTokens, double wallSeconds) {
    /** @return true when the run has fewer pairs than its target and is not completed (cancelled, stopped or short) */
    public boolean shortOfTarget() { return stored < target && status != RunStatus.COMPLETED; }

    /** @return the attempts allowed in all that would give the missing pairs their usual share: attempted + 5 per missing pair */
    public int attemptsToFinish() { return attempted + GenerationSettings.ATTEMPTS_PER_PAIR * (target - stored); }
  }

  private final RunRepository runs;
  private final PairRepository pairs;
  private final CallRepository calls;
  private final CurationSteps steps;

  /** Wires the service to the store and the model steps. */
  public GenerationService(RunRepository runs, PairRepository pairs, CallRepository calls, CurationSteps steps) {
    this.runs = runs;
    this.pairs = pairs;
    this.calls = calls;
    this.steps = steps;
  }

  /**
   * Creates a run in the store (status running) without starting it.
   *
   * @return the run
   */
  public GenerationRun create(String modelTag, ModelProfile profile, GenerationSettings settings) {
    runs.saveThemes(settings.themes());
    return runs.create(modelTag, profile.name(), settings.pairs(), settings.maxAttempts(), settings.keepConsistent(), settings.toJson());
  }

  /**
   * Runs (or resumes) a run until it has its target, runs out of attempts, is cancelled, or the server
   * goes away.
   *
   * @param runId    the run
   * @param target   host, model and profile
   * @param listener progress
   * @param cancel   set to true to stop after the calls in flight; the run stays resumable
   * @return the summary; status "running" when cancelled
   * @throws OllamaException when the server went away (UNREACHABLE) or lost the model (MODEL_NOT_FOUND);
   *     the run stays resumable
   * @throws InterruptedException when the calling thread is interrupted
   */
  public Summary execute(long runId, Target target, Listener listener, AtomicBoolean cancel) throws InterruptedException {
    long t0 = System.nanoTime();
    runs.find(runId).orElseThrow(() -> new InvalidInputException("no generation run " + runId));
    try (RunLease lease = new RunLease(runs, runId)) {
      return executeOwned(runId, target, listener, cancel, t0);
    }
  }

  private Summary executeOwned(long runId, Target target, Listener listener, AtomicBoolean cancel, long t0) throws InterruptedException {
    runs.recountAttempts(runId);
    RunAttempts work = new RunAttempts(this, steps, runs.find(runId).orElseThrow(), target, listener, cancel);
    work.run();
    GenerationSettings settings = work.settings();
    GenerationRun after = runs.find(runId).orElseThrow();
    int stored = pairs.completeCount(runId);
    if (work.fatal().isEmpty() && !cancel.get()) {
      boolean setDone = settings.fromSet() != null && (after.attempted() >= after.maxAttempts() || pairs.importedLeft(settings.fromSet()) == 0);
      if (stored >= after.targetPairs() || setDone) runs.finish(runId, RunStatus.COMPLETED);
      else if (after.attempted() >= after.maxAttempts()) runs.finish(runId, RunStatus.SHORT);
    }
    Summary s = summary(runId, (System.nanoTime() - t0) / 1e9);
    if (work.fatal().isPresent()) {
      listener.event("stopped: " + work.fatal().get().getMessage());
      throw work.fatal().get();
    }
    return s;
  }

  /** @return generation runs (for the run's work) */
  RunRepository runs() { return runs; }

  /** @return story pairs (for the run's work) */
  PairRepository pairs() { return pairs; }

  /** @return model calls (for the run's work) */
  CallRepository calls() { return calls; }

  /**
   * The summary of a run as stored now.
   *
   * @param wallSeconds the wall time to report
   */
  public Summary summary(long runId, double wallSeconds) {
    GenerationRun r = runs.find(runId).orElseThrow();
    CallRepository.RunCallStats cs = calls.stats(runId);
    Map<String, Long> failed = new TreeMap<>();
    cs.failedCalls().forEach((kind, n) -> failed.put(kind.label(), n));
    pairs.dropReasons(runId).forEach((reason, n) -> {
      if (reason.startsWith("fidelity") || reason.equals(FaultKind.DUPLICATE.label())) failed.merge(reason, n, Long::sum);
    });
    return new Summary(runId, r.status(), r.attempted(), pairs.divergentCount(runId), pairs.completeCount(runId), r.targetPairs(),
        new LinkedHashMap<>(failed), cs.calls(), cs.evalTokens(), wallSeconds);
  }
}
