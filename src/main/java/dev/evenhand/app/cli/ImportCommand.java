package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.exchange.DownloadException;
import dev.evenhand.exchange.GenmoSource;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.exchange.VerifiedDownload;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.usecase.GenmoDownloadUseCase;
import dev.evenhand.usecase.ImportUseCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code import genmo|paper|jsonl|csv FILE [--set NAME] [--skip-invalid] [--preview]}: fills a named pair set ({@link ImportUseCase}).
 * {@code import genmo} without a file downloads GenMO from its pinned public source, checks its SHA-256, caches it with
 * its attribution notice and imports it ({@link GenmoDownloadUseCase}); when the download fails it names the URL to fetch
 * by hand and exits 2 (the input GenMO could not be obtained or verified; 4 stays "Ollama unreachable").
 */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Import story pairs: GenMO, the paper's JSONL, Evenhand's JSONL or CSV. All or nothing: a bad record writes nothing, and a killed import is undone at the next start.")
public final class ImportCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "SOURCE", converter = OptionTypes.Source.class, description = "genmo, paper, jsonl or csv")
  ImportService.Source source;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FILE",
      description = "the file to import; for genmo it may be left out: GenMO is then downloaded from its pinned source") Path file;
  @Option(names = "--set", paramLabel = "NAME", description = "the pair set to fill (default: the source name)") String set;
  @Option(names = "--skip-invalid", description = "import the valid records and report the others") boolean skipInvalid;
  @Option(names = "--preview", description = "only read the file: counts, problems and the first records; nothing is written") boolean preview;

  @Override
  public Integer call() throws Exception {
    ImportUseCase.setName(source, set); // refused before the database opens; without --set the import picks the set (setFor)
    if (file == null && source != ImportService.Source.GENMO) {
      throw new InvalidInputException("import " + source.id() + ": FILE is missing (only genmo can be downloaded without one)");
    }
    // Ctrl+C (or SIGTERM) cancels: the import's transaction is rolled back and nothing is kept; handled from before the
    // database is opened
    AtomicBoolean cancel = new AtomicBoolean();
    // a preview writes nothing, not even an empty database file: with no database there yet, nothing is stored, so it
    // looks for duplicates in an empty scratch database that goes again afterwards
    Path db = global().db != null ? global().db : root().environment().paths().defaultDatabase();
    Path scratch = preview && !db.toString().isBlank() && !dev.evenhand.store.Database.exists(db)
        ? Files.createTempDirectory("evenhand-preview") : null;
    try (CancelOnSignal signals = new CancelOnSignal(cancel, err(), "cancelling the import (Ctrl+C again to stop at once)...",
        "stopped at once: the next process to open the database removes what the import had written");
         Services s = scratch == null ? services() : services(scratch.resolve("evenhand"))) {
      return run(s, set, cancel);
    } catch (java.util.concurrent.CancellationException e) {
      return cancelled("import cancelled: nothing was imported");
    } finally {
      if (scratch != null) removeScratch(scratch);
    }
  }

  /** Removes a preview's scratch database folder, deepest files first. */
  private static void removeScratch(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  /** Downloads GenMO when no file is given, then imports (or previews) the file. */
  /** @param setName {@code --set}, or null for the file's own set (a backup of one set) or the source's name */
  private int run(Services s, String setName, AtomicBoolean cancel) throws Exception {
    GenmoDownloadUseCase genmo = file == null ? s.genmo() : null;
    GenmoDownloadUseCase.Fetched fetched = null;
    try (DownloadBar bar = new DownloadBar(genmo == null ? null : genmo.source())) {
      if (genmo != null) fetched = genmo.fetch(bar, note -> err().println("evenhand: " + note), cancel::get);
    } catch (DownloadException e) {
      err().println("evenhand: " + e.getMessage());
      err().println("evenhand: GenMO was not imported" + (e.kind() == DownloadException.Kind.HASH_MISMATCH ? " and the file was not kept" : "")
          + ". To import it by hand:");
      genmo.byHand().forEach(line -> err().println("evenhand:   " + line));
      return BAD_INPUT;
    }
    if (cancel.get()) throw new java.util.concurrent.CancellationException("import cancelled before it began");
    Path from = fetched == null ? file : fetched.file();
    if (fetched != null) err().println(fetched.fromCache() ? "using the cached copy " + from + " (SHA-256 checked)" : "downloaded to " + from);
    if (preview) return preview(s.imports().preview(source, from));
    ImportService.Result r;
    try {
      r = s.imports().importFile(source, from, fetched == null ? null : genmo.source().origin(), setName, skipInvalid,
          new ProgressLines(err(), "records read", -1), cancel::get);
    } catch (ImportService.InvalidFileException e) {
      e.problems().forEach(p -> err().println("evenhand: " + p));
      if (e.count() > e.problems().size()) err().println("evenhand: ... and " + (e.count() - e.problems().size()) + " more problems");
      boolean recordProblems = !e.wholeFile() && e.problems().stream().anyMatch(p -> p.line() > 0);
      err().println("evenhand: nothing was imported" + (recordProblems ? " (use --skip-invalid to import the valid records)" : ""));
      return BAD_INPUT;
    }
    r.problems().forEach(p -> err().println("skipped " + p));
    // a Ctrl+C after the import's commit point comes too late to cancel: its pairs are stored, and the notice said "cancelling"
    tooLateToCancel(cancel, "the import had been committed", "its pairs");
    if (json()) {
      printJson(fields("set", r.set(), "imported", r.imported(), "already_stored", r.duplicates(), "already_stored_with_review_work",
          r.duplicatesWithWork(), "invalid", r.invalid(), "identical", r.identical(),
          "source", fetched == null ? null : fields("url", fetched.source().url().toString(), "commit", fetched.source().commit(),
              "sha256", fetched.source().sha256(), "file", fetched.file().toString(), "notice", fetched.notice().toString(),
              "cached", fetched.fromCache())));
    } else {
      out().println("imported " + r.imported() + " pairs into set " + r.set() + "; " + r.duplicates() + " already stored (skipped)"
          + (r.invalid() > 0 ? "; " + r.invalid() + " invalid (skipped)" : "")
          + (r.identical() > 0 ? "; " + r.identical() + " with identical stories (imported and flagged)" : ""));
      // a pair is a duplicate whichever set holds it: "0 pairs into set other" read as if set other held them
      if (r.imported() == 0 && r.duplicates() > 0 && r.invalid() == 0) {
        err().println("every pair in the file is already stored, in whichever set holds it (a pair is matched by its two stories in any set): "
            + "nothing was added to set " + r.set());
      }
      if (fetched != null) out().println(attribution(fetched));
    }
    // a skipped record's judgments, balanced judgment and reviews are not merged into the stored pair: said, not lost
    // without a word (a breaker's edited backup imported as "0 pairs, 3 already stored", exit 0)
    if (r.duplicatesWithWork() > 0) {
      err().println("warning: " + r.duplicatesWithWork() + " of the pairs already stored carry judgments or review work in this file; the "
          + "stored pairs keep their own, and what the file holds for them was not brought in (import it into a fresh database, or delete "
          + "the stored pairs first, to take the file's)");
    }
    return OK;
  }

  /** @return one line naming the source, its commit and hash, and the notice with the licences */
  static String attribution(GenmoDownloadUseCase.Fetched f) {
    GenmoSource src = f.source();
    return "source: " + src.url() + (src.commit().isEmpty() ? "" : " (commit " + src.shortCommit() + ")") + ", SHA-256 " + src.sha256()
        + " verified; licences and attribution in " + f.notice() + " (MIT; the Social Chemistry 101 pairs are CC BY-SA 4.0)";
  }

  /** A progress bar on stderr in KB, opened at the first bytes; closed when the download ends, however it ends. */
  private final class DownloadBar implements VerifiedDownload.Progress, AutoCloseable {
    private final GenmoSource source;
    private ProgressBar bar;

    DownloadBar(GenmoSource source) { this.source = source; }

    @Override
    public void bytes(long received, long total) {
      if (bar == null) {
        err().println("downloading GenMO from " + source.url());
        err().flush();
        bar = new ProgressBarBuilder().setTaskName("GenMO").setInitialMax(Math.max(total, 0)).setUnit(" KB", 1_000)
            .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
      }
      bar.stepTo(received);
    }

    @Override
    public void close() { if (bar != null) bar.close(); }
  }

  private int preview(ImportService.Preview p) {
    if (json()) {
      printJson(fields("records", p.records(), "already_stored", p.stored(), "identical", p.identical(), "problems", p.problemCount(),
          "first_problems", p.problems().stream().map(Object::toString).toList(), "first_records", p.first()));
    } else {
      // the report is the preview's result, on stdout even when the file has problems (exit 2); the problems go to
      // stderr as an import's do
      out().println(count(p.records(), "record") + ", " + p.stored() + " already stored, " + p.identical() + " with identical stories, "
          + count(p.problemCount(), "problem"));
      p.first().forEach(l -> out().println("  " + printable(l)));
      p.problems().forEach(pr -> err().println("evenhand: " + printable(pr.toString())));
      if (p.problemCount() > p.problems().size()) err().println("evenhand: ... and " + (p.problemCount() - p.problems().size()) + " more problems");
    }
    return p.problemCount() > 0 ? BAD_INPUT : OK;
  }
}
