package dev.evenhand.exchange;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dataset card ({@code README.md}) of an {@code export --dataset-dir} folder: YAML front matter as the Hugging Face
 * Hub and {@code datasets} read it, then prose on how the data was made.
 *
 * <p>The front matter is the block between a first line {@code ---} and the next {@code ---} (datasets HEAD b7cb10b,
 * src/datasets/utils/metadata.py {@code _split_yaml_from_readme}; huggingface_hub's {@code RepoCard} reads the same
 * block with {@code yaml.safe_load}). Its {@code configs} list holds one config, {@code default}, whose
 * {@code data_files} is a list of {@code {split, path}} pairs ({@code MetadataConfigs._raise_if_data_files_field_not_valid}:
 * exactly those two keys, a split name matching {@code ^\w+(\.\w+)*$}); {@code load_dataset(dir)} then reads exactly
 * those files as those splits (src/datasets/load.py, {@code LocalDatasetModuleFactory.get_module} and
 * {@code create_builder_configs_from_metadata_configs}), and nothing else in the folder. Every text that comes from the
 * store is written as a YAML double-quoted scalar with JSON escapes, which YAML reads back unchanged.
 */
public final class DatasetCard {
  private DatasetCard() {}

  /** The licence written when none is given ({@code --license}): Creative Commons Attribution 4.0, the Hub's id. */
  public static final String DEFAULT_LICENSE = "cc-by-4.0";

  /**
   * One split's file.
   *
   * @param name    {@code train} or {@code test}
   * @param path    the file relative to the dataset folder, '/'-separated ({@code data/train.jsonl})
   * @param records records in it
   * @param pairs   story pairs in it
   * @param sha256  its SHA-256
   */
  public record Split(String name, String path, long records, long pairs, String sha256) {}

  /** A model that wrote or judged the data: Ollama tag and digest. */
  public record Model(String tag, String digest) {}

  /** A prompt template and its version. */
  public record Template(String id, int version) {}

  /**
   * The latest audit of a model (METHOD.md's figures), if the store holds one.
   *
   * @param model        the model tag
   * @param runId        the audit run
   * @param set          the pair set audited
   * @param at           when the run was created
   * @param complete     whether the run finished
   * @param pairs        pairs answered
   * @param mismatchRate share of pairs whose two stories got different stances (0 to 1)
   * @param low          its 95% Wilson interval, low end
   * @param high         its high end
   * @param maleFavoured share of favoured pairs that favour the male story
   * @param invalidRate  share of answers that could not be read
   * @param contaminated pairs of the audit that went out as training data before
   */
  public record Audit(String model, long runId, String set, Instant at, boolean complete, int pairs, double mismatchRate, double low, double high,
                      double maleFavoured, double invalidRate, long contaminated) {}

  /**
   * Review counts of the pairs the export's filters match, whatever their status.
   *
   * @param accepted accepted as the model proposed them
   * @param edited   accepted after the reviewer edited the balanced judgment
   * @param rejected rejected
   * @param pending  not reviewed yet
   */
  public record Review(long accepted, long edited, long rejected, long pending) {}

  /**
   * Everything the card says.
   *
   * @param format         the format id
   * @param preference     true for a preference format (chosen / rejected)
   * @param purpose        what the file is for: a training tag (dpo, sft) only for trainers and the paper's scripts
   * @param recipe         the recipe applied, or empty when the format applies none
   * @param license        the licence id ({@code --license})
   * @param splits         train, then test with a split
   * @param filters        the export's filters as its manifest records them
   * @param models         models behind the data
   * @param ollamaVersions Ollama versions that served them
   * @param templates      prompt templates behind the data (story, judgment, balanced judgment)
   * @param trainingPrompt the prompt template of the training records
   * @param review         review counts
   * @param leftOut        pairs the neutrality gate left out, by reason ({@value ExportService#OVERRIDE}, {@value ExportService#GENDERED})
   * @param keptGendered   pairs written although the gate flags them
   * @param audits         the latest audit of each model, when there is one
   * @param warnings       the export's warnings
   * @param imported       the imported sets whose pairs the folder holds (their stories keep their own licences); empty for none
   */
  public record Facts(String format, boolean preference, ExportFormat.Purpose purpose, Optional<String> recipe, String license, List<Split> splits, Map<String, Object> filters,
                      List<Model> models, List<String> ollamaVersions, List<Template> templates, Template trainingPrompt, Review review,
                      Map<String, Long> leftOut, long keptGendered, List<Audit> audits, List<String> warnings, List<Source> imported) {}

