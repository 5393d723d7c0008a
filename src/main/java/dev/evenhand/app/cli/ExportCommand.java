package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.usecase.ExportUseCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export}: writes curated pairs in a format of FORMATS.md, atomically, with a manifest per file ({@link ExportUseCase}). */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Export reviewed pairs as training data (default: accepted pairs).")
public final class ExportCommand extends BaseCommand {
  @Option(names = "--format", paramLabel = "ID", required = true,
      description = "trl-dpo, trl-dpo-chat, trl-sft, trl-sft-chat, llama-factory, openai-dpo, axolotl-dpo, paper, evenhand or csv") String format;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "the data file to write") Path outFile;

  @Option(names = "--status", paramLabel = "STATUS", defaultValue = "accepted", converter = OptionTypes.StatusOrAll.class,
      description = "pending, accepted, rejected or all (default ${DEFAULT-VALUE})") ReviewStatus status;

  @Mixin PairFilterOptions filters;

  @Option(names = "--recipe", paramLabel = "paper|cda", defaultValue = "paper", converter = OptionTypes.Recipe.class,
      description = "the paper's recipe (balanced judgments; default) or the CDA baseline (swapped explanations: trl-sft, trl-sft-chat, paper, evenhand, csv)")
  ExportContext.Recipe recipe;

  @Option(names = "--split", paramLabel = "F", description = "share of pairs for a test file: writes <stem>.train.<ext> and <stem>.test.<ext>") Double split;
  @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "the split's seed (default ${DEFAULT-VALUE})") long seed;

  @Option(names = "--include-gendered", description = "keep pairs whose balanced judgment is not gender-neutral (accepted with an "
      + "override, or flagged by the lint); by default they are left out and the manifest counts them (left_out)")
  boolean includeGendered;

  @Override
  public Integer call() throws Exception {
    ExportUseCase.checkOut(outFile);
    try (Services s = services()) {
      ExportUseCase.Outcome done = s.exports().export(new ExportUseCase.Request(format, outFile, filters.filter(status), recipe,
          split == null ? OptionalDouble.empty() : OptionalDouble.of(split), seed, includeGendered), n -> { }, () -> false);
      ExportService.Result res = done.result();
      if (json()) {
        List<Map<String, Object>> files = res.files().stream().map(f -> fields("file", f.file().toString(), "manifest", f.manifest().toString(),
            "records", f.records(), "pairs", f.pairs(), "sha256", f.sha256())).toList();
        ExportService.FileResult first = res.files().get(0);
        printJson(fields("file", first.file().toString(), "manifest", first.manifest().toString(), "records", res.records(), "pairs", res.pairs(),
            "sha256", first.sha256(), "files", files, "left_out", new java.util.TreeMap<>(res.leftOut())));
      } else {
        for (ExportService.FileResult f : res.files()) {
          out().println("wrote " + f.records() + " records (" + f.pairs() + " pairs) to " + f.file());
          out().println("manifest: " + f.manifest());
        }
      }
      done.notMarked().ifPresent(line -> err().println("evenhand: " + line));
      done.leftOut().ifPresent(line -> err().println("evenhand: " + line));
      done.nothingMatched().ifPresent(err()::println);
    }
    return OK;
  }
}
