package dev.evenhand.usecase;

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
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.StepCaller;
import dev.evenhand.method.DuplicateIndex;
import dev.evenhand.method.Rouge1;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.method.Themes;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.PairStage;
import dev.evenhand.store.RunRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * The work of one session of a generation run (METHOD.md steps 1 to 4): finishes the pairs an earlier
 * session left half-done, then claims attempts on worker threads (two per slot of the host pool) and
 * carries each pair through the steps until the run has its target, runs out of attempts, is cancelled
 * or loses the server. Every step is written to the store before the next starts.
 */
final class RunAttempts {
  private static final Logger LOG = LoggerFactory.getLogger(RunAttempts.class);

  private final RunRepository runs;
  private final PairRepository pairs;
  private final CallRepository calls;
  private final CurationSteps steps;
  private final GenerationRun run;
  private final GenerationSettings settings;
  private final Themes themes;
  private final GenerationService.Target target;
  private final DuplicateIndex dups;
  private final GenerationService.Listener listener;
  private final AtomicBoolean cancel;
  private final AtomicReference<OllamaException> fatal = new AtomicReference<>();
  private final AtomicInteger stored;
  private final int storedAtStart;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object claimLock = new Object();
  private final Object figures = new Object();
  private long evalTokens;
  private long evalNanos;
  private long maxLoadNanos;
  private final ExecutorService judges = Executors.newCachedThreadPool(Workers.daemon("evenhand-judge"));

  /**
   * @param store    runs, pairs and calls of the store
   * @param steps    the model steps
   * @param run      the run, its attempts recounted
   * @param target   hosts, model and profile
   * @param listener progress
   * @param cancel   set to stop after the calls in flight
   */
  RunAttempts(GenerationService store, CurationSteps steps, GenerationRun run, GenerationService.Target target,
              GenerationService.Listener listener, AtomicBoolean cancel) {
    this.runs = store.runs();
    this.pairs = store.pairs();
    this.calls = store.calls();
    this.steps = steps;
    this.run = run;
    this.settings = GenerationSettings.fromJson(run.settingsJson());
    this.themes = settings.fromSet() != null ? null : Themes.fromList(settings.themes());
    this.target = target;
    this.dups = new DuplicateIndex(settings.duplicateThreshold());
    pairs.storyTexts(run.id()).forEach(dups::add);
    this.listener = listener;
    this.cancel = cancel;
    this.storedAtStart = pairs.completeCount(run.id());
    this.stored = new AtomicInteger(storedAtStart);
  }

  /** @return the run's settings */
  GenerationSettings settings() { return settings; }

  /** @return the failure that stopped the session: the server went away or lost the model */
  Optional<OllamaException> fatal() { return Optional.ofNullable(fatal.get()); }

