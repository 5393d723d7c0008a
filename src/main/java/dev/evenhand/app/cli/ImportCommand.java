package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.usecase.ImportUseCase;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import genmo|paper|jsonl|csv FILE [--set NAME] [--skip-invalid] [--preview]}: fills a named pair set ({@link ImportUseCase}). */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Import story pairs: GenMO, the paper's JSONL, Evenhand's JSONL or CSV. One transaction: a bad record writes nothing.")
public final class ImportCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "SOURCE", converter = OptionTypes.Source.class, description = "genmo, paper, jsonl or csv")
  ImportService.Source source;

  @Parameters(index = "1", paramLabel = "FILE", description = "the file to import") Path file;
  @Option(names = "--set", paramLabel = "NAME", description = "the pair set to fill (default: the source name)") String set;
  @Option(names = "--skip-invalid", description = "import the valid records and report the others") boolean skipInvalid;
  @Option(names = "--preview", description = "only read the file: counts, problems and the first records; nothing is written") boolean preview;

  @Override
  public Integer call() throws Exception {
    String setName = ImportUseCase.setName(source, set);
    try (Services s = services()) {
      if (preview) return preview(s.imports().preview(source, file));
      ImportService.Result r;
      try {
        r = s.imports().importFile(source, file, setName, skipInvalid, n -> { }, () -> false);
      } catch (ImportService.InvalidFileException e) {
        e.problems().forEach(p -> err().println("evenhand: " + p));
        if (e.count() > e.problems().size()) err().println("evenhand: ... and " + (e.count() - e.problems().size()) + " more problems");
        boolean recordProblems = e.problems().stream().anyMatch(p -> p.line() > 0);
        err().println("evenhand: nothing was imported" + (recordProblems ? " (use --skip-invalid to import the valid records)" : ""));
        return BAD_INPUT;
      }
      r.problems().forEach(p -> err().println("skipped " + p));
      if (json()) {
        printJson(fields("set", r.set(), "imported", r.imported(), "already_stored", r.duplicates(), "invalid", r.invalid(), "identical", r.identical()));
      } else {
        out().println("imported " + r.imported() + " pairs into set " + r.set() + "; " + r.duplicates() + " already stored (skipped)"
            + (r.invalid() > 0 ? "; " + r.invalid() + " invalid (skipped)" : "")
            + (r.identical() > 0 ? "; " + r.identical() + " with identical stories (imported and flagged)" : ""));
        if (r.imported() == 0 && r.duplicates() > 0) err().println("every pair in the file is already stored");
      }
    }
    return OK;
  }

  private int preview(ImportService.Preview p) {
    if (json()) {
      printJson(fields("records", p.records(), "already_stored", p.stored(), "identical", p.identical(), "problems", p.problemCount(),
          "first_problems", p.problems().stream().map(Object::toString).toList(), "first_records", p.first()));
    } else {
      out().println(p.records() + " records, " + p.stored() + " already stored, " + p.identical() + " with identical stories, "
          + p.problemCount() + " problems");
      p.first().forEach(l -> out().println("  " + printable(l)));
      p.problems().forEach(pr -> err().println(printable(pr.toString())));
    }
    return p.problemCount() > 0 ? BAD_INPUT : OK;
  }
}
