package dev.evenhand.usecase;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.Story;
import dev.evenhand.exchange.EmptyExportException;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportLayout;
import dev.evenhand.exchange.ExportFormat;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.exchange.FileProblems;
import dev.evenhand.exchange.TrainingPrompts;
import dev.evenhand.llm.ModelProfile;
import dev.evenhand.llm.Resources;
import dev.evenhand.method.GenderSwap;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Export curated pairs as training data (FORMATS.md), atomically, with a manifest per file: the format,
 * the recipe's context (the training prompt of the default profile; for CDA the swap of names and
 * gendered words), the checks of the target file, and what to tell the researcher: why an export that would write an
 * empty file was refused, what the neutrality gate (issue 12) left out, which files are below a consumer's minimum.
 * The one implementation {@code evenhand export} and the Datasets screen call.
 */
public final class ExportUseCase {
  /** Pairs read for a {@link #preview}. */
  private static final int PREVIEW_PAIRS = 3;

  private final ExportService exporter;
  private final PairRepository pairs;
  private final Database db;
  private final TrainingPrompts prompts;

  /**
   * @param exporter  the formats and the writer
   * @param pairs     the pairs exported
   * @param db        the open database (its file is never an export's target; a read-only one cannot mark pairs)
   * @param resources packed and overridden resources: the default profile's training prompt is read from them here
   */
  public ExportUseCase(ExportService exporter, PairRepository pairs, Database db, Resources resources) {
    this.exporter = exporter;
    this.pairs = pairs;
    this.db = db;
    PromptTemplate t = ModelProfile.forTag(resources, "default").trainingPrompt();
    this.prompts = new TrainingPrompts(t.id(), t.version(), (Story s) -> t.fill(Map.of("story", s.text(), "name", CurationSteps.protagonist(s))));
  }

  /**
   * What to export.
   *
   * @param format the format id ({@link #formatIds()})
   * @param out    the data file (with a split: {@code <stem>.train.<ext>} and {@code <stem>.test.<ext>} beside it)
   * @param filter which pairs, recorded in the manifest
   * @param recipe the paper's recipe or the CDA baseline
   * @param split  share of pairs for the test file (0 to 1, exclusive), or empty for one file
   * @param seed   the split's seed
   * @param includeGendered true to keep the pairs the neutrality gate leaves out ({@code --include-gendered}, issue 12)
   * @param options the trainer formats' layout choices ({@code --answer-separator}, {@code --axolotl-type})
   */
  public record Request(String format, Path out, PairFilter filter, ExportContext.Recipe recipe, OptionalDouble split, long seed,
                        boolean includeGendered, ExportContext.TrainerOptions options) {
    /** A request with the trainer formats' default layout. */
    public Request(String format, Path out, PairFilter filter, ExportContext.Recipe recipe, OptionalDouble split, long seed, boolean includeGendered) {
      this(format, out, filter, recipe, split, seed, includeGendered, ExportContext.TrainerOptions.DEFAULT);
    }

    /** A request under the neutrality gate: pairs whose balanced judgment is not gender-neutral are left out. */
    public Request(String format, Path out, PairFilter filter, ExportContext.Recipe recipe, OptionalDouble split, long seed) {
      this(format, out, filter, recipe, split, seed, false);
    }
  }

