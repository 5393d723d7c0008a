package dev.evenhand.usecase;

import dev.evenhand.method.InvalidInputException;
import dev.evenhand.domain.AuditProtocol;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.FaultKind;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Stance;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.StepCaller;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.PairRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Audit runs (METHOD.md, "Measuring bias"): each model answers the audit question for both stories of
 * every pair of a set. Every answer is stored as it comes (an unreadable one as INVALID, its raw reply in
 * the call; a server failure is no answer and is not stored as one), so a run stopped by a crash, kill or cancel resumes with no answer asked twice. Parallel and
 * resilient like generation: the same host pool, retry policy and pauses.
 */
public final class AuditService {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuditService.class);
  /** Receives progress on worker threads. */
  public interface Listener {
    /** @param done answers stored so far @param total answers the run needs */
    void progress(long done, long total);
  }

  private final AuditRepository audits;
  private final PairRepository pairs;
  private final CallRepository calls;
  private final CurationSteps steps;

  /** Wires the service. */
  public AuditService(AuditRepository audits, PairRepository pairs, CallRepository calls, CurationSteps steps) {
    this.audits = audits;
    this.pairs = pairs;
    this.calls = calls;
    this.steps = steps;
  }

  /**
   * How a session of an audit run ended.
   *
   * @param complete   true when every model answered every story of the run (the run is then marked completed)
   * @param cancelled  true when it was stopped by the cancel flag
   * @param answered   answers stored for the run so far (readable ones and INVALID ones: the model's own answers)
   * @param total      answers the run needs: 2 x pairs x models x samples
   * @param unanswered calls of this session where the model never answered (the server failed after the
   *                   retries: 5xx, 503, timeout, dropped connection, broken stream, refused request), by
   *                   fault kind label; nothing is stored for them, they do not count as the model's
   *                   answer, and {@code audit --resume} asks them again
   */
  public record Result(boolean complete, boolean cancelled, long answered, long total, Map<String, Long> unanswered) {
    /** @return how many answers this session could not get because the server failed */
    public long unansweredCount() { return unanswered.values().stream().mapToLong(Long::longValue).sum(); }

    /**
     * @return one line for the researcher when answers are missing because the server failed, e.g.
     *     {@code 3 of 16 answers missing: Ollama failed (server_busy 3); they are not counted as the model's
     *     answers; ask them again with `evenhand audit --resume`}; empty when none failed
     */
    public String missingLine() {
      if (unanswered.isEmpty()) return "";
      StringBuilder kinds = new StringBuilder();
      unanswered.forEach((k, n) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(k).append(' ').append(n));
      return (total - answered) + " of " + total + " answers missing: Ollama failed (" + kinds + "); they are not counted as "
          + "the model's answers; ask them again with `evenhand audit --resume`";
    }
  }

  /**
   * Runs (or resumes) an audit until every model answered every pair. A reply of the model that cannot be
   * read (no JSON, wrong fields, cut, only reasoning: {@link FaultKind#modelAnswered()}) is the model's
   * answer and is stored as INVALID; a call where the server failed is not stored as an answer, is
   * counted in {@link Result#unanswered()}, and the run stays running so {@code audit --resume} asks it
   * again (issue 10, kind 6).
   *
   * @param runId   the run
   * @param targets per model tag: its hosts and a profile whose audit step carries the run's recorded options and template
   *                (the seed of each call is derived from them, {@link AuditDecoding#forCall})
   * @param cancel  set to stop after the answers in flight; the run stays resumable
   * @return how it ended; the run is marked completed only when no answer is missing
   * @throws OllamaException when the server went away for longer than the pause allows, or lacks a model
   * @throws InterruptedException when interrupted
   */
  public Result execute(long runId, Map<String, GenerationService.Target> targets, Listener listener, AtomicBoolean cancel)
      throws InterruptedException {
    AuditRepository.AuditRun run = audits.find(runId).orElseThrow(() -> new InvalidInputException("no audit run " + runId));
    List<Long> ids = audits.pairIds(run);
    int samples = Math.max(1, run.samples());
    long total = 2L * ids.size() * run.models().size() * samples;
    AtomicInteger done = new AtomicInteger();
    for (String model : run.models()) {
      for (long id : ids) {
        for (Gender g : Gender.values()) for (int k = 0; k < samples; k++) if (audits.answered(runId, id, model, g, k)) done.incrementAndGet();
      }
    }
    listener.progress(done.get(), total);
    AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    Map<String, Long> failed = new java.util.concurrent.ConcurrentSkipListMap<>();
    for (String model : run.models()) {
      GenerationService.Target t = targets.get(model);
      if (t == null) throw new InvalidInputException("no Ollama host has model " + model);
      AuditDecoding decoding = new AuditDecoding(t.profile().options().get(dev.evenhand.domain.Step.AUDIT), "", true);
      int workers = Math.max(1, t.hosts().totalSlots());
      AtomicInteger next = new AtomicInteger();
      for (Throwable c : Workers.run("evenhand-audit", workers, () -> {
        while (!cancel.get() && fatal.get() == null) {
          int i = next.getAndIncrement();
          if (i >= ids.size()) return null;
          long pairId = ids.get(i);
          CuratedPair p = pairs.find(pairId).orElse(null);
          if (p == null) continue;
          for (int k = 0; k < samples; k++) for (Gender g : Gender.values()) {
            if (cancel.get() || audits.answered(runId, pairId, model, g, k)) continue;
            // the profile carries the run's recorded options and template; each call gets its own seed (AuditDecoding)
            dev.evenhand.llm.ModelProfile profile = t.profile().withStep(dev.evenhand.domain.Step.AUDIT,
                decoding.forCall(run.protocol(), pairId, g, k), t.profile().prompts().get(dev.evenhand.domain.Step.AUDIT), t.profile().system());
            StepCaller.Outcome<Judgment> o = run.protocol() == AuditProtocol.PAPER
                ? steps.auditPaper(t.hosts(), profile, p.pair().story(g), call -> calls.insertForAudit(runId, pairId, call), cancel::get)
                : steps.audit(t.hosts(), profile, p.pair().story(g), call -> calls.insertForAudit(runId, pairId, call), cancel::get);
            if (!o.ok() && o.fault() == FaultKind.MODEL_NOT_FOUND) {
              fatal.compareAndSet(null, OllamaException.modelNotFound(model, t.hosts().hosts().get(0).url()));
              return null;
            }
            if (!o.ok() && !o.fault().modelAnswered()) {
              // the server failed: not the model's answer; the call is stored, the answer is asked again on resume
              failed.merge(o.fault().label(), 1L, Long::sum);
              LOG.warn("audit {} pair {} {} story, model {}: no answer ({}): {}", runId, pairId, g.label(), model, o.fault().label(), o.error());
              continue;
            }
            audits.save(runId, pairId, model, g, k, o.value().orElse(new Judgment(Stance.INVALID, o.error() == null ? "" : o.error())), o.callId());
            listener.progress(done.incrementAndGet(), total);
          }
        }
        return null;
      })) {
        if (!(c instanceof java.util.concurrent.CancellationException)) fatal.compareAndSet(null, Workers.unchecked(c));
      }
      if (fatal.get() != null) throw fatal.get();
      if (cancel.get()) return new Result(false, true, done.get(), total, new java.util.TreeMap<>(failed));
    }
    boolean complete = failed.isEmpty();
    if (complete) audits.finish(runId);
    return new Result(complete, false, done.get(), total, new java.util.TreeMap<>(failed));
  }
}