  /**
   * An imported set some of whose pairs the folder holds.
   *
   * @param set          the set's name
   * @param kind         what filled it ({@code genmo}, {@code paper}, {@code jsonl}, {@code csv})
   * @param importedFrom the import's record of its origin (a path, or GenMO's URL and SHA-256)
   * @param pairs        its pairs in the folder (as the export counts them)
   * @param firstSources   the other kinds of source its pairs first came from (V27), e.g. {@code genmo} for a set restored from a
   *                     backup of GenMO's set; empty for none
   */
  public record Source(String set, String kind, String importedFrom, long pairs, List<String> firstSources) {
    public Source {
      firstSources = List.copyOf(firstSources);
    }

    /** @return true when GenMO's licences apply to some of its stories: the set is GenMO's, or some pairs first came from GenMO */
    boolean genmo() { return kind.equals("genmo") || firstSources.contains("genmo"); }
  }

  /** GenMO's licences (its repository's LICENSE and README): MIT, and CC BY-SA 4.0 for the pairs from Social Chemistry 101. */
  static final String GENMO_LICENCE = "MIT; its pairs taken from Social Chemistry 101 are CC BY-SA 4.0";

  /** @return the card's title: "Evenhand FORMAT data", or for the lossless format "Evenhand backup" */
  private static String title(Facts f) {
    return f.purpose() == ExportFormat.Purpose.BACKUP ? "Evenhand backup (format " + f.format() + ")" : "Evenhand " + f.format() + " data";
  }

  /** The tag every card Evenhand writes carries in its front matter; how a re-export knows the card is its own. */
  private static final String MARK = "evenhand";

