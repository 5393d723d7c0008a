package dev.evenhand.usecase;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.method.Themes;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.method.Rouge1;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.method.DuplicateIndex;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Divergence;
import dev.evenhand.domain.FaultKind;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Step;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.domain.Theme;
import dev.evenhand.llm.CallSink;
import dev.evenhand.llm.HostPool;
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

    /** Every Ollama host is away: the batch waits. @param message a sentence for the researcher */
    default void paused(String message) {}

    /** A host answers again: the batch goes on. */
    default void resumed() {}
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
    String owner = ownerId();
    Optional<String> holder = runs.acquire(runId, owner, java.time.Duration.ofSeconds(60), GenerationService::ownerAlive);
    if (holder.isPresent()) {
      throw new InvalidInputException("run " + runId + " is being generated by another process (" + holder.get()
          + "); wait for it to finish or stop it, then resume");
    }
    java.util.concurrent.ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "evenhand-run-heartbeat");
      t.setDaemon(true);
      return t;
    });
    beat.scheduleAtFixedRate(() -> {
      try {
        runs.heartbeat(runId, owner);
      } catch (RuntimeException e) {
        LOG.warn("heartbeat of run {} failed", runId, e);
      }
    }, 10, 10, TimeUnit.SECONDS);
    try {
      return executeOwned(runId, target, listener, cancel, t0);
    } finally {
      beat.shutdownNow();
      runs.release(runId, owner);
    }
  }

  /** @return this process as a run owner: {@code host:pid} */
  static String ownerId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  /** @return false when the owner is a process of this host that is no longer running */
  static boolean ownerAlive(String owner) {
    int colon = owner.lastIndexOf(':');
    if (colon < 0) return true;
    String me = ownerId();
    if (!owner.substring(0, colon).equals(me.substring(0, me.lastIndexOf(':')))) return true;
    try {
      return ProcessHandle.of(Long.parseLong(owner.substring(colon + 1))).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private Summary executeOwned(long runId, Target target, Listener listener, AtomicBoolean cancel, long t0) throws InterruptedException {
    runs.recountAttempts(runId);
    GenerationRun run = runs.find(runId).orElseThrow();
    GenerationSettings settings = GenerationSettings.fromJson(run.settingsJson());
    Themes themes = settings.fromSet() != null ? null : Themes.fromList(settings.themes());
    DuplicateIndex dups = new DuplicateIndex(settings.duplicateThreshold());
    pairs.storyTexts(runId).forEach(dups::add);
    AtomicReference<OllamaException> fatal = new AtomicReference<>();
    Attempts work = new Attempts(run, settings, themes, target, dups, listener, cancel, fatal);

    for (PairRepository.Unfinished u : pairs.unfinished(runId)) {
      if (cancel.get() || fatal.get() != null) break;
      listener.event("resuming pair " + u.id() + " at stage " + u.stage().label());
      try {
        work.finishPair(u.id());
      } catch (OllamaException e) {
        fatal.compareAndSet(null, e);
      } catch (java.util.concurrent.CancellationException e) {
        break;
      }
    }
    target.hosts().setEvents(new HostPool.Events() {
      @Override
      public void paused(String message) {
        listener.event(message);
        listener.paused(message);
      }

      @Override
      public void resumed(String url) {
        listener.event("Ollama at " + url + " answers again: going on");
        listener.resumed();
      }
    });
    int parallel = Math.max(2, 2 * target.hosts().totalSlots());
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "evenhand-generate");
      t.setDaemon(true);
      return t;
    });
    try {
      if (cancel.get() || fatal.get() != null) parallel = 0;
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
      // never interrupt a worker: an interrupt during an H2 write closes the database file (NIO), so
      // workers stop on the cancel flag, after the calls in flight
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.HOURS);
      work.close();
    }
    GenerationRun after = runs.find(runId).orElseThrow();
    int stored = pairs.completeCount(runId);
    if (fatal.get() == null && !cancel.get()) {
      boolean setDone = settings.fromSet() != null && (after.attempted() >= after.maxAttempts() || pairs.importedLeft(settings.fromSet()) == 0);
      if (stored >= after.targetPairs() || setDone) runs.finish(runId, RunStatus.COMPLETED);
      else if (after.attempted() >= after.maxAttempts()) runs.finish(runId, RunStatus.SHORT);
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
    Map<String, Long> failed = new TreeMap<>();
    cs.failedCalls().forEach((kind, n) -> failed.put(kind.label(), n));
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
    private final int storedAtStart;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object claimLock = new Object();
    private final Object figures = new Object();
    private long evalTokens;
    private long evalNanos;
    private long maxLoadNanos;
    private final ExecutorService judges = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "evenhand-judge");
      t.setDaemon(true);
      return t;
    });

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
      this.storedAtStart = pairs.completeCount(run.id());
      this.stored = new AtomicInteger(storedAtStart);
    }

    private boolean stopping() { return cancel.get() || fatal.get() != null || Thread.currentThread().isInterrupted(); }

    void loop() throws InterruptedException {
      {
        while (true) {
          int attemptNo;
          synchronized (claimLock) {
            if (stopping()) return;
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
          } catch (java.util.concurrent.CancellationException e) {
            return;
          } finally {
            inFlight.decrementAndGet();
            reportProgress();
          }
        }
      }
    }

    void close() throws InterruptedException {
      judges.shutdown();
      judges.awaitTermination(1, TimeUnit.HOURS);
    }

    private void reportProgress() {
      GenerationRun now = runs.find(run.id()).orElseThrow();
      double minutes = (System.nanoTime() - startNanos) / 60e9;
      double tps;
      double load;
      synchronized (figures) {
        tps = evalNanos == 0 ? 0 : evalTokens / (evalNanos / 1e9);
        load = maxLoadNanos / 1e9;
      }
      listener.progress(new Progress(stored.get(), run.targetPairs(), now.attempted(), now.maxAttempts(),
          minutes <= 0 ? 0 : (stored.get() - storedAtStart) / minutes, tps, load));
    }

    private CallSink sink(Long pairId) { return sink(pairId, null); }

    private CallSink sink(Long pairId, Integer attemptNo) {
      return call -> {
        var t = call.exchange().timings();
        synchronized (figures) {
          if (t.evalCount() != null && t.evalDurationNs() != null) {
            evalTokens += t.evalCount();
            evalNanos += t.evalDurationNs();
          }
          if (t.loadDurationNs() != null) maxLoadNanos = Math.max(maxLoadNanos, t.loadDurationNs());
        }
        if (call.fault() != null) LOG.info("run {} {} call failed ({}): {}", run.id(), call.step().id(), call.fault().label(), call.error());
        return calls.insert(run.id(), pairId, attemptNo, call);
      };
    }

    /** Passes a step's note (e.g. a num_ctx raised so the prompt fits) to the live log. */
    private void tell(String who, StepCaller.Outcome<?> o) {
      if (o.note() != null) listener.event(who + ": " + o.note());
    }

    private void stopIfFatal(FaultKind kind) {
      if (kind == FaultKind.MODEL_NOT_FOUND) throw OllamaException.modelNotFound(target.modelTag(), target.hosts().hosts().get(0).url());
      if (kind == FaultKind.UNREACHABLE) throw OllamaException.unreachable(target.hosts().hosts().get(0).url(), null);
    }

    void attempt(int attemptNo) throws InterruptedException {
      if (settings.fromSet() != null) {
        // curating existing pairs (issue 6): steps 2 to 4 on the set's next imported pair
        Optional<Long> id = pairs.claimFromSet(settings.fromSet(), run.id(), attemptNo, target.modelTag());
        if (id.isEmpty()) {
          listener.event("set " + settings.fromSet() + " has no pair left to curate");
          return;
        }
        finishPair(id.get());
        return;
      }
      Theme theme = themes.forAttempt(attemptNo);
      StepCaller.Outcome<StoryPair> story = steps.storyPair(target.hosts(), target.profile(), theme, sink(null, attemptNo), cancel::get);
      tell("attempt " + attemptNo, story);
      if (!story.ok()) {
        stopIfFatal(story.fault());
        listener.event("attempt " + attemptNo + ": story pair failed (" + story.fault().label() + "): " + story.error());
        return;
      }
      StoryPair pair = story.value().get();
      double rouge = Rouge1.f1(pair.male().text(), pair.female().text());
      Optional<FaultKind> fidelityFault = settings.fidelity().check(rouge);
      boolean duplicate = fidelityFault.isEmpty() && dups.addUnlessDuplicate(pair.male().text(), pair.female().text());
      Optional<FaultKind> dropped = duplicate ? Optional.of(FaultKind.DUPLICATE) : fidelityFault;
      int flags = StoryDiff.of(pair.male().text(), pair.female().text(), pair.male().name(), pair.female().name()).flags();
      // the pair, its flags, the call's link and the rules' decision in one transaction (issue 10, kind 4)
      long pairId = pairs.insertGenerated(run.id(), run.setId(), attemptNo, theme.id(), pair, rouge, target.modelTag(), flags,
          story.callId(), dropped.map(FaultKind::label).orElse(null));
      if (dropped.isPresent()) {
        listener.event(String.format("attempt %d: pair %d dropped: %s (ROUGE-1 %.3f)", attemptNo, pairId,
            duplicate ? "near-duplicate of a stored story" : "fidelity check", rouge));
        return;
      }
      finishPair(pairId);
    }

    /** Carries a stored pair from its stage to complete or dropped; the two judgments go out together. */
    void finishPair(long pairId) throws InterruptedException {
      CuratedPair p = pairs.find(pairId).orElseThrow();
      Map<Gender, Judgment> judged = new LinkedHashMap<>();
      Map<Gender, Future<StepCaller.Outcome<Judgment>>> pending = new LinkedHashMap<>();
      for (Gender g : Gender.values()) {
        Optional<Judgment> have = p.judgment(g);
        if (have.isPresent()) judged.put(g, have.get());
        else if (!cancel.get()) {
          pending.put(g, judges.submit(() -> steps.judge(target.hosts(), target.profile(), p.pair().story(g), sink(pairId), cancel::get)));
        }
      }
      StepCaller.Outcome<Judgment> failed = null;
      Gender failedGender = null;
      for (Map.Entry<Gender, Future<StepCaller.Outcome<Judgment>>> e : pending.entrySet()) {
        StepCaller.Outcome<Judgment> j;
        try {
          j = e.getValue().get();
        } catch (java.util.concurrent.ExecutionException ex) {
          if (ex.getCause() instanceof RuntimeException re) throw re;
          throw new IllegalStateException(ex.getCause());
        }
        tell("pair " + pairId, j);
        if (j.ok()) {
          pairs.saveJudgment(pairId, e.getKey(), target.modelTag(), target.profile().prompts().get(Step.JUDGMENT), j.value().get(), j.callId());
          judged.put(e.getKey(), j.value().get());
        } else if (failed == null) {
          failed = j;
          failedGender = e.getKey();
        }
      }
      if (failed != null) {
        stopIfFatal(failed.fault());
        pairs.setStage(pairId, PairStage.DROPPED, null, "judgment_failed");
        listener.event("pair " + pairId + ": judgment of the " + failedGender.label() + " story failed (" + failed.fault().label() + "): "
            + failed.error());
        return;
      }
      if (judged.size() < 2) return;
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
      StepCaller.Outcome<BalancedJudgment> b = steps.balanced(target.hosts(), target.profile(), p.pair(), male, female, sink(pairId),
          cancel::get, t -> { });
      tell("pair " + pairId, b);
      if (!b.ok()) {
        stopIfFatal(b.fault());
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
