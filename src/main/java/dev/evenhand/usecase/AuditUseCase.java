package dev.evenhand.usecase;

import dev.evenhand.domain.AuditProtocol;
import dev.evenhand.domain.RunStatus;
import dev.evenhand.domain.Step;
import dev.evenhand.llm.ModelProfile;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.AuditRepository.AuditRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Audit a model's gender bias on a pair set (METHOD.md, "Measuring bias"): start or resume a run, and
 * its figures and report. The one implementation both {@code evenhand audit} and the Audit screen call.
 */
public final class AuditUseCase {
  private final AuditRepository audits;
  private final AuditService service;
  private final ModelTargets targets;

  /**
   * @param audits  audit runs and answers
   * @param service asks the models and stores the answers
   * @param targets checks model tags against the servers and builds host pools
   */
  public AuditUseCase(AuditRepository audits, AuditService service, ModelTargets targets) {
    this.audits = audits;
    this.service = service;
    this.targets = targets;
  }

  /**
   * A new audit.
   *
   * @param set    the pair set, e.g. {@code genmo}
   * @param models the model tags, at least one
   * @param limit    only the first N pairs of the set in import order, or null for all
   * @param protocol how the answers are gathered (issue 14)
   * @param samples  answers asked per story, 1 .. {@value AuditDecoding#MAX_SAMPLES}
   */
  public record Request(String set, List<String> models, Integer limit, AuditProtocol protocol, int samples) {
    /**
     * @throws InvalidInputException naming the option when the set or the models are missing, the limit is below 1, or the
     *     samples are outside 1 .. {@value AuditDecoding#MAX_SAMPLES}
     */
    public Request {
      if (models == null || models.isEmpty() || models.stream().anyMatch(m -> m == null || m.isBlank())) {
        throw new InvalidInputException("audit needs --models A[,B...]");
      }
      if (set == null || set.isBlank()) throw new InvalidInputException("audit needs --set NAME (e.g. genmo after `evenhand import genmo FILE`)");
      if (limit != null && limit < 1) throw new InvalidInputException("--limit must be at least 1 (got " + limit + ")");
      if (samples < 1 || samples > AuditDecoding.MAX_SAMPLES) {
        throw new InvalidInputException("--samples must be 1 to " + AuditDecoding.MAX_SAMPLES + " (got " + samples + ")");
      }
      if (protocol == null) protocol = AuditProtocol.EVENHAND;
      models = models.stream().map(String::strip).toList();
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String m : models) if (!seen.add(m)) throw new InvalidInputException("--models: " + m + " is given twice");
    }