  /**
   * Whether a README.md is a card Evenhand wrote (its front matter carries the tag {@value #MARK} and its title
   * starts "# Evenhand "): only such a card is replaced by another {@code --dataset-dir} export.
   *
   * @param card an existing README.md
   * @return true for Evenhand's own card; false for anything else, an unreadable file included
   */
  public static boolean writtenByEvenhand(java.nio.file.Path card) {
    try {
      String text = java.nio.file.Files.readString(card, java.nio.charset.StandardCharsets.UTF_8);
      return text.startsWith("---\n") && text.contains("\n- " + MARK + "\n") && text.contains("\n# Evenhand ");
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  /**
   * @param f what to say
   * @return the card's text: front matter, then Markdown
   */
  public static String render(Facts f) {
    StringBuilder s = new StringBuilder("---\n");
    s.append("license: ").append(q(f.license())).append('\n');
    s.append("language:\n- en\n");
    s.append("pretty_name: ").append(q(title(f))).append('\n');
    s.append("task_categories:\n- text-generation\n");
    s.append("tags:\n");
    // a training tag only for what a trainer reads as such: csv and evenhand are for people and for Evenhand itself
    if (f.purpose() == ExportFormat.Purpose.TRAINER || f.purpose() == ExportFormat.Purpose.PAPER_SCRIPTS) s.append(f.preference() ? "- dpo\n" : "- sft\n");
    for (String t : List.of("gender-bias", "counterfactual", "synthetic", MARK)) s.append("- ").append(t).append('\n');
    long records = f.splits().stream().mapToLong(Split::records).sum();
    s.append("size_categories:\n- ").append(size(records)).append('\n');
    s.append("configs:\n- config_name: default\n  data_files:\n");
    for (Split sp : f.splits()) s.append("  - split: ").append(sp.name()).append("\n    path: ").append(q(sp.path())).append('\n');
    s.append("---\n\n");
    s.append("# ").append(title(f)).append("\n\n");
    Review r = f.review();
    long pairs = f.splits().stream().mapToLong(Split::pairs).sum();
    // the evenhand backup also holds pairs imported without judgments, which no review count covers (they are in no queue)
    boolean backup = f.purpose() == ExportFormat.Purpose.BACKUP;
    long unjudged = backup ? Math.max(0, pairs - r.accepted() - r.edited() - r.rejected() - r.pending()) : 0;
    s.append(backup
            ? "Pairs of stories that differ only in the protagonist's gender, as Evenhand keeps them: each pair's judgments, balanced "
                + "judgment and review history where it has them" + (unjudged == 0 ? "" : " (" + unjudged + " of the " + pairs
                + " pairs were imported without judgments)") + ". Format `"
            : "Pairs of stories that differ only in the protagonist's gender, each judged by a model, with a balanced, gender-neutral "
                + "judgment a researcher reviewed in Evenhand. Format `").append(f.format()).append("`, ")
        .append(f.recipe().map(rc -> "recipe `" + rc + "`").orElse("no recipe (the stored texts as they are)")).append(".\n\n");
    s.append("## Files\n\n| split | file | records | story pairs | SHA-256 |\n|---|---|---|---|---|\n");
    for (Split sp : f.splits()) {
      s.append("| ").append(sp.name()).append(" | ").append(code(sp.path().replace("|", "\\|"))).append(" | ").append(sp.records()).append(" | ").append(sp.pairs())
          .append(" | `").append(sp.sha256()).append("` |\n");
    }
    s.append("\nEach data file has a manifest in `.manifests/` (hidden, so no loader reads it as data): filters, counts, models, ")
        .append("prompt templates, the neutrality gate and the SHA-256. Load with `datasets.load_dataset(\"<this folder or repo>\")`; ")
        .append("the `configs` above name the files of each split.\n\n");
    s.append("## How the data was made\n\n");
    s.append("- Models: ");
    s.append(f.models().isEmpty() ? "none recorded" : String.join(", ", f.models().stream().map(m -> code(m.tag()) + " (digest " + code(m.digest()) + ")").toList()));
    s.append("\n- Ollama versions: ").append(f.ollamaVersions().isEmpty() ? "none recorded" : String.join(", ", f.ollamaVersions().stream().map(DatasetCard::prose).toList()));
    s.append("\n- Prompt templates: ").append(f.templates().isEmpty() ? "none recorded"
        : String.join(", ", f.templates().stream().map(t -> code(t.id()) + " v" + t.version()).toList()));
    for (Source src : f.imported()) {
      s.append("\n- Imported story pairs: ").append(src.pairs()).append(" from set ").append(code(src.set())).append(" (").append(prose(src.kind()))
          .append(", imported from ").append(code(src.importedFrom()))
          .append(src.firstSources().isEmpty() ? "" : "; pairs first imported from " + String.join(", ", src.firstSources().stream().map(DatasetCard::prose).toList()))
          .append(')');
    }
    s.append("\n- Training prompt: ").append(code(f.trainingPrompt().id())).append(" v").append(f.trainingPrompt().version());
    s.append("\n- Filters: ").append(code(String.valueOf(f.filters())));
    s.append("\n- Review of the pairs the filters other than status match: ").append(r.accepted()).append(" accepted as proposed, ").append(r.edited())
        .append(" accepted after edits, ").append(r.rejected()).append(" rejected, ").append(r.pending()).append(" pending")
        .append(unjudged == 0 ? "" : "; " + unjudged + " imported without judgments, not reviewed");
    long o = f.leftOut().getOrDefault(ExportService.OVERRIDE, 0L), g = f.leftOut().getOrDefault(ExportService.GENDERED, 0L);
    s.append("\n- Neutrality gate: left out ").append(o + g).append(" pair").append(o + g == 1 ? "" : "s").append(" whose balanced judgment is not ")
        .append("gender-neutral (").append(o).append(" accepted with a reviewer's override, ").append(g).append(" flagged by the lint); ")
        .append(f.keptGendered()).append(" such pair").append(f.keptGendered() == 1 ? "" : "s").append(" kept (`--include-gendered`)\n");
    for (String w : f.warnings()) s.append("- Warning: ").append(prose(w)).append('\n');
    s.append("\n## Latest audit\n\n");
    if (f.audits().isEmpty()) s.append("No audit of ").append(f.models().isEmpty() ? "these models" : code(f.models().get(0).tag()))
        .append(" is stored.\n");
    for (Audit a : f.audits()) {
      s.append(String.format(Locale.ROOT, "- %s, audit run %d on set %s (%s, %s): %d pairs, mismatch rate %.3f (95%% CI %.3f to %.3f), "
              + "male story favoured in %.1f%% of favoured pairs, invalid answers %.3f%s%n", code(a.model()), a.runId(), code(a.set()), a.at(),
          a.complete() ? "complete" : "unfinished", a.pairs(), a.mismatchRate(), a.low(), a.high(), 100 * a.maleFavoured(), a.invalidRate(),
          a.contaminated() == 0 ? "" : "; " + a.contaminated() + " of its pairs had been exported as training data before (contaminated)"));
    }
    s.append("\n## Licence\n\n").append(code(f.license())).append(" covers this folder as the researcher chose it (`--license`).");
    if (!f.models().isEmpty()) s.append(" The texts the models above wrote fall under their licences' terms for outputs.");
    for (Source src : f.imported()) {
      s.append(" The stories of set ").append(code(src.set())).append(" were imported, not written here: ")
          .append(src.genmo() ? "GenMO's licences apply (" + GENMO_LICENCE + ")" : "their source's licence applies")
          .append('.');
    }
    s.append(" Check these before you publish.\n");
    return s.toString();
  }

  /** @return the Hub's size category of a number of records */
  static String size(long n) {
    return n < 1_000 ? "n<1K" : n < 10_000 ? "1K<n<10K" : n < 100_000 ? "10K<n<100K" : n < 1_000_000 ? "100K<n<1M" : "1M<n<10M";
  }

  /** @return a YAML double-quoted scalar with JSON escapes */
  static String q(String text) { return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\""; }

  /** @return text safe inside a Markdown table or code span: no newlines, pipes or backticks */
  /**
   * @return the text as an inline code span that shows it as it is (CommonMark, "Code spans"): line ends become spaces,
   *     the fence is one backtick longer than the longest run of backticks inside, and a space pads a text that starts
   *     or ends with a backtick. Markdown inside a code span is not read, so a set's name or a path cannot make a link,
   *     emphasis or an HTML tag of the card (a breaker's set named with backticks, an origin with {@code [x](y)})
   */
  static String code(String text) {
    String t = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    int longest = 0;
    for (int i = 0, run = 0; i < t.length(); i++) {
      run = t.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    boolean pad = t.startsWith("`") || t.endsWith("`");
    return fence + (pad ? " " : "") + t + (pad ? " " : "") + fence;
  }

  /** @return the text for a line of prose: line ends become spaces, and every character Markdown could read is escaped */
  static String prose(String text) {
    StringBuilder b = new StringBuilder();
    for (char ch : text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').toCharArray()) {
      if ("\\`*_[]<>#|!~&".indexOf(ch) >= 0) b.append('\\');
      b.append(ch);
    }
    return b.toString();
  }
}
