package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.AxolotlConfig;
import dev.evenhand.exchange.DatasetCard;
import dev.evenhand.exchange.EmptyExportException;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.usecase.DatasetFolderUseCase;
import dev.evenhand.usecase.ExportUseCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export}: writes curated pairs in a format of FORMATS.md, atomically, with a manifest per file ({@link ExportUseCase}), or a
 * folder for the Hugging Face Hub ({@code --dataset-dir}, {@link DatasetFolderUseCase}). Exit 3 when a file would hold no pair
 * (nothing matched, or an empty side of {@code --split}): nothing is written.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Export reviewed pairs as training data (default: accepted pairs).")
public final class ExportCommand extends BaseCommand {
  @Option(names = "--format", paramLabel = "ID", required = true,
      description = "trl-dpo, trl-dpo-chat, trl-sft, trl-sft-chat, llama-factory, llama-factory-sft, openai-dpo, axolotl-dpo, paper, evenhand or csv")
  String format;

  @Option(names = "--out", paramLabel = "FILE", description = "the data file to write (manifests go to .manifests/ beside it)") Path outFile;

  @Option(names = "--dataset-dir", paramLabel = "DIR", description = "instead of --out: a folder for the Hugging Face Hub with "
      + "data/train.<ext> (and data/test.<ext> with --split), .manifests/ and a README.md dataset card") Path datasetDir;

  @Option(names = "--license", paramLabel = "ID", description = "the licence id the dataset card gives (--dataset-dir; default "
      + DatasetCard.DEFAULT_LICENSE + ")") String license;

  @Option(names = "--status", paramLabel = "STATUS", defaultValue = "accepted", converter = OptionTypes.StatusOrAll.class,
      description = "pending, accepted, rejected or all (default ${DEFAULT-VALUE})") ReviewStatus status;

  @Mixin PairFilterOptions filters;

  @Option(names = "--recipe", paramLabel = "paper|cda", defaultValue = "paper", converter = OptionTypes.Recipe.class,
      description = "the paper's recipe (balanced judgments; default) or the CDA baseline (swapped explanations: trl-sft, trl-sft-chat, llama-factory-sft, paper)")
  ExportContext.Recipe recipe;

