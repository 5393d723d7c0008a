package dev.evenhand.method;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Divergence;
import dev.evenhand.domain.FaultKind;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.ModelRef;
import dev.evenhand.domain.Step;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.domain.Theme;
import dev.evenhand.llm.CallSink;
import dev.evenhand.llm.ModelProfile;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.StepCaller;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.PairStage;
import dev.evenhand.store.RunRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the curation pipeline of METHOD.md until a run has its target of pairs: story pair (step 1), the
 * fidelity and near-duplicate checks, two judgments (step 2), divergence (step 3) and the balanced
 * judgment (step 4). Every step writes to the store before the next starts, so a run stopped by a crash,
 * a kill or a cancel resumes where it stopped: unfinished pairs are completed first and attempt numbers
 * are unique per run, so no pair is stored twice and no work is lost.
 */
public final class GenerationService {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationService.class);

  /** Receives progress on a worker thread; implementations must be thread-safe and quick. */
  public interface Listener {
    /** A line for the live log, e.g. "pair 12 divergent (Moral / Immoral), balanced judgment stored". */
    void event(String message);

    /** Figures after each attempt. */
    default void progress(Progress p) {}
  }

  /**
   * Live figures of a run.
   *
   * @param stored      pairs stored (complete)
   * @param target      pairs wanted
   * @param attempted   story-pair requests made
   * @param maxAttempts story-pair requests allowed
   */
  public record Progress(int stored, int target, int attempted, int maxAttempts) {}

  /**
   * Where and with what the run talks to the model.
   *
   * @param hostUrl Ollama base URL
   * @param model   tag, digest, Ollama version
   * @param profile the model profile
   */
  public record Target(String hostUrl, ModelRef model, ModelProfile profile) {}

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
  public record Summary(long runId, String status, int attempted, int divergent, int stored, int target, Map<String, Long> failed,
                        long calls, long evalTokens, double wallSeconds) {}

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
    GenerationRun run = runs.find(runId).orElseThrow(() -> new InvalidInputException("no generation run " + runId));
    GenerationSettings settings = GenerationSettings.fromJson(run.settingsJson());
    Themes themes = Themes.fromList(settings.themes());
    DuplicateIndex dups = new DuplicateIndex(settings.duplicateThreshold());
    pairs.storyTexts(runId).forEach(dups::add);
    AtomicReference<OllamaException> fatal = new AtomicReference<>();
    Attempts work = new Attempts(run, settings, themes, target, dups, listener, cancel, fatal);

    for (PairRepository.Unfinished u : pairs.unfinished(runId)) {
      if (cancel.get() || fatal.get() != null) break;
      listener.event("resuming pair " + u.id() + " at stage " + u.stage().label());
      work.finishPair(u.id());
    }
    int parallel = settings.parallel();
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "evenhand-generate");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < parallel; i++) futures.add(pool.submit(() -> {
        work.loop();
        return null;
      }));
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof OllamaException oe) fatal.compareAndSet(null, oe);
          else if (c instanceof RuntimeException re) throw re;
          else throw new IllegalStateException(c);
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    GenerationRun after = runs.find(runId).orElseThrow();
    int stored = pairs.completeCount(runId);
    if (fatal.get() == null && !cancel.get()) {
      if (stored >= after.targetPairs()) runs.finish(runId, GenerationRun.COMPLETED);
      else if (after.attempted() >= after.maxAttempts()) runs.finish(runId, GenerationRun.SHORT);
    }
    Summary s = summary(runId, (System.nanoTime() - t0) / 1e9);
    if (fatal.get() != null) {
      listener.event("stopped: " + fatal.get().getMessage());
      throw fatal.get();
    }
    return s;
  }

  /**
   * The summary of a run as stored now.
   *
   * @param wallSeconds the wall time to report
   */
  public Summary summary(long runId, double wallSeconds) {
    GenerationRun r = runs.find(runId).orElseThrow();
    CallRepository.RunCallStats cs = calls.stats(runId);
    Map<String, Long> failed = new TreeMap<>(cs.failedCalls());
    pairs.dropReasons(runId).forEach((reason, n) -> {
      if (reason.startsWith("fidelity") || reason.equals(FaultKind.DUPLICATE.label())) failed.merge(reason, n, Long::sum);
    });
    return new Summary(runId, r.status(), r.attempted(), pairs.divergentCount(runId), pairs.completeCount(runId), r.targetPairs(),
        new LinkedHashMap<>(failed), cs.calls(), cs.evalTokens(), wallSeconds);
  }

  /** The work of one run: claims attempts and carries pairs through the steps. */
  private final class Attempts {
    private final GenerationRun run;
    private final GenerationSettings settings;
    private final Themes themes;
    private final Target target;
    private final DuplicateIndex dups;
    private final Listener listener;
    private final AtomicBoolean cancel;
    private final AtomicReference<OllamaException> fatal;
    private final AtomicInteger stored;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object claimLock = new Object();

    Attempts(GenerationRun run, GenerationSettings settings, Themes themes, Target target, DuplicateIndex dups, Listener listener,
             AtomicBoolean cancel, AtomicReference<OllamaException> fatal) {
      this.run = run;
      this.settings = settings;
      this.themes = themes;
      this.target = target;
      this.dups = dups;
      this.listener = listener;
      this.cancel = cancel;
      this.fatal = fatal;
      this.stored = new AtomicInteger(pairs.completeCount(run.id()));
    }

    void loop() throws InterruptedException {
      while (true) {
        int attemptNo;
        synchronized (claimLock) {
          if (cancel.get() || fatal.get() != null || Thread.currentThread().isInterrupted()) return;
          if (stored.get() + inFlight.get() >= run.targetPairs()) return;
          Optional<Integer> claimed = runs.claimAttempt(run.id());
          if (claimed.isEmpty()) return;
          attemptNo = claimed.get();
          inFlight.incrementAndGet();
        }
        try {
          attempt(attemptNo);
        } catch (OllamaException e) {
          fatal.compareAndSet(null, e);
          return;
        } finally {
          inFlight.decrementAndGet();
          GenerationRun now = runs.find(run.id()).orElseThrow();
          listener.progress(new Progress(stored.get(), run.targetPairs(), now.attempted(), now.maxAttempts()));
        }
      }
    }

    private CallSink sink(Long pairId) { return call -> calls.insert(run.id(), pairId, call); }

    private void stopIfFatal(FaultKind kind, String error) {
      if (kind != null && kind.stopsTheBatch()) {
        throw kind == FaultKind.UNREACHABLE ? OllamaException.unreachable(target.hostUrl(), null)
            : OllamaException.modelNotFound(target.model().tag(), target.hostUrl());
      }
    }

    void attempt(int attemptNo) throws InterruptedException {
      Theme theme = themes.forAttempt(attemptNo);
      StepCaller.Outcome<StoryPair> story = steps.storyPair(target.hostUrl(), target.model(), target.profile(), theme, sink(null));
      if (!story.ok()) {
        stopIfFatal(story.fault(), story.error());
        listener.event("attempt " + attemptNo + ": story pair failed (" + story.fault().label() + "): " + story.error());
        return;
      }
      StoryPair pair = story.value().get();
      double rouge = Rouge1.f1(pair.male().text(), pair.female().text());
      Optional<FaultKind> fidelityFault = settings.fidelity().check(rouge);
      boolean duplicate = fidelityFault.isEmpty() && dups.isDuplicate(pair.male().text());
      long pairId = pairs.insertGenerated(run.id(), run.setId(), attemptNo, theme.id(), pair, rouge, target.model().tag());
      calls.linkToPair(story.callId(), pairId);
      if (fidelityFault.isPresent() || duplicate) {
        FaultKind why = fidelityFault.orElse(FaultKind.DUPLICATE);
        pairs.setStage(pairId, PairStage.DROPPED, null, why.label());
        listener.event(String.format("attempt %d: pair %d dropped: %s (ROUGE-1 %.3f)", attemptNo, pairId,
            why == FaultKind.DUPLICATE ? "near-duplicate of a stored story" : "fidelity check", rouge));
        return;
      }
      dups.add(pair.male().text());
      dups.add(pair.female().text());
      finishPair(pairId);
    }

    /** Carries a stored pair from its stage to complete or dropped. */
    void finishPair(long pairId) throws InterruptedException {
      CuratedPair p = pairs.find(pairId).orElseThrow();
      Map<Gender, Judgment> judged = new LinkedHashMap<>();
      for (Gender g : Gender.values()) {
        Optional<Judgment> have = p.judgment(g);
        if (have.isPresent()) {
          judged.put(g, have.get());
          continue;
        }
        if (cancel.get()) return;
        StepCaller.Outcome<Judgment> j = steps.judge(target.hostUrl(), target.model(), target.profile(), p.pair().story(g), sink(pairId));
        if (!j.ok()) {
          stopIfFatal(j.fault(), j.error());
          pairs.setStage(pairId, PairStage.DROPPED, null, "judgment_failed");
          listener.event("pair " + pairId + ": judgment of the " + g.label() + " story failed (" + j.fault().label() + "): " + j.error());
          return;
        }
        pairs.saveJudgment(pairId, g, target.model().tag(), target.profile().prompts().get(Step.JUDGMENT), j.value().get(), j.callId());
        judged.put(g, j.value().get());
      }
      Judgment male = judged.get(Gender.MALE);
      Judgment female = judged.get(Gender.FEMALE);
      boolean divergent = Divergence.of(male.stance(), female.stance()) == Divergence.DIVERGENT;
      String stances = male.stance().label() + " / " + female.stance().label();
      if (!divergent && !settings.keepConsistent()) {
        pairs.setStage(pairId, PairStage.DROPPED, false, "consistent");
        listener.event("pair " + pairId + ": consistent (" + stances + "), not kept");
        return;
      }
      pairs.setStage(pairId, PairStage.BALANCING, divergent, null);
      if (cancel.get()) return;
      StepCaller.Outcome<BalancedJudgment> b = steps.balanced(target.hostUrl(), target.model(), target.profile(), p.pair(), male,
          female, sink(pairId));
      if (!b.ok()) {
        stopIfFatal(b.fault(), b.error());
        pairs.setStage(pairId, PairStage.DROPPED, divergent, "balanced_failed");
        listener.event("pair " + pairId + ": balanced judgment failed (" + b.fault().label() + "): " + b.error());
        return;
      }
      pairs.saveBalancedAndComplete(pairId, b.value().get(), b.callId());
      int n = stored.incrementAndGet();
      listener.event(String.format("pair %d stored (%s, %s): %d of %d", pairId, divergent ? "divergent" : "consistent", stances, n,
          run.targetPairs()));
      LOG.info("run {} pair {} stored ({}), {} of {}", run.id(), pairId, stances, n, run.targetPairs());
    }
  }
}