  /**
   * How an export went.
   *
   * @param result    the files written
   * @param notMarked why the pairs could not be marked as exported (the database is read-only, or could not record the
   *                  export once the files were in place), if so
   * @param leftOut   what the neutrality gate left out and how to keep it, when it left out any pair
   * @param warnings  files with fewer records than their consumer's stated minimum, one line each
   */
  public record Outcome(ExportService.Result result, Optional<String> notMarked, Optional<String> leftOut, List<String> warnings) {
    public Outcome {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The start of an export, shown before it is written.
   *
   * @param pairs        pairs the export reads: those the filter matches, and for the backup also those imported without
   *                     judgments ({@link ExportService#pairsRead})
   * @param firstRecords the records of the first few pairs the export would write, as the format writes them (one per line)
   * @param backup       true for the lossless backup, which leaves no pair out (no gate, no incomplete pairs dropped)
   */
  public record Preview(long pairs, String firstRecords, boolean backup) {}

  /** @return the format ids, in FORMATS.md's order */
  public List<String> formatIds() { return exporter.formatIds(); }

  /** @return a format by id, or null */
  public ExportFormat format(String id) { return exporter.format(id); }

  /**
   * @return whether the neutrality gate applies to an export in that format under that recipe: not for the lossless
   *     {@code evenhand} backup, nor under CDA ({@link ExportService#gated}); false for an unknown format
   */
  public boolean gated(String formatId, ExportContext.Recipe recipe) { return exporter.gated(formatId, recipe); }

  /** @return a one-line example record of a format, empty for an unknown id */
  public String example(String formatId) {
    ExportFormat f = exporter.format(formatId);
    return f == null ? "" : f.example();
  }

  /**
   * What an export would say when it finds no pair, asked before a file is chosen (the Datasets screen opened the Save
   * dialog first and refused after).
   *
   * @param formatId a format id ({@link #formatIds()})
   * @param filter   which pairs
   * @return "nothing to export: …" with the same hint as a refused export (exit 3), or empty when some pair matches
   *     (the neutrality gate may still leave every one of them out; the export then says so)
   */
  public Optional<String> nothingToExport(String formatId, PairFilter filter) {
    return count(formatId, filter) > 0 ? Optional.empty() : Optional.of("nothing to export: " + emptyHint(formatId, filter));
  }

  /**
   * @param formatId a format id ({@link #formatIds()}; an unknown one counts as a trainer format)
   * @param filter   which pairs
   * @return how many pairs an export in that format reads (the {@code evenhand} backup also reads the pairs imported
   *     without judgments, {@link ExportService#pairsRead}); the export writes those that are complete, or all of
   *     them for {@code evenhand}, {@code paper} and {@code csv}
   */
  public long count(String formatId, PairFilter filter) { return pairs.count(exporter.pairsRead(formatId, filter.query())); }

  /**
   * The first records an export would write, without writing a file.
   *
   * @param formatId a format id ({@link #formatIds()})
   * @param recipe   the paper's recipe or the CDA baseline
   * @param filter   which pairs
   * @return how many pairs match, and the records of the first {@value #PREVIEW_PAIRS} (oldest first; pairs without both
   *     judgments and a balanced judgment are left out)
   * @throws InvalidInputException naming {@code --format} for an unknown format
   * @throws IllegalArgumentException for a recipe the format does not apply ({@link ExportService#checkRecipe})
   */
  public Preview preview(String formatId, ExportContext.Recipe recipe, PairFilter filter) { return preview(formatId, recipe, filter, false); }

  /**
   * As {@link #preview(String, ExportContext.Recipe, PairFilter)}, showing only records the export would write: pairs the
   * neutrality gate leaves out are not shown unless {@code includeGendered}.
   *
   * @param includeGendered {@code --include-gendered}
   */
  public Preview preview(String formatId, ExportContext.Recipe recipe, PairFilter filter, boolean includeGendered) {
    ExportFormat f = exporter.format(formatId);
    if (f == null) throw new InvalidInputException("--format: unknown format '" + formatId + "' (known: " + String.join(", ", exporter.formatIds()) + ")");
    exporter.checkRecipe(formatId, recipe);
    // the pairs the export itself reads: the backup's include those imported without judgments (the newcomer's preview
    // of a GenMO-only database counted 0 where the export wrote 908)
    PairQuery q = exporter.pairsRead(formatId, filter.query()).withSort(PairQuery.Sort.OLDEST);
    boolean backup = f.purpose() == ExportFormat.Purpose.BACKUP;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      ExportFormat.PairWriter w = f.open(buf, context(recipe));
      List<CuratedPair> first = new ArrayList<>();
      for (var s : pairs.page(q, 0, PREVIEW_PAIRS)) pairs.find(s.id()).ifPresent(first::add);
      for (CuratedPair p : first) {
        if (backup || p.balanced().isPresent() && p.maleJudgment().isPresent() && p.femaleJudgment().isPresent()
            && !exporter.leavesOut(formatId, recipe, p, includeGendered)) w.write(p);
      }
      w.finish();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a byte buffer is never short of room
    }
    return new Preview(pairs.count(q), buf.toString(StandardCharsets.UTF_8), backup);
  }

  /** @return the training prompt of exported records, from the default profile's template */
  public TrainingPrompts trainingPrompts() { return prompts; }

  /** @return the context of a recipe: the training prompt, and the CDA swap of names and gendered words; default trainer options */
  public ExportContext context(ExportContext.Recipe recipe) { return context(recipe, ExportContext.TrainerOptions.DEFAULT); }

  /**
   * @param recipe  the paper's recipe or the CDA baseline
   * @param options the trainer formats' layout choices
   * @return the context of an export: the training prompt, the CDA swap of names and gendered words, the options
   */
  public ExportContext context(ExportContext.Recipe recipe, ExportContext.TrainerOptions options) {
    return new ExportContext(prompts, recipe, GenderSwap::swap, options);
  }

  /**
   * Checks an export's target file by its name alone.
   *
   * @param out the data file
   * @throws InvalidInputException when the name is empty, is a folder, or looks like an H2 database file
   */
  public static void checkOut(Path out) {
    if (out.toString().isBlank()) throw new InvalidInputException("--out: the file name is empty");
    if (Files.isDirectory(out)) throw new InvalidInputException("--out: " + out + " is a folder; give a file name");
    // the file is written beside the name and moved onto it: a link, a pipe or a device there would be replaced by a
    // plain file (a breaker's link to a shared file became a file, the shared one unchanged; as root, /dev/full went)
    if (Files.isSymbolicLink(out)) {
      String to;
      try {
        to = Files.readSymbolicLink(out).toString();
      } catch (java.io.IOException | RuntimeException e) {
        to = "elsewhere";
      }
      throw new InvalidInputException("--out: " + out + " is a symbolic link (to " + to + "); give the file it stands for, or another name");
    }
    if (Files.exists(out) && !Files.isRegularFile(out))
      throw new InvalidInputException("--out: " + out + " is not a regular file (a device or a pipe); give a file name");
    String name = out.getFileName().toString();
    if (name.endsWith(".mv.db") || name.endsWith(".trace.db") || name.endsWith(".lock.db"))
      throw new InvalidInputException("--out: " + out + " looks like an H2 database file; Evenhand will not write over it");
    if (name.equals("dataset_info.json"))
      throw new InvalidInputException("--out: " + out + " is the name of LLaMA-Factory's dataset list (which llama-factory exports "
          + "update beside their data, and which datasets' folder loading skips); give the data file another name");
    Path parent = out.toAbsolutePath().normalize().getParent();
    if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(ExportLayout.MANIFESTS))
      throw new InvalidInputException("--out: " + out + " is in a " + ExportLayout.MANIFESTS + " folder, where Evenhand keeps "
          + "manifests and no loader looks for data; give a file outside it");
  }

  /**
   * Exports the matching pairs, oldest first, into {@code r.out()} ({@link ExportLayout#beside}).
   *
   * @param r         what to export
   * @param progress  pairs written so far
   * @param cancelled polled between pairs; true stops and leaves no file
   * @return the files written, and what the researcher should know
   * @throws InvalidInputException naming the option when the format or set is unknown, the target is refused ({@link #checkOut},
   *     the open database), or a file cannot be written (nothing was written then; earlier files stay)
   * @throws IllegalArgumentException for a split outside (0, 1) or a recipe the format does not apply
   * @throws EmptyExportException when a file would hold no pair (nothing matched, all left out, or an empty side of the
   *     split), saying why and what to do; nothing was written
   * @throws java.util.concurrent.CancellationException when cancelled
   */
  public Outcome export(Request r, LongConsumer progress, BooleanSupplier cancelled) {
    checkOut(r.out());
    return export(r, ExportLayout.beside(r.out(), r.split().isPresent()), progress, cancelled);
  }

  /**
   * As {@link #export(Request, LongConsumer, BooleanSupplier)}, into the files of a layout ({@code r.out()} names the
   * target in messages only).
   *
   * @param layout the data files and their manifests' folder
   */
  Outcome export(Request r, ExportLayout layout, LongConsumer progress, BooleanSupplier cancelled) {
    if (exporter.format(r.format()) == null)
      throw new InvalidInputException("--format: unknown format '" + r.format() + "' (known: " + String.join(", ", exporter.formatIds()) + ")");
    String set = r.filter().set();
    if (set != null && !pairs.setExists(set)) throw new InvalidInputException("--set: no pair set named '" + set + "' (see `evenhand stats`)");
    for (Path f : layout.files()) {
      if (f.toAbsolutePath().normalize().startsWith(db.path().toAbsolutePath().normalize() + "."))
        throw new InvalidInputException("--out: " + f + " is the open database; choose another file");
    }
    PairQuery q = r.filter().query().withSort(PairQuery.Sort.OLDEST);
    ExportService.Result res;
    try {
      res = exporter.export(new ExportService.Request(r.format(), r.out(), q, r.filter().manifest(), context(r.recipe(), r.options()), r.split(), r.seed(),
          r.includeGendered()), layout, progress, cancelled);
    } catch (IOException e) {
      throw new InvalidInputException("cannot write " + r.out() + ": " + FileProblems.why(e)
          + (e instanceof FileSystemException f && f.getFile() != null && !Path.of(f.getFile()).toAbsolutePath().equals(r.out().toAbsolutePath())
              ? " (" + f.getFile() + ")" : "")
          + " (nothing was written; any earlier file there is unchanged)");
    } catch (EmptyExportException e) {
      throw e.nothingWritten() ? e.withMessage("nothing to export: " + (leftOutLine(e.leftOut(), false).orElseGet(() -> emptyHint(r.format(), r.filter())))
          + " (nothing was written; any earlier file there is unchanged)") : e;
    }
    Optional<String> notMarked = res.notMarked().map(why -> "could not mark the exported pairs as exported: " + why
        + "; an audit over them will not be flagged as contaminated");
    return new Outcome(res, notMarked, leftOutLine(res.leftOut(), true), res.warnings());
  }

  /** @return what the export left out (the neutrality gate's pairs, and with {@code incompleteToo} the incomplete ones) and why, when any */
  private static Optional<String> leftOutLine(Map<String, Long> leftOut, boolean incompleteToo) {
    long o = leftOut.getOrDefault(ExportService.OVERRIDE, 0L), g = leftOut.getOrDefault(ExportService.GENDERED, 0L);
    // an export that wrote nothing says why with the matched count instead (emptyHint)
    long n = incompleteToo ? leftOut.getOrDefault(ExportService.INCOMPLETE, 0L) : 0;
    String gendered = o + g == 0 ? "" : "left out " + (o + g) + " pair" + (o + g == 1 ? "" : "s")
        + " whose balanced judgment is not gender-neutral (" + o + " accepted with an override, " + g + " flagged by the lint); "
        + "--include-gendered keeps them (counted in the manifest's left_out)";
    String incomplete = n == 0 ? "" : "left out " + n + " pair" + (n == 1 ? "" : "s") + " without both judgments and a balanced judgment, "
        + "which this format trains on (`evenhand review list --status all` shows them; counted in the manifest's left_out as incomplete)";
    String line = gendered.isEmpty() ? incomplete : incomplete.isEmpty() ? gendered : gendered + "; " + incomplete;
    return line.isEmpty() ? Optional.empty() : Optional.of(line);
  }

  /**
   * Why an export matched no pair, from what the store holds: a model no queued pair was judged by (with
   * the models there are), imported pairs still waiting to be curated (for the {@code evenhand} backup, which takes
   * them: that their status is pending, so {@code --status all} takes them), or else the filters used.
   */
  private String emptyHint(String format, PairFilter f) {
    if (f.model() != null) {
      List<String> models = pairs.distinct(dev.evenhand.store.PairQuery.Facet.MODEL_TAG).stream().filter(m -> !m.isEmpty()).toList();
      if (!models.contains(f.model())) {
        return "no pair in the review queue was judged by model " + f.model() + " (models there: "
            + (models.isEmpty() ? "none" : String.join(", ", models)) + ")";
      }
    }
    long matched = count(format, f);
    if (matched > 0) {
      // the pairs matched, and a trainer format wrote none: none has both judgments and a balanced judgment (a breaker's
      // rejected pair without a neutral explanation was reported as "no pair matched")
      return matched + " pair" + (matched == 1 ? "" : "s") + " matched, but none has both judgments and a balanced judgment, which "
          + format + " trains on (the evenhand, paper and csv formats write such pairs as they are)";
    }
    // the imported pairs the other filters (set, environment, since, divergent) take: the hint counted every set's
    PairFilter anyStatus = new PairFilter(null, f.divergentOnly(), f.set(), f.environment(), f.model(), f.reviewer(), f.since());
    long uncurated = pairs.count(anyStatus.query().withUncurated(true)) - pairs.count(anyStatus.query());
    StringBuilder used = new StringBuilder();
    f.manifest().forEach((k, v) -> {
      if (!Boolean.FALSE.equals(v)) used.append(used.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
    });
    if (exporter.format(format).purpose() == ExportFormat.Purpose.BACKUP) {
      // the backup reads the pairs imported without judgments too; they are pending until reviewed
      return "no pair matched " + used + " (see `evenhand stats`)" + (uncurated == 0 || f.status() == null || f.status() == dev.evenhand.domain.ReviewStatus.PENDING ? ""
          : "; " + uncurated + " imported pair" + (uncurated == 1 ? " has" : "s have") + " no judgments yet and status pending: "
          + "--status all (or pending) takes " + (uncurated == 1 ? "it" : "them"));
    }
    // "no pair matched status all" beside 908 stored pairs read as a contradiction (a newcomer): say which pairs were matched
    return "no pair matched " + used + " (see `evenhand stats`)" + (uncurated == 0 ? "" : "; " + uncurated
        + " imported pair" + (uncurated == 1 ? " has" : "s have") + " no judgments yet, so " + format + " leaves "
        + (uncurated == 1 ? "it" : "them") + " out: " + (uncurated == 1 ? "it enters" : "they enter") + " the review queue once curated "
        + "with " + ReviewUseCase.judgeCommand(f.set(), f.set() != null ? List.of() : pairs.importedLeftBySet().keySet())
        + ", and the backup (--format evenhand --status all) writes " + (uncurated == 1 ? "it" : "them") + " as " + (uncurated == 1 ? "it is" : "they are"));
  }
}
