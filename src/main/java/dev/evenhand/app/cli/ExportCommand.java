package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.PairQuery;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: writes curated pairs as training data (FORMATS.md), atomically, with a manifest. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Export reviewed pairs as training data (default: accepted pairs).")
public final class ExportCommand extends BaseCommand {
  @Option(names = "--format", paramLabel = "ID", required = true, description = "export format, e.g. trl-dpo")
  String format;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "the data file to write")
  Path outFile;

  @Option(names = "--status", paramLabel = "STATUS", defaultValue = "accepted", description = "pending, accepted, rejected or all (default ${DEFAULT-VALUE})")
  String status;

  @Option(names = "--divergent", description = "only divergent pairs")
  boolean divergent;

  @Override
  public Integer call() throws Exception {
    PairQuery q = PairQuery.ALL.withDivergentOnly(divergent);
    if (!status.equalsIgnoreCase("all")) {
      try {
        q = q.withStatus(ReviewStatus.parse(status));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("--status: " + e.getMessage() + " or all");
      }
    }
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("status", status.toLowerCase(java.util.Locale.ROOT));
    filters.put("divergent_only", divergent);
    try (Services s = services()) {
      if (!s.export().formatIds().contains(format))
        throw new InvalidInputException("--format: unknown format '" + format + "' (known: " + String.join(", ", s.export().formatIds()) + ")");
      ExportService.Result r = s.export().export(format, outFile, q, filters, s.trainingPrompts(), n -> { }, () -> false);
      if (json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file().toString());
        m.put("manifest", r.manifest().toString());
        m.put("records", r.records());
        m.put("pairs", r.pairs());
        m.put("sha256", r.sha256());
        printJson(m);
      } else {
        out().println("wrote " + r.records() + " records (" + r.pairs() + " pairs) to " + r.file());
        out().println("manifest: " + r.manifest());
      }
      if (r.pairs() == 0) err().println("no pair matched: is anything " + status + "? (see `evenhand stats`)");
    }
    return OK;
  }
}
