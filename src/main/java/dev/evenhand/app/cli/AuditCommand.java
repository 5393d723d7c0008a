package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.AuditProtocol;
import dev.evenhand.usecase.AuditProtocolFigures;
import dev.evenhand.usecase.AuditUseCase;
import dev.evenhand.usecase.AuditService;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.AuditRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit}: measures models' gender bias on a pair set (METHOD.md, "Measuring bias"), resumable, with a report. */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Ask models the audit question for both stories of every pair of a set and report the bias metrics.",
    subcommands = {AuditShowCommand.class, AuditCompareCommand.class, AuditReportCommand.class})
public final class AuditCommand extends BaseCommand {
  @Option(names = "--models", paramLabel = "A,B", split = ",", description = "model tags to audit") List<String> models;
  @Option(names = "--set", paramLabel = "NAME", description = "the pair set, e.g. genmo") String set;
  @Option(names = "--limit", paramLabel = "N", description = "only the first N pairs of the set, in import order") Integer limit;
  @Option(names = "--report", paramLabel = "DIR", description = "write judgments.csv, metrics.json, statistics.json, the charts (PNG and SVG), report.html and table.tex here") Path report;
  @Option(names = "--resume", description = "finish the most recent interrupted audit") boolean resume;
  @Option(names = "--protocol", paramLabel = "evenhand|paper", defaultValue = "evenhand", description = "how answers are gathered: evenhand "
      + "(structured output, the profile's audit options; default) or paper (GenMO's evaluation as its authors ran it: no name in the "
      + "question, 512 tokens, each model's own default decoding)") String protocol;
  @Option(names = "--samples", paramLabel = "K", defaultValue = "1", description = "answers asked per story (distinct seeds when the model "
      + "samples): the noise floor; default ${DEFAULT-VALUE}") int samples;
  @Mixin ParallelOption parallel;

  @Override
  protected boolean contactsOllama() { return true; }

  @Override
  public Integer call() throws Exception {
    if (limit != null && limit < 1) throw new InvalidInputException("--limit must be at least 1 (got " + limit + ")");
    if (report != null) AuditUseCase.checkReportFolder(report); // before any question: a refused folder at the end would waste the run
    if (resume) refuseNewAuditOptions();
    try (Services s = services()) {
      AuditUseCase audits = s.audits();
      Optional<AuditRepository.AuditRun> resumed = Optional.empty();
      AuditUseCase.Request request = null;
      if (resume) {
        resumed = audits.latestUnfinished();
        if (resumed.isEmpty()) {
          err().println("nothing to resume: no interrupted audit");
          if (json()) printJson(Map.of("resumed", false));
          return OK;
        }
      } else {
        AuditProtocol p;
        try {
          p = AuditProtocol.parse(protocol);
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException("--protocol: " + e.getMessage());
        }
        request = new AuditUseCase.Request(set, models, limit, p, samples);
      }
      int slots = parallel.value() != null ? parallel.value() : s.targets().defaultParallel();
      AtomicBoolean cancel = new AtomicBoolean();
      AuditUseCase.Outcome outcome;
      try (CancelOnSignal signals = new CancelOnSignal(cancel, err(), "evenhand audit --resume")) {
        outcome = resumed.isPresent()
            ? audits.resume(resumed.get().id(), slots, MAX_PAUSE, new Progress(), cancel)
            : audits.start(request, slots, MAX_PAUSE, new Progress(), cancel);
      }
      AuditService.Result result = outcome.result();
      long runId = outcome.run().id();
      if (result.cancelled()) err().println("cancelled: resume with `evenhand audit --resume`");
      if (result.unansweredCount() > 0) err().println(result.missingLine());
      if (report != null) for (Path p : audits.writeReport(runId, report, dev.evenhand.app.ChartRenderer::render)) err().println("wrote " + p);
      if (outcome.contaminated() > 0) {
        err().println("warning: " + outcome.contaminated() + " audited pairs were exported as training data: the audit is contaminated");
      }
      print(outcome.run(), outcome.metrics(), audits.protocolFigures(outcome.run()), outcome.contaminated(), result,
          audits.figures(outcome.run()).comparisons());
      return result.complete() ? OK : SHORT;
    }
  }

  /** The options that describe a new audit; {@code --resume} finishes one as it was started. */
  static final List<String> NEW_AUDIT_OPTIONS = List.of("--set", "--models", "--limit", "--protocol", "--samples");

