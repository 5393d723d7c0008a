package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.FieldLimits;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.method.InvalidInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import genmo|paper|jsonl|csv FILE [--set NAME] [--skip-invalid] [--preview]}: fills a named pair set. */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Import story pairs: GenMO, the paper's JSONL, Evenhand's JSONL or CSV. One transaction: a bad record writes nothing.")
public final class ImportCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "SOURCE", description = "genmo, paper, jsonl or csv") String source;
  @Parameters(index = "1", paramLabel = "FILE", description = "the file to import") Path file;

  @Option(names = "--set", paramLabel = "NAME", description = "the pair set to fill (default: the source name)") String set;

  @Option(names = "--skip-invalid", description = "import the valid records and report the others") boolean skipInvalid;

  @Option(names = "--preview", description = "only read the file: counts, problems and the first records; nothing is written") boolean preview;

  @Override
  public Integer call() throws Exception {
    ImportService.Source src;
    try {
      src = ImportService.Source.of(source);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
    String setName = set == null ? src.id() : set.strip();
    if (setName.isEmpty()) throw new InvalidInputException("--set: the set name is empty");
    String tooLong = FieldLimits.tooLong("--set", setName, FieldLimits.SET_NAME);
    if (tooLong != null) throw new InvalidInputException(tooLong);
    try (Services s = services()) {
      if (preview) {
        ImportService.Preview p = s.importer().preview(src, file);
        if (json()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("records", p.records());
          m.put("already_stored", p.stored());
          m.put("identical", p.identical());
          m.put("problems", p.problemCount());
          m.put("first_problems", p.problems().stream().map(Object::toString).toList());
          m.put("first_records", p.first());
          printJson(m);
        } else {
          out().println(p.records() + " records, " + p.stored() + " already stored, " + p.identical() + " with identical stories, "
              + p.problemCount() + " problems");
          p.first().forEach(l -> out().println("  " + printable(l)));
          p.problems().forEach(pr -> err().println(printable(pr.toString())));
        }
        return p.problemCount() > 0 ? BAD_INPUT : OK;
      }
      ImportService.Result r;
      try {
        r = s.importer().importFile(src, file, setName, skipInvalid, n -> { }, () -> false);
      } catch (ImportService.InvalidFileException e) {
        e.problems().forEach(p -> err().println("evenhand: " + p));
        if (e.count() > e.problems().size()) err().println("evenhand: ... and " + (e.count() - e.problems().size()) + " more problems");
        boolean recordProblems = e.problems().stream().anyMatch(p -> p.line() > 0);
        err().println("evenhand: nothing was imported" + (recordProblems ? " (use --skip-invalid to import the valid records)" : ""));
        return BAD_INPUT;
      }
      r.problems().forEach(p -> err().println("skipped " + p));
      if (json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set", r.set());
        m.put("imported", r.imported());
        m.put("already_stored", r.duplicates());
        m.put("invalid", r.invalid());
        m.put("identical", r.identical());
        printJson(m);
      } else {
        out().println("imported " + r.imported() + " pairs into set " + r.set() + "; " + r.duplicates() + " already stored (skipped)"
            + (r.invalid() > 0 ? "; " + r.invalid() + " invalid (skipped)" : "")
            + (r.identical() > 0 ? "; " + r.identical() + " with identical stories (imported and flagged)" : ""));
        if (r.imported() == 0 && r.duplicates() > 0) err().println("every pair in the file is already stored");
      }
    }
    return OK;
  }
}
