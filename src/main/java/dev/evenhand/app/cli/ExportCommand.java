package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.DatasetCard;
import dev.evenhand.exchange.EmptyExportException;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.usecase.DatasetFolderUseCase;
import dev.evenhand.usecase.ExportUseCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
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
      description = "trl-dpo, trl-dpo-chat, trl-sft, trl-sft-chat, llama-factory, openai-dpo, axolotl-dpo, paper, evenhand or csv") String format;

  @Option(names = "--out", paramLabel = "FILE", description = "the data file to write (manifests go to .manifests/ beside it)") Path outFile;

  @Option(names = "--dataset-dir", paramLabel = "DIR", description = "instead of --out: a folder for the Hugging Face Hub with "
      + "data/train.<ext> (and data/test.<ext> with --split), .manifests/ and a README.md dataset card") Path datasetDir;

  @Option(names = "--license", paramLabel = "ID", description = "the licence id the dataset card gives (--dataset-dir; default "
      + DatasetCard.DEFAULT_LICENSE + ")") String license;

  @Option(names = "--status", paramLabel = "STATUS", defaultValue = "accepted", converter = OptionTypes.StatusOrAll.class,
      description = "pending, accepted, rejected or all (default ${DEFAULT-VALUE})") ReviewStatus status;

  @Mixin PairFilterOptions filters;

  @Option(names = "--recipe", paramLabel = "paper|cda", defaultValue = "paper", converter = OptionTypes.Recipe.class,
      description = "the paper's recipe (balanced judgments; default) or the CDA baseline (swapped explanations: trl-sft, trl-sft-chat, paper)")
  ExportContext.Recipe recipe;

  @Option(names = "--split", paramLabel = "F", description = "share of pairs for a test file: writes <stem>.train.<ext> and <stem>.test.<ext>") Double split;
  @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "the split's seed (default ${DEFAULT-VALUE})") long seed;

  @Option(names = "--include-gendered", description = "keep pairs whose balanced judgment is not gender-neutral (accepted with an "
      + "override, or flagged by the lint); by default they are left out and the manifest counts them (left_out)")
  boolean includeGendered;

  @Override
  public Integer call() throws Exception {
    if ((outFile == null) == (datasetDir == null)) throw new InvalidInputException("export: give either --out FILE or --dataset-dir DIR");
    if (license != null && datasetDir == null) throw new InvalidInputException("--license: only with --dataset-dir (the dataset card carries it)");
    if (outFile != null) ExportUseCase.checkOut(outFile);
    try (Services s = services()) {
      ExportUseCase.Request request = new ExportUseCase.Request(format, outFile != null ? outFile : datasetDir, filters.filter(status), recipe,
          split == null ? OptionalDouble.empty() : OptionalDouble.of(split), seed, includeGendered);
      ExportUseCase.Outcome done;
      Path card = null;
      try {
        if (datasetDir != null) {
          DatasetFolderUseCase.Outcome folder = s.datasetFolders().export(request, license, n -> { }, () -> false);
          done = folder.export();
          card = folder.card();
          folder.removed().forEach(f -> err().println("evenhand: removed " + f + " of an earlier export (this one does not write it)"));
        } else {
          done = s.exports().export(request, n -> { }, () -> false);
        }
      } catch (EmptyExportException e) {
        if (json()) printJson(fields("refused", e.getMessage(), "empty", e.emptyParts(), "pairs", e.pairs(), "left_out", new TreeMap<>(e.leftOut())));
        err().println("evenhand: " + e.getMessage());
        return SHORT;
      }
      print(done, card);
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
      Map<String, Object> o = fields("file", first.file().toString(), "manifest", first.manifest().toString(), "records", res.records(), "pairs", res.pairs(),
          "sha256", first.sha256(), "files", files, "left_out", new TreeMap<>(res.leftOut()), "warnings", done.warnings());
      if (card != null) o.put("card", card.toString());
      printJson(o);
      return;
    }
    for (ExportService.FileResult f : res.files()) {
      out().println("wrote " + f.records() + " records (" + f.pairs() + " pairs) to " + f.file());
      out().println("manifest: " + f.manifest());
    }
    if (card != null) out().println("dataset card: " + card);
  }
}
