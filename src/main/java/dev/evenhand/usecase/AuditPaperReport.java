package dev.evenhand.usecase;

import dev.evenhand.exchange.AtomicFile;
import dev.evenhand.exchange.audit.HtmlReport;
import dev.evenhand.exchange.audit.LatexTable;
import dev.evenhand.exchange.audit.ReportExtras;
import dev.evenhand.exchange.audit.ReportHeader;
import dev.evenhand.exchange.audit.SvgCharts;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.store.AuditRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an audit report meant for a paper (issue 14, point 7), beside judgments.csv, metrics.json and the
 * PNG charts: the charts as SVG ({@code mismatch-rate.svg}, {@code per-environment.svg}, {@code favoured-gender.svg},
 * {@code transitions-<model>.svg}, the same names as the PNGs), the self-contained {@code report.html} and the
 * booktabs tables {@code table.tex}. Every one states the run's {@link ReportHeader} (protocol, models with digests,
 * Ollama version, dates). Each file is written whole under a temporary name and moved into place.
 */
public final class AuditPaperReport {
  private final AuditRepository audits;
  private final Clock clock;

  /**
   * @param audits audit runs and answers
   * @param clock  gives the time stated as "written" in report.html
   */
  public AuditPaperReport(AuditRepository audits, Clock clock) {
    this.audits = audits;
    this.clock = clock;
  }

  /** @return the run's exact-label environments, noise floor (when sampled) and comparisons with its first model */
  private ReportExtras extras(long runId) {
    AuditRepository.AuditRun run = audits.find(runId).orElseThrow();
    Map<String, BiasMetrics.ExactLabels> exact = new LinkedHashMap<>();
    Map<String, dev.evenhand.method.NoiseFloor.Result> noise = new LinkedHashMap<>();
    new AuditProtocolFigures(audits).of(run).forEach((model, f) -> {
      exact.put(model, f.exact());
      if (run.samples() > 1) noise.put(model, f.noise());
    });
    List<ReportExtras.Comparison> comparisons = new ArrayList<>();
    List<String> order = run.models();
    List<AuditRepository.Row> answered = audits.rows(runId);
    for (String other : order.subList(Math.min(1, order.size()), order.size())) {
      AuditComparison c = AuditComparison.of(answered, order.get(0), other);
      comparisons.add(new ReportExtras.Comparison(c.base(), c.model(), c.pairs(), c.baseMismatches(), c.resolvedIdentical(), c.noLongerMismatched(),
          c.movedTo(), c.test()));
    }
    return new ReportExtras(exact, noise, comparisons);
  }

  /**
   * Writes the SVG charts, report.html and table.tex of a run into a folder (created if needed).
   *
   * @param runId the run
   * @param dir   the report folder
   * @return the files written, charts first
   * @throws IOException when a file cannot be written; files already written stay whole
   * @throws dev.evenhand.method.InvalidInputException when there is no such run
   */
  public List<Path> write(long runId, Path dir) throws IOException {
    ReportHeader header = new AuditProvenance(audits).header(runId);
    Map<String, BiasMetrics.Result> metrics = new AuditReport(audits).metrics(runId);
    Map<String, String> files = new LinkedHashMap<>();
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    files.put("mismatch-rate.svg", xml + SvgCharts.mismatchRate(metrics, header, true));
    files.put("per-environment.svg", xml + SvgCharts.perEnvironment(metrics, header, true));
    files.put("favoured-gender.svg", xml + SvgCharts.favoured(metrics, header, true));
    Map<String, String> names = SvgCharts.fileNames(metrics.keySet());
    metrics.forEach((model, r) -> files.put("transitions-" + names.get(model) + ".svg", xml + SvgCharts.transitions(model, r, header, true)));
    ReportExtras extras = extras(runId);
    files.put("report.html", HtmlReport.of(metrics, header, clock.instant(), extras));
    files.put("table.tex", LatexTable.of(metrics, header, extras.exact()));
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      AtomicFile.write(p, f.getValue().getBytes(StandardCharsets.UTF_8));
      out.add(p);
    }
    return out;
  }
}
