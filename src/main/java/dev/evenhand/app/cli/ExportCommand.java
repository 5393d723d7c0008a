package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.AxolotlConfig;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.usecase.ExportUseCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
      description = "trl-dpo, trl-dpo-chat, trl-sft, trl-sft-chat, llama-factory, llama-factory-sft, openai-dpo, axolotl-dpo, paper, evenhand or csv")
  String format;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "the data file to write") Path outFile;

  @Option(names = "--status", paramLabel = "STATUS", defaultValue = "accepted", converter = OptionTypes.StatusOrAll.class,
      description = "pending, accepted, rejected or all (default ${DEFAULT-VALUE})") ReviewStatus status;

  @Mixin PairFilterOptions filters;

  @Option(names = "--recipe", paramLabel = "paper|cda", defaultValue = "paper", converter = OptionTypes.Recipe.class,
      description = "the paper's recipe (balanced judgments; default) or the CDA baseline (swapped explanations: trl-sft, trl-sft-chat, llama-factory-sft, paper, evenhand, csv)")
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
    ExportUseCase.checkOut(outFile);
    try (Services s = services()) {
      ExportUseCase.Outcome done = s.exports().export(new ExportUseCase.Request(format, outFile, filters.filter(status), recipe,
          split == null ? OptionalDouble.empty() : OptionalDouble.of(split), seed, includeGendered,
          new ExportContext.TrainerOptions(separator, axolotlType)), n -> { }, () -> false);
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