  @Option(names = "--split", paramLabel = "F", description = "share of pairs for a test file: writes <stem>.train.<ext> and <stem>.test.<ext>") Double split;
  @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "the split's seed (default ${DEFAULT-VALUE})") long seed;

  @Option(names = "--include-gendered", description = "keep pairs whose balanced judgment is not gender-neutral (accepted with an "
      + "override, or flagged by the lint); by default they are left out and the manifest counts them (left_out)")
  boolean includeGendered;

  @Option(names = "--answer-separator", paramLabel = "space|newline", defaultValue = "space", converter = Separator.class,
      description = "trl-dpo and trl-sft: a space leading each answer (TRL's convention; default) or a newline ending the prompt")
  ExportContext.AnswerSeparator separator;

  @Option(names = "--axolotl-type", paramLabel = "TYPE", defaultValue = "auto", converter = AxolotlType.class,
      description = "axolotl-dpo: the dataset type in the manifest's config: auto (llama3.prompt_pairs for Llama 3 models, "
          + "else chat_template.default; default), chatml.prompt_pairs, llama3.prompt_pairs or chat_template.default")
  AxolotlConfig.Type axolotlType;

  /** {@code --answer-separator}: space or newline, any case. */
  public static final class Separator extends OptionTypes.Checked<ExportContext.AnswerSeparator> {
    @Override ExportContext.AnswerSeparator parse(String value) { return ExportContext.AnswerSeparator.valueOf(value.strip().toUpperCase(Locale.ROOT)); }

    @Override String message(String value, RuntimeException e) { return "--answer-separator: space or newline (got '" + value + "')"; }
  }

  /** {@code --axolotl-type}: auto or an Axolotl DPO type that reads our records. */
  public static final class AxolotlType extends OptionTypes.Checked<AxolotlConfig.Type> {
    @Override AxolotlConfig.Type parse(String value) { return AxolotlConfig.Type.of(value.strip()); }
  }

  @Override
  public Integer call() throws Exception {
    if ((outFile == null) == (datasetDir == null)) throw new InvalidInputException("export: give either --out FILE or --dataset-dir DIR");
    if (license != null && datasetDir == null) throw new InvalidInputException("--license: only with --dataset-dir (the dataset card carries it)");
    if (outFile != null) ExportUseCase.checkOut(outFile);
    var parsed = spec.commandLine().getParseResult();
    if (parsed.hasMatchedOption("--answer-separator") && !ExportContext.AnswerSeparator.FORMATS.contains(format))
      throw new InvalidInputException("--answer-separator: only for " + String.join(" and ", ExportContext.AnswerSeparator.FORMATS) + " (the other "
          + "formats keep prompt and answer apart themselves); " + format + " does not use it");
    if (parsed.hasMatchedOption("--axolotl-type") && !format.equals("axolotl-dpo"))
      throw new InvalidInputException("--axolotl-type: only for axolotl-dpo (its manifest's Axolotl config); " + format + " does not use it");
    // the signals are handled from before the database is opened (opening a large one takes seconds)
    AtomicBoolean cancel = new AtomicBoolean();
    try (CancelOnSignal signals = new CancelOnSignal(cancel, err(), "cancelling the export (Ctrl+C again to stop at once)...",
        "stopped at once: a hidden temporary may be left beside the output; the next export removes it"); Services s = services()) {
      ExportUseCase.Request request = new ExportUseCase.Request(format, outFile != null ? outFile : datasetDir, filters.filter(status), recipe,
          split == null ? OptionalDouble.empty() : OptionalDouble.of(split), seed, includeGendered,
          new ExportContext.TrainerOptions(separator, axolotlType));
      ExportUseCase.Outcome done;
      Path card = null;
      try {
        if (cancel.get()) throw new java.util.concurrent.CancellationException("export cancelled while the database opened");
        ProgressLines progress = new ProgressLines(err(), "pairs", s.exports().count(format, request.filter()));
        if (datasetDir != null) {
          DatasetFolderUseCase.Outcome folder = s.datasetFolders().export(request, license, progress, cancel::get);
          done = folder.export();
          card = folder.card();
          folder.removed().forEach(f -> err().println("evenhand: removed " + f + " of an earlier export (this one does not write it)"));
        } else {
          done = s.exports().export(request, progress, cancel::get);
        }
      } catch (java.util.concurrent.CancellationException e) {
        return cancelled("export cancelled: nothing was written; any earlier file there is unchanged");
      } catch (EmptyExportException e) {
        if (json()) printJson(fields("refused", e.getMessage(), "empty", e.emptyParts(), "pairs", e.pairs(), "left_out", new TreeMap<>(e.leftOut())));
        err().println("evenhand: " + e.getMessage());
        return SHORT;
      }
      print(done, card);
      // a Ctrl+C after the last record was written comes too late to cancel: the files are in place, and the notice said "cancelling"
      tooLateToCancel(cancel, "the export had finished writing", "its files");
      done.notMarked().ifPresent(line -> err().println("evenhand: " + line));
      done.leftOut().ifPresent(line -> err().println("evenhand: " + line));
      done.warnings().forEach(line -> err().println("evenhand: warning: " + line));
    }
    return OK;
  }


  /** Prints the files written (stdout): one line per data file and manifest, or one JSON object. */
  private void print(ExportUseCase.Outcome done, Path card) {
    ExportService.Result res = done.result();
    if (json()) {
      List<Map<String, Object>> files = res.files().stream().map(f -> fields("file", f.file().toString(), "manifest", f.manifest().toString(),
          "records", f.records(), "pairs", f.pairs(), "sha256", f.sha256())).toList();
      ExportService.FileResult first = res.files().get(0);
      // one file: its name, manifest and digest at the top as well; a split's two files only under "files" (the top
      // level once named the train file beside the total of both files' pairs, which reads as the train file's count)
      Map<String, Object> o = files.size() == 1
          ? fields("file", first.file().toString(), "manifest", first.manifest().toString(), "records", res.records(), "pairs", res.pairs(),
              "sha256", first.sha256(), "files", files, "left_out", new TreeMap<>(res.leftOut()), "warnings", done.warnings())
          : fields("records", res.records(), "pairs", res.pairs(), "files", files, "left_out", new TreeMap<>(res.leftOut()), "warnings", done.warnings());
      done.notMarked().ifPresent(why -> o.put("not_marked", why));
      if (card != null) o.put("card", card.toString());
      printJson(o);
      return;
    }
    for (ExportService.FileResult f : res.files()) {
      out().println("wrote " + count(f.records(), "record") + " (" + count(f.pairs(), "pair") + ") to " + f.file());
      out().println("manifest: " + f.manifest());
    }
    if (card != null) out().println("dataset card: " + card);
  }
}