  /**
   * Finishes the half-done pairs, then runs the workers until the session ends.
   *
   * @throws InterruptedException when the calling thread is interrupted
   */
  void run() throws InterruptedException {
    try {
      for (PairRepository.Unfinished u : pairs.unfinished(run.id())) {
        if (cancel.get() || fatal.get() != null) break;
        listener.event("resuming pair " + u.id() + " at stage " + u.stage().label());
        try {
          finishPair(u.id());
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
      int workers = cancel.get() || fatal.get() != null ? 0 : Math.max(2, 2 * target.hosts().totalSlots());
      RuntimeException other = null;
      for (Throwable t : Workers.run("evenhand-generate", workers, () -> {
        loop();
        return null;
      })) {
        if (t instanceof OllamaException oe) fatal.compareAndSet(null, oe);
        else if (other == null) other = Workers.unchecked(t);
      }
      if (other != null) throw other;
    } finally {
      judges.shutdown();
      judges.awaitTermination(1, TimeUnit.HOURS);
    }
  }

  private boolean stopping() { return cancel.get() || fatal.get() != null || Thread.currentThread().isInterrupted(); }

  private void loop() throws InterruptedException {
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

  private void reportProgress() {
    GenerationRun now = runs.find(run.id()).orElseThrow();
    double minutes = (System.nanoTime() - startNanos) / 60e9;
    double tps;
    double load;
    synchronized (figures) {
      tps = evalNanos == 0 ? 0 : evalTokens / (evalNanos / 1e9);
      load = maxLoadNanos / 1e9;
    }
    listener.progress(new GenerationService.Progress(stored.get(), run.targetPairs(), now.attempted(), now.maxAttempts(),
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

  private void attempt(int attemptNo) throws InterruptedException {
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
  private void finishPair(long pairId) throws InterruptedException {
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
    java.util.concurrent.CancellationException withdrawn = null;
    for (Map.Entry<Gender, Future<StepCaller.Outcome<Judgment>>> e : pending.entrySet()) {
      StepCaller.Outcome<Judgment> j;
      try {
        j = e.getValue().get();
      } catch (java.util.concurrent.ExecutionException ex) {
        // one judgment cancelled (withdrawn from the server's queue): keep the other one's answer
        if (ex.getCause() instanceof java.util.concurrent.CancellationException c) {
          withdrawn = c;
          continue;
        }
        throw Workers.unchecked(ex.getCause());
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
      String why = "pair " + pairId + ": judgment of the " + failedGender.label() + " story failed (" + failed.fault().label() + "): " + failed.error();
      if (curating()) {
        // an imported pair is data the researcher brought: it stays in its set, waiting for judgments (another run curates it)
        pairs.returnToImported(pairId);
        listener.event(why + "; it stays in set " + settings.fromSet() + ", waiting for judgments");
        return;
      }
      pairs.setStage(pairId, PairStage.DROPPED, null, "judgment_failed");
      listener.event(why);
      return;
    }
    if (withdrawn != null) throw withdrawn;
    if (judged.size() < 2) return;
    balance(p, judged.get(Gender.MALE), judged.get(Gender.FEMALE));
  }

  /**
   * True when the run curates an imported set ({@code --from-set}): its pairs are data the researcher brought, so none is
   * dropped. A consistent pair, or one whose balanced judgment failed, is kept judged without a balanced judgment (in the
   * review queue, left out of training data); one whose judgment failed goes back to waiting in its set. A newcomer's
   * {@code generate --from-set genmo} left 643 of GenMO's 908 pairs dropped: gone from stats, the review queue and the backup.
   */
  private boolean curating() { return settings.fromSet() != null; }

  /** Completes an imported pair without a balanced judgment, counts it stored and says why. */
  private void keep(CuratedPair p, boolean divergent, String stances, String why) {
    pairs.setStage(p.id(), PairStage.COMPLETE, divergent, null);
    int n = stored.incrementAndGet();
    listener.event("pair " + p.id() + ": " + why + ": " + n + " of " + run.targetPairs());
    listener.stored(p.id(), p.pair(), stances);
  }

  /** Step 3 and 4: drops a consistent pair (unless kept), else asks for the balanced judgment and completes the pair. */
  private void balance(CuratedPair p, Judgment male, Judgment female) throws InterruptedException {
    long pairId = p.id();
    boolean divergent = Divergence.of(male.stance(), female.stance()) == Divergence.DIVERGENT;
    String stances = male.stance().label() + " / " + female.stance().label();
    if (!divergent && !settings.keepConsistent()) {
      if (curating()) {
        keep(p, false, stances, "consistent (" + stances + "), kept without a balanced judgment (--keep-consistent asks for one)");
        return;
      }
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
      if (curating()) {
        keep(p, divergent, stances, "balanced judgment failed (" + b.fault().label() + "): " + b.error() + "; kept without one");
        return;
      }
      pairs.setStage(pairId, PairStage.DROPPED, divergent, "balanced_failed");
      listener.event("pair " + pairId + ": balanced judgment failed (" + b.fault().label() + "): " + b.error());
      return;
    }
    pairs.saveBalancedAndComplete(pairId, b.value().get(), b.callId());
    int n = stored.incrementAndGet();
    listener.event(String.format("pair %d stored (%s, %s): %d of %d", pairId, divergent ? "divergent" : "consistent", stances, n,
        run.targetPairs()));
    listener.stored(pairId, p.pair(), stances);
    LOG.info("run {} pair {} stored ({}), {} of {}", run.id(), pairId, stances, n, run.targetPairs());
  }
}
