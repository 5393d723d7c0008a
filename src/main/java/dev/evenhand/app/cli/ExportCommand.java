package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.exchange.FileProblems;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.PairQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: writes curated pairs in a format of FORMATS.md, atomically, with a manifest per file. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Export reviewed pairs as training data (default: accepted pairs).")
public final class ExportCommand extends BaseCommand {
  @Option(names = "--format", paramLabel = "ID", required = true,
      description = "trl-dpo, trl-dpo-chat, trl-sft, trl-sft-chat, llama-factory, openai-dpo, axolotl-dpo, paper, evenhand or csv")
  String format;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "the data file to write")
  Path outFile;

  @Option(names = "--status", paramLabel = "STATUS", defaultValue = "accepted", description = "pending, accepted, rejected or all (default ${DEFAULT-VALUE})")
  String status;

  @Option(names = "--set", paramLabel = "NAME", description = "only this pair set (a run's set is run-<id>)")
  String set;

  @Option(names = "--environment", paramLabel = "E", description = "only this environment")
  String environment;

  @Option(names = "--model", paramLabel = "TAG", description = "only pairs judged by this model")
  String model;

  @Option(names = "--reviewer", paramLabel = "NAME", description = "only pairs this reviewer acted on")
  String reviewer;

  @Option(names = "--since", paramLabel = "DATE", description = "only pairs stored on or after this day (yyyy-mm-dd)")
  String since;

  @Option(names = "--divergent", description = "only divergent pairs")
  boolean divergent;

  @Option(names = "--recipe", paramLabel = "paper|cda", defaultValue = "paper",
      description = "the paper's recipe (balanced judgments; default) or the CDA baseline (swapped explanations: trl-sft, trl-sft-chat, paper, evenhand, csv)")
  String recipe;

  @Option(names = "--split", paramLabel = "F", description = "share of pairs for a test file: writes <stem>.train.<ext> and <stem>.test.<ext>")
  Double split;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "the split's seed (default ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    PairQuery q = PairQuery.ALL.withSort(PairQuery.Sort.OLDEST).withDivergentOnly(divergent).withSet(set).withEnvironment(environment)
        .withModel(model).withReviewer(reviewer);
    if (!status.equalsIgnoreCase("all")) {
      try {
        q = q.withStatus(ReviewStatus.parse(status));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("--status: " + e.getMessage() + " or all");
      }
    }
    if (since != null) {
      try {
        q = q.withSince(LocalDate.parse(since).atStartOfDay(ZoneId.systemDefault()).toInstant());
      } catch (DateTimeParseException e) {
        throw new InvalidInputException("--since: not a date (yyyy-mm-dd): " + since);
      }
    }
    ExportContext.Recipe r;
    try {
      r = ExportContext.Recipe.valueOf(recipe.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--recipe: paper or cda (got '" + recipe + "')");
    }
    if (outFile.toString().isBlank()) throw new InvalidInputException("--out: the file name is empty");
    if (Files.isDirectory(outFile)) throw new InvalidInputException("--out: " + outFile + " is a folder; give a file name");
    String name = outFile.getFileName().toString();
    if (name.endsWith(".mv.db") || name.endsWith(".trace.db") || name.endsWith(".lock.db"))
      throw new InvalidInputException("--out: " + outFile + " looks like an H2 database file; Evenhand will not write over it");
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("status", status.toLowerCase(Locale.ROOT));
    filters.put("divergent_only", divergent);
    if (set != null) filters.put("set", set);
    if (environment != null) filters.put("environment", environment);
    if (model != null) filters.put("model", model);
    if (reviewer != null) filters.put("reviewer", reviewer);
    if (since != null) filters.put("since", since);
    try (Services s = services()) {
      if (s.export().format(format) == null)
        throw new InvalidInputException("--format: unknown format '" + format + "' (known: " + String.join(", ", s.export().formatIds()) + ")");
      if (set != null && !s.pairs().setExists(set)) throw new InvalidInputException("--set: no pair set named '" + set + "' (see `evenhand stats`)");
      if (outFile.toAbsolutePath().normalize().startsWith(s.database().path().toAbsolutePath().normalize() + "."))
        throw new InvalidInputException("--out: " + outFile + " is the open database; choose another file");
      ExportService.Result res;
      try {
        res = s.export().export(new ExportService.Request(format, outFile, q, filters, s.exportContext(r),
            split == null ? OptionalDouble.empty() : OptionalDouble.of(split), seed), n -> { }, () -> false);
      } catch (java.io.IOException e) {
        throw new InvalidInputException("cannot write " + outFile + ": " + FileProblems.why(e)
            + (e instanceof java.nio.file.FileSystemException f && f.getFile() != null && !Path.of(f.getFile()).toAbsolutePath()
                .equals(outFile.toAbsolutePath()) ? " (" + f.getFile() + ")" : "")
            + " (nothing was written; any earlier file there is unchanged)");
      }
      if (json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> files = new ArrayList<>();
        for (ExportService.FileResult f : res.files()) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("file", f.file().toString());
          o.put("manifest", f.manifest().toString());
          o.put("records", f.records());
          o.put("pairs", f.pairs());
          o.put("sha256", f.sha256());
          files.add(o);
        }
        ExportService.FileResult first = res.files().get(0);
        m.put("file", first.file().toString());
        m.put("manifest", first.manifest().toString());
        m.put("records", res.records());
        m.put("pairs", res.pairs());
        m.put("sha256", first.sha256());
        m.put("files", files);
        printJson(m);
      } else {
        for (ExportService.FileResult f : res.files()) {
          out().println("wrote " + f.records() + " records (" + f.pairs() + " pairs) to " + f.file());
          out().println("manifest: " + f.manifest());
        }
      }
      if (res.notMarked()) {
        err().println("evenhand: could not mark the exported pairs as exported: the database is read-only ("
            + s.database().readOnlyReason().orElse("") + "); an audit over them will not be flagged as contaminated");
      }
      if (res.pairs() == 0) err().println(emptyHint(s, filters));
    }
    return OK;
  }

  /**
   * Why an export matched no pair, from what the store holds: a model no queued pair was judged by (with
   * the models there are), imported pairs still waiting to be curated, or else the filters used.
   */
  private String emptyHint(Services s, Map<String, Object> filters) {
    if (model != null) {
      List<String> models = s.pairs().distinct(dev.evenhand.store.PairQuery.Facet.MODEL_TAG).stream().filter(m -> !m.isEmpty()).toList();
      if (!models.contains(model)) {
        return "no pair in the review queue was judged by model " + model + " (models there: "
            + (models.isEmpty() ? "none" : String.join(", ", models)) + ")";
      }
    }
    long uncurated = set != null ? s.pairs().importedLeft(set) : s.pairs().importedLeft();
    StringBuilder used = new StringBuilder();
    filters.forEach((k, v) -> {
      if (!Boolean.FALSE.equals(v)) used.append(used.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
    });
    return "no pair matched " + used + " (see `evenhand stats`)" + (uncurated == 0 ? "" : "; " + uncurated
        + " imported pair" + (uncurated == 1 ? " has" : "s have") + " no judgments yet and enter the review queue only once curated "
        + "with `evenhand generate --from-set " + (set != null ? set : "NAME") + " --model TAG`");
  }
}
