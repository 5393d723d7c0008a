package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.usecase.AuditUseCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code audit report RUN DIR}: writes the report of an audit run that exists (judgments.csv, metrics.json,
 * statistics.json, the charts as PNG and SVG, report.html, table.tex), as {@code audit --report DIR} writes it when
 * the run ends. For a run whose report was not asked for, could not be written, or was cut short by a kill; the Audit
 * screen's Export report… does the same. Read-only on the database; works without Ollama. An unknown run or a folder
 * that cannot take the files exits 2.
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Write the report of an existing audit run into a folder (the files of audit --report).")
final class AuditReportCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "RUN", description = "the audit run id") long run;
  @Parameters(index = "1", paramLabel = "DIR", description = "the folder for the report files (created)") Path dir;

  @Override
  public Integer call() throws Exception {
    AuditUseCase.checkReportFolder(dir);
    try (Services s = services()) {
      AuditUseCase audits = s.audits();
      if (audits.runs().stream().noneMatch(r -> r.id() == run)) throw new InvalidInputException("no audit run " + run + " (see the runs on the Audit screen)");
      List<Path> written = audits.writeReport(run, dir, dev.evenhand.app.ChartRenderer::render);
      if (json()) {
        printJson(Map.of("audit_run", run, "files", written.stream().map(Path::toString).toList()));
      } else {
        for (Path p : written) out().println("wrote " + p);
      }
    }
    return OK;
  }
}