  /**
   * Refuses {@code --resume} with an option that describes a new audit: the interrupted audit keeps its own set, models,
   * limit, protocol and samples, so such an option would be ignored without a word (a breaker's {@code audit --resume
   * --set nope} exited 0).
   *
   * @throws InvalidInputException (exit 2) naming the options given
   */
  private void refuseNewAuditOptions() {
    var parsed = spec.commandLine().getParseResult();
    List<String> given = NEW_AUDIT_OPTIONS.stream().filter(parsed::hasMatchedOption).toList();
    if (!given.isEmpty()) {
      throw new InvalidInputException("--resume finishes the latest interrupted audit with the set, models, limit, protocol and samples it was "
          + "started with; leave out " + String.join(", ", given) + " (for a new audit, leave out --resume)");
    }
  }

  /** How long an audit waits while every host is away before it stops. */
  private static final Duration MAX_PAUSE = Duration.ofMinutes(10);

  /** Prints the run's size once and its answers every two seconds on stderr. */
  private final class Progress implements AuditUseCase.Listener {
    private final ProgressLines answers = ProgressLines.withEnds(err(), "answers");

    @Override
    public void started(AuditRepository.AuditRun run, long pairs) {
      err().println("audit " + run.id() + ": " + pairs + " pairs of set " + run.setName() + " × " + run.models().size() + " model(s)");
      err().println("  " + AuditProtocolFigures.describe(run));
    }

    @Override
    public void progress(long done, long total) { answers.accept(done, total); }

    @Override
    public void note(String note) { err().println(note); }
  }

  /** Prints the figures; each model against the first with both resolution figures (src/docs/audit/compare.md). */
  private void print(AuditRepository.AuditRun run, Map<String, BiasMetrics.Result> metrics,
                     Map<String, AuditProtocolFigures.ModelFigures> figures, long contaminated, AuditService.Result result,
                     List<dev.evenhand.usecase.AuditComparison> comparisons) {
    long runId = run.id();
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("audit_run", runId);
      m.put("protocol", run.protocol().id());
      m.put("samples", run.samples());
      m.put("complete", result.complete());
      m.put("answers", result.answered());
      m.put("answers_needed", result.total());
      m.put("unanswered", result.unanswered());
      List<Map<String, Object>> rows = new ArrayList<>();
      metrics.forEach((model, r) -> {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", model);
        o.put("pairs", r.pairs());
        o.put("mismatch_count", r.mismatchCount());
        o.put("mismatch_rate", r.mismatchRate().rate());
        o.put("mismatch_rate_ci95", List.of(r.mismatchRate().low(), r.mismatchRate().high()));
        o.put("male_favoured_share", r.maleFavouredShare());
        o.put("female_favoured_share", r.femaleFavouredShare());
        o.put("binomial_p", r.binomialP());
        o.put("invalid_rate", r.invalidRate().rate());
        AuditProtocolFigures.ModelFigures f = figures.get(model);
        if (f != null) AuditFiguresJson.put(o, f);
        rows.add(o);
      });
      m.put("models", rows);
      m.put("contaminated", contaminated > 0);
      m.put("comparisons", comparisons.stream().map(dev.evenhand.usecase.AuditComparisonJson::of).toList());
      printJson(m);
      return;
    }
    out().println("audit " + runId + ": " + AuditProtocolFigures.describe(run));
    metrics.forEach((model, r) -> out().printf("%s: %d pairs, mismatch %d (%.1f%%, 95%% CI %.1f-%.1f%%), male-favoured %.1f%%, "
            + "female-favoured %.1f%% (binomial p %.3g), invalid %.1f%%%n", model, r.pairs(), r.mismatchCount(), 100 * r.mismatchRate().rate(),
        100 * r.mismatchRate().low(), 100 * r.mismatchRate().high(), 100 * r.maleFavouredShare(), 100 * r.femaleFavouredShare(), r.binomialP(),
        100 * r.invalidRate().rate()));
    figures.forEach((model, f) -> out().println(AuditFiguresJson.line(model, f)));
    for (dev.evenhand.usecase.AuditComparison c : comparisons) out().printf("%s vs %s: %s%n", printable(c.model()), printable(c.base()),
        AuditCompareCommand.resolutionLine(c));
  }
}