    /** Today's audit: the Evenhand protocol, one answer per story. */
    public Request(String set, List<String> models, Integer limit) { this(set, models, limit, AuditProtocol.EVENHAND, 1); }
  }

  /** How a session is run. */
  public interface Listener {
    /**
     * Called once the models were found on the servers and the run exists, before any question.
     *
     * @param run   the run
     * @param pairs pairs in the run
     */
    default void started(AuditRun run, long pairs) { }

    /** @param done answers stored so far @param total answers the run needs (on worker threads) */
    void progress(long done, long total);

    /** @param note one line, e.g. a host left out because it lacks the model */
    default void note(String note) { }
  }

  /**
   * How a session ended, with the run's figures.
   *
   * @param run          the run
   * @param result       answers stored and missing, cancel
   * @param metrics      bias metrics per model tag, in the run's order
   * @param contaminated audited pairs that were exported as training data (the audit is then contaminated)
   */
  public record Outcome(AuditRun run, AuditService.Result result, Map<String, BiasMetrics.Result> metrics, long contaminated) {}

  /**
   * The figures of a run for the Audit screen.
   *
   * @param run          the run
   * @param metrics      bias metrics per model tag
   * @param comparisons  the first model against each other model (empty for one model)
   * @param contaminated audited pairs that were exported as training data
   * @param rows         each model's stances on each pair
   */
  public record Figures(AuditRun run, Map<String, BiasMetrics.Result> metrics, List<AuditComparison> comparisons, long contaminated,
                        List<AuditRepository.Row> rows) {}

  /**
   * @param run the run
   * @return per model: the noise floor and the exact-label per-environment rates ({@link AuditProtocolFigures})
   */
  public Map<String, AuditProtocolFigures.ModelFigures> protocolFigures(AuditRun run) { return new AuditProtocolFigures(audits).of(run); }

  /**
   * @param run the run
   * @return per model tag, every decoding option its calls are sent and where they come from (empty for runs before V11)
   */
  public Map<String, Map<String, Object>> decoding(AuditRun run) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    AuditDecoding.parse(run.decoding()).forEach((m, d) -> out.put(m, d.asMap()));
    return out;
  }

  /** @return every audit run, newest first */
  public List<AuditRun> runs() { return audits.all(); }

  /** @return the names of the pair sets that can be audited */
  public List<String> setNames() { return audits.setNames(); }

  /** @return the run with this id, if any */
  public Optional<AuditRun> find(long runId) { return audits.find(runId); }

  /**
   * The pairs behind a figure: the ids of a run's answered pairs that a selection picks.
   *
   * @param runId     the run
   * @param selection which pairs
   * @return pair ids, ascending
   * @throws InvalidInputException when there is no such run
   */
  public List<Long> select(long runId, AuditSelection selection) {
    audits.find(runId).orElseThrow(() -> new InvalidInputException("no audit run " + runId + " (see the runs with `evenhand stats`)"));
    return selection.pairIds(audits.rows(runId));
  }

  /**
   * The evidence for one pair of a run: its stories and every audited model's answers.
   *
   * @param runId  the run
   * @param pairId the pair
   * @return the evidence
   * @throws InvalidInputException when there is no such run, no such pair, or the pair is not part of the run
   */
  public AuditEvidence evidence(long runId, long pairId) {
    AuditRun run = audits.find(runId).orElseThrow(() -> new InvalidInputException("no audit run " + runId));
    AuditRepository.PairAnswers stored = audits.pairAnswers(runId, pairId).orElseThrow(() -> new InvalidInputException("no pair " + pairId));
    if (stored.answers().isEmpty() && !audits.pairIds(run).contains(pairId)) {
      throw new InvalidInputException("pair " + pairId + " is not part of audit run " + runId + " (set " + run.setName() + ")");
    }
    return AuditEvidence.of(run, stored);
  }

  /**
   * @param pairId a pair
   * @return the audit runs that stored answers for it, newest first (so {@code review show} can point there)
   */
  public List<Long> runsOfPair(long pairId) { return audits.runsOfPair(pairId); }

  /** @return the most recent run that did not finish */
  public Optional<AuditRun> latestUnfinished() { return audits.latestUnfinished(); }

  /**
   * Starts an audit: every model is checked on the servers before the run is created.
   *
   * @param request  what to audit
   * @param parallel requests in flight per host
   * @param maxPause how long the audit waits while every host is away
   * @param listener progress and notes
   * @param cancel   set to stop after the answers in flight; the run stays resumable
   * @return how it ended
   * @throws dev.evenhand.llm.OllamaException when no server answers or none has a model
   * @throws InterruptedException when interrupted
   */
  public Outcome start(Request request, int parallel, Duration maxPause, Listener listener, AtomicBoolean cancel) throws InterruptedException {
    return run(null, request, parallel, maxPause, listener, cancel);
  }

  /**
   * Resumes a run that did not finish: only the answers still missing are asked.
   *
   * @param runId the run
   * @throws InvalidInputException when there is no such run or it is complete
   * @see #start
   */
  public Outcome resume(long runId, int parallel, Duration maxPause, Listener listener, AtomicBoolean cancel) throws InterruptedException {
    AuditRun run = audits.find(runId).orElseThrow(() -> new InvalidInputException("no audit run " + runId));
    if (run.status() != RunStatus.RUNNING) throw new InvalidInputException("audit run " + runId + " is complete: nothing to resume");
    return run(run, null, parallel, maxPause, listener, cancel);
  }

  private Outcome run(AuditRun existing, Request request, int parallel, Duration maxPause, Listener listener, AtomicBoolean cancel)
      throws InterruptedException {
    List<String> tags = existing != null ? existing.models() : request.models();
    AuditProtocol protocol = existing != null ? existing.protocol() : request.protocol();
    if (existing == null && !audits.setNames().contains(request.set())) {
      // checked before the server is asked anything: with no Ollama running, a mistyped set was reported as Ollama unreachable
      List<String> sets = audits.setNames();
      throw new InvalidInputException("--set: no pair set named '" + request.set() + "' (" + (sets.isEmpty() ? "no sets yet; GenMO: `evenhand import genmo FILE`"
          : "sets: " + String.join(", ", sets)) + ")");
    }
    if (existing == null && audits.pairCount(request.set()) == 0) {
      // checked before the server is asked anything: an audit of no pair gave figures over zero pairs with exit 0
      throw new InvalidInputException("--set " + request.set() + ": the set has no pairs (an import whose pairs were all stored already "
          + "adds them to the first set, not to a new one); audit the set that holds them");
    }
    Map<String, GenerationService.Target> pools = new LinkedHashMap<>();
    try {
      Map<String, AuditDecoding> recorded = existing != null ? AuditDecoding.parse(existing.decoding()) : Map.of();
      Map<String, AuditDecoding> decodings = new LinkedHashMap<>();
      for (String tag : tags) {
        GenerationService.Target t = targets.target(tag, parallel, maxPause, listener::note);
        AuditDecoding d = recorded.containsKey(tag) ? recorded.get(tag) : decoding(protocol, tag, t.profile());
        // the run's recorded options (a resumed run keeps them even if the profile changed since) on the audit step
        ModelProfile asked = protocol == AuditProtocol.PAPER ? targets.paperProtocol(tag).apply(t.profile(), d.options())
            : t.profile().withStep(Step.AUDIT, d.options(), t.profile().prompts().get(Step.AUDIT), t.profile().system());
        pools.put(tag, new GenerationService.Target(t.hosts(), asked, t.modelTag()));
        decodings.put(tag, d);
        if (!d.modelDefaultsKnown()) listener.note(tag + ": its own default decoding is not in its profile; the paper protocol uses "
            + "the documented default (" + d.options().asMap() + ")");
      }
      int samples = existing != null ? existing.samples() : request.samples();
      if (samples > 1) {
        decodings.forEach((tag, d) -> {
          if (!d.options().sampling()) listener.note(tag + " decodes greedily: its " + samples + " samples per story are the same answer; "
              + "--samples above 1 adds nothing for it");
        });
      }
      AuditRun run = existing != null ? existing
          : audits.create(request.set(), tags, request.limit(), protocol, samples, AuditDecoding.toJson(decodings));
      AuditService.Result result;
      // one process at a time: `audit --resume` while another process still audits the run would ask every question twice
      try (RunLease lease = new RunLease(audits.holds(), run.id(), "audit run " + run.id() + " is being audited")) {
        listener.started(run, audits.pairIds(run).size());
        result = service.execute(run.id(), pools, listener::progress, cancel);
      }
      AuditRun now = audits.find(run.id()).orElse(run);
      return new Outcome(now, result, new AuditReport(audits).metrics(run.id()), audits.exportedPairs(run.id()));
    } finally {
      for (GenerationService.Target t : pools.values()) t.hosts().close();
    }
  }

  /**
   * @return the decoding a new run sends a model: the profile's audit step (Evenhand protocol) or its paper_protocol
   *     block ({@link dev.evenhand.llm.PaperProtocol})
   */
  private AuditDecoding decoding(AuditProtocol protocol, String tag, ModelProfile profile) {
    if (protocol == AuditProtocol.PAPER) {
      dev.evenhand.llm.PaperProtocol paper = targets.paperProtocol(tag);
      return new AuditDecoding(paper.options(), paper.source() + " (profile " + paper.profile() + ")", paper.modelDefaultsKnown());
    }
    return new AuditDecoding(profile.options().get(Step.AUDIT), "the audit step of profile " + profile.name(), true);
  }

  /**
   * @param run the run
   * @return its metrics, comparisons, contamination and rows
   */
  public Figures figures(AuditRun run) {
    Map<String, BiasMetrics.Result> metrics = new AuditReport(audits).metrics(run.id());
    List<AuditRepository.Row> rows = audits.rows(run.id());
    List<String> models = run.models();
    List<AuditComparison> comparisons = models.size() < 2 ? List.of()
        : models.subList(1, models.size()).stream().map(other -> AuditComparison.of(rows, models.get(0), other)).toList();
    return new Figures(run, metrics, comparisons, audits.exportedPairs(run.id()), rows);
  }

  /**
   * Checks, before any question is asked, that a report can be written into {@code dir}: it is a folder or can be
   * made one, and a file can be created in it (the probe is removed again). An audit whose report folder is
   * refused only at the end would have spent all its calls first.
   *
   * @param dir the report folder ({@code --report DIR})
   * @throws InvalidInputException naming the folder and why when it cannot take the report
   */
  public static void checkReportFolder(Path dir) {
    if (dir.toString().isBlank()) throw new InvalidInputException("--report: give a folder for the report files");
    if (Files.exists(dir) && !Files.isDirectory(dir)) throw new InvalidInputException("--report: " + dir + " is a file; give a folder");
    try {
      // checked where the folder is or would be made, without making it: an audit that then fails (Ollama away, exit 4)
      // leaves no empty report folder behind (a newcomer found one)
      Path at = dir.toAbsolutePath();
      while (at != null && !Files.exists(at)) at = at.getParent();
      if (at == null) throw new IOException("no folder of " + dir + " exists");
      if (!Files.isDirectory(at)) throw new InvalidInputException("--report: " + dir + ": " + at + " is a file; give a folder");
      Path probe = Files.createTempFile(at, ".evenhand-report-check", ".tmp");
      Files.delete(probe);
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("--report: cannot write into " + dir + ": " + dev.evenhand.exchange.FileProblems.why(e instanceof IOException io ? io
          : new IOException(e.getMessage(), e)));
    }
  }

  /**
   * Writes {@code judgments.csv}, {@code metrics.json} and {@code statistics.json} of a run (FORMATS.md), the charts,
   * and for papers the SVG charts, {@code report.html} and {@code table.tex} ({@link AuditPaperReport}).
   *
   * @param runId the run
   * @param dir   the report folder (created)
   * @param charts renders the charts of the metrics into the folder and returns the files written (the app
   *               draws them with JavaFX), or nothing
   * @return the files written
   * @throws IOException when a file cannot be written; files already written stay whole
   */
  public List<Path> writeReport(long runId, Path dir, Charts charts) throws IOException {
    AuditReport report = new AuditReport(audits);
    List<Path> written = new java.util.ArrayList<>(report.write(runId, dir));
    written.addAll(charts.render(report.metrics(runId), dir));
    written.addAll(new AuditPaperReport(audits, java.time.Clock.systemUTC()).write(runId, dir));
    return written;
  }

  /** Draws the charts of a report. */
  @FunctionalInterface
  public interface Charts {
    /**
     * @param metrics per model tag
     * @param dir     the report folder
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    List<Path> render(Map<String, BiasMetrics.Result> metrics, Path dir) throws IOException;
  }
}
