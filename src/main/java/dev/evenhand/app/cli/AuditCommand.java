package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.usecase.AuditReport;
import dev.evenhand.usecase.AuditService;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.usecase.GenerationService;
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
import picocli.CommandLine.Option;

/** {@code audit}: measures models' gender bias on a pair set (METHOD.md, "Measuring bias"), resumable, with a report. */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Ask models the audit question for both stories of every pair of a set and report the bias metrics.")
public final class AuditCommand extends BaseCommand {
  @Option(names = "--models", paramLabel = "A,B", split = ",", description = "model tags to audit") List<String> models;
  @Option(names = "--set", paramLabel = "NAME", description = "the pair set, e.g. genmo") String set;
  @Option(names = "--limit", paramLabel = "N", description = "only the first N pairs of the set, in import order") Integer limit;
  @Option(names = "--report", paramLabel = "DIR", description = "write judgments.csv, metrics.json and statistics.json here") Path report;
  @Option(names = "--resume", description = "finish the most recent interrupted audit") boolean resume;
  @Option(names = "--parallel", paramLabel = "S", description = "requests in flight per host (default: the setting)") Integer parallel;

  @Override
  protected boolean contactsOllama() { return true; }

  @Override
  public Integer call() throws Exception {
    if (limit != null && limit < 1) throw new InvalidInputException("--limit must be at least 1 (got " + limit + ")");
    if (parallel != null && (parallel < 1 || parallel > 64)) throw new InvalidInputException("--parallel must be between 1 and 64 (got " + parallel + ")");
    try (Services s = services()) {
      AuditRepository audits = new AuditRepository(s.database());
      AuditRepository.AuditRun run;
      if (resume) {
        Optional<AuditRepository.AuditRun> r = audits.latestUnfinished();
        if (r.isEmpty()) {
          err().println("nothing to resume: no interrupted audit");
          if (json()) printJson(Map.of("resumed", false));
          return OK;
        }
        run = r.get();
      } else {
        if (models == null || models.isEmpty() || models.stream().anyMatch(String::isBlank)) throw new InvalidInputException("audit needs --models A[,B...]");
        if (set == null || set.isBlank()) throw new InvalidInputException("audit needs --set NAME (e.g. genmo after `evenhand import genmo FILE`)");
        run = null;
      }
      List<String> tags = run == null ? models.stream().map(String::strip).toList() : run.models();
      int slots = parallel != null ? parallel : s.settings().parallel();
      Map<String, GenerationService.Target> targets = new LinkedHashMap<>();
      try {
        for (String tag : tags) targets.put(tag, s.target(tag, slots, Duration.ofMinutes(10), note -> err().println(note)));
        if (run == null) run = audits.create(set, tags, limit);
        long pairs = audits.pairIds(run).size();
        err().println("audit " + run.id() + ": " + pairs + " pairs of set " + run.setName() + " × " + tags.size() + " model(s)");
        AtomicBoolean cancel = new AtomicBoolean();
        final long runId = run.id();
        long[] last = {0};
        AuditService.Result result;
        try (CancelOnSignal signals = new CancelOnSignal(cancel, err(), "evenhand audit --resume")) {
        result = new AuditService(audits, s.pairs(), s.calls(), s.steps()).execute(runId, targets, (done, total) -> {
          long now = System.nanoTime();
          if (now - last[0] > 2_000_000_000L || done == total) {
            last[0] = now;
            synchronized (this) {
              err().println("  " + done + " of " + total + " answers");
              err().flush();
            }
          }
        }, cancel);
        }
        if (result.cancelled()) err().println("cancelled: resume with `evenhand audit --resume`");
        if (result.unansweredCount() > 0) err().println(result.missingLine());
        AuditReport rep = new AuditReport(audits);
        Map<String, BiasMetrics.Result> metrics = rep.metrics(runId);
        if (report != null) {
          for (Path p : rep.write(runId, report)) err().println("wrote " + p);
          for (Path p : dev.evenhand.app.ChartRenderer.render(metrics, report)) err().println("wrote " + p);
        }
        long contaminated = audits.exportedPairs(runId);
        if (contaminated > 0) err().println("warning: " + contaminated + " audited pairs were exported as training data: the audit is contaminated");
        print(runId, metrics, contaminated, result);
        return result.complete() ? OK : SHORT;
      } finally {
        for (GenerationService.Target t : targets.values()) t.hosts().close();
      }
    }
  }

  private void print(long runId, Map<String, BiasMetrics.Result> metrics, long contaminated, AuditService.Result result) {
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("audit_run", runId);
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
        rows.add(o);
      });
      m.put("models", rows);
      m.put("contaminated", contaminated > 0);
      printJson(m);
      return;
    }
    metrics.forEach((model, r) -> out().printf("%s: %d pairs, mismatch %d (%.1f%%, 95%% CI %.1f-%.1f%%), male-favoured %.1f%%, "
            + "female-favoured %.1f%% (binomial p %.3g), invalid %.1f%%%n", model, r.pairs(), r.mismatchCount(), 100 * r.mismatchRate().rate(),
        100 * r.mismatchRate().low(), 100 * r.mismatchRate().high(), 100 * r.maleFavouredShare(), 100 * r.femaleFavouredShare(), r.binomialP(),
        100 * r.invalidRate().rate()));
  }
}
