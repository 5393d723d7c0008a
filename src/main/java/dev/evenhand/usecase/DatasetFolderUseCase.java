package dev.evenhand.usecase;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.exchange.AtomicFile;
import dev.evenhand.exchange.DatasetCard;
import dev.evenhand.exchange.ExportFormat;
import dev.evenhand.exchange.ExportLayout;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.exchange.FileProblems;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewTally;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * {@code export --dataset-dir DIR}: a folder ready for the Hugging Face Hub ({@code huggingface-cli upload} takes it as
 * it is; nothing is uploaded here). {@code DIR/data/train.<ext>} (and {@code DIR/data/test.<ext>} with a split),
 * their manifests in {@code DIR/.manifests} ({@link ExportLayout#hub}), and {@code DIR/README.md}, the dataset card
 * ({@link DatasetCard}): configs and splits as {@code datasets} reads them, the licence, and how the data was made
 * (models, prompt templates, review counts, the neutrality gate, the latest audit of each model).
 */
public final class DatasetFolderUseCase {
  /** A licence id as the Hub writes them (e.g. {@code cc-by-4.0}, {@code mit}, {@code other}). */
  private static final Pattern LICENSE = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}");

  private final ExportUseCase exports;
  private final PairRepository pairs;
  private final ReviewTally reviews;
  private final AuditRepository audits;
  private final dev.evenhand.store.PairSetSources sources;

  /**
   * @param exports the export (formats, checks, the neutrality gate)
   * @param pairs   the pairs, for their provenance
   * @param reviews review counts
   * @param audits  audit runs, for the latest audit of each model
   * @param sources where each set came from, for the stories an import brought in (their licences are not the models')
   */
  public DatasetFolderUseCase(ExportUseCase exports, PairRepository pairs, ReviewTally reviews, AuditRepository audits,
                              dev.evenhand.store.PairSetSources sources) {
    this.exports = exports;
    this.pairs = pairs;
    this.reviews = reviews;
    this.audits = audits;
    this.sources = sources;
  }

  /**
   * How it went.
   *
   * @param export  the export of the data files
   * @param card    the dataset card written
   * @param removed data files of an earlier export into the folder that this one does not write (another split or
   *                format), removed with their manifests so no loader mixes them in
   */
  public record Outcome(ExportUseCase.Outcome export, Path card, List<Path> removed) {
    public Outcome {
      removed = List.copyOf(removed);
    }
  }

  /**
   * Writes the folder.
   *
   * @param r         what to export ({@code r.out()} is the folder)
   * @param license   the licence id for the card ({@link DatasetCard#DEFAULT_LICENSE} when null)
   * @param progress  pairs written so far
   * @param cancelled polled between pairs; true stops and leaves no file
   * @return the files written
   * @throws InvalidInputException for a bad licence id, a {@code llama-factory} format (it writes its own
   *     dataset_info.json for a LLaMA-Factory data folder), a file where the folder should be, or a file that cannot be written
   * @throws dev.evenhand.exchange.EmptyExportException when a split would be empty (as {@link ExportUseCase#export})
   */
  public Outcome export(ExportUseCase.Request r, String license, LongConsumer progress, BooleanSupplier cancelled) {
    String lic = license == null ? DatasetCard.DEFAULT_LICENSE : license;
    if (!LICENSE.matcher(lic).matches())
      throw new InvalidInputException("--license: '" + lic + "' is not a licence id as the Hub writes them (e.g. cc-by-4.0, mit, apache-2.0, other)");
    ExportFormat f = exports.format(r.format());
    if (f == null) throw new InvalidInputException("--format: unknown format '" + r.format() + "' (known: " + String.join(", ", exports.formatIds()) + ")");
    if (f.id().startsWith("llama-factory"))
      throw new InvalidInputException("--dataset-dir: " + f.id() + " writes a dataset_info.json for a LLaMA-Factory data folder; use --out for it");
    Path dir = r.out().toAbsolutePath();
    if (Files.exists(dir) && !Files.isDirectory(dir)) throw new InvalidInputException("--dataset-dir: " + r.out() + " is a file; give a folder");
    for (Path part : dir) {
      if (part.toString().equals(ExportLayout.MANIFESTS))
        throw new InvalidInputException("--dataset-dir: " + r.out() + " is inside a " + ExportLayout.MANIFESTS + " folder, where manifests live; choose another folder");
    }
    Path card = dir.resolve("README.md");
    if (Files.isRegularFile(card) && !DatasetCard.writtenByEvenhand(card))
      throw new InvalidInputException("--dataset-dir: " + card + " exists and was not written by Evenhand; move it away or choose an empty folder "
          + "(Evenhand replaces only a card it wrote)");
    ExportLayout layout = ExportLayout.hub(dir, f.extension(), r.split().isPresent());
    // a data file this export would replace or remove is Evenhand's only when its manifest is there: a researcher's own
    // data/test.jsonl (a held-out set) was removed as "of an earlier export" (a breaker), and a data/train.jsonl replaced
    for (Path p : java.util.stream.Stream.concat(layout.files().stream(), layout.replaced().stream()).toList()) {
      if (p.equals(card) || !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.exists(layout.manifest(p))) continue;
      throw new InvalidInputException("--dataset-dir: " + p + " exists and was not written by Evenhand (it has no manifest in " + layout.manifest(p).getParent()
          + "); move it away or choose an empty folder (Evenhand replaces only files it wrote)");
    }
    List<Path> before = layout.replaced().stream().filter(p -> !p.equals(card) && Files.exists(p)).toList();
    ExportUseCase.Outcome done = exports.export(r, layout, progress, cancelled);
    List<Path> removed = before.stream().filter(p -> !Files.exists(p)).toList();
    try {
      AtomicFile.write(card, DatasetCard.render(facts(r, f, lic, dir, done.result())).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvalidInputException("cannot write " + card + ": " + FileProblems.why(e) + " (the data files were written)");
    }
    return new Outcome(done, card, removed);
  }

  private DatasetCard.Facts facts(ExportUseCase.Request r, ExportFormat f, String license, Path dir, ExportService.Result res) {
    List<DatasetCard.Split> splits = new ArrayList<>();
    for (int i = 0; i < res.files().size(); i++) {
      ExportService.FileResult file = res.files().get(i);
      splits.add(new DatasetCard.Split(i == 0 ? "train" : "test", dir.relativize(file.file()).toString().replace('\\', '/'), file.records(),
          file.pairs(), file.sha256()));
    }
    Set<DatasetCard.Model> models = new LinkedHashSet<>();
    Set<DatasetCard.Template> templates = new LinkedHashSet<>();
    TreeSet<String> versions = new TreeSet<>();
    for (PairRepository.Provenance p : pairs.provenance(r.filter().query())) {
      models.add(new DatasetCard.Model(p.modelTag(), p.modelDigest()));
      templates.add(new DatasetCard.Template(p.templateId(), p.templateVersion()));
      if (!p.ollamaVersion().isEmpty()) versions.add(p.ollamaVersion());
    }
    PairFilter q = r.filter();
    ReviewTally.Counts c = reviews.counts(new PairFilter(null, q.divergentOnly(), q.set(), q.environment(), q.model(), q.reviewer(), q.since()).query());
    DatasetCard.Review review = new DatasetCard.Review(c.status("accepted") - c.edited(), c.edited(), c.status("rejected"), c.status("pending"));
    List<DatasetCard.Audit> latest = new ArrayList<>();
    for (String tag : models.stream().map(DatasetCard.Model::tag).distinct().toList()) latestAudit(tag).ifPresent(latest::add);
    // the imported sets whose pairs are in the folder: their stories were written by others, under their own licences
    List<DatasetCard.Source> imported = new ArrayList<>();
    for (var set : sources.list()) {
      if (set.importedFrom().isEmpty() || q.set() != null && !q.set().equals(set.name())) continue;
      long n = exports.count(f.id(), new PairFilter(q.status(), q.divergentOnly(), set.name(), q.environment(), q.model(), q.reviewer(), q.since()));
      if (n > 0) imported.add(new DatasetCard.Source(set.name(), set.kind(), set.importedFrom(), n, sources.otherSourceKinds(set.name())));
    }
    var prompts = exports.trainingPrompts();
    return new DatasetCard.Facts(f.id(), f.preference(), f.purpose(), f.recipes().contains(r.recipe())
        ? Optional.of(r.recipe().name().toLowerCase(java.util.Locale.ROOT)) : Optional.empty(), license, splits, q.manifest(),
        List.copyOf(models), List.copyOf(versions), List.copyOf(templates), new DatasetCard.Template(prompts.templateId(), prompts.templateVersion()),
        review, res.leftOut(), res.keptGendered(), latest, res.warnings(), imported);
  }

  /** @return the newest audit run that asked {@code tag}, with its figures for that model */
  private Optional<DatasetCard.Audit> latestAudit(String tag) {
    for (AuditRepository.AuditRun run : audits.all()) {
      if (!run.models().contains(tag)) continue;
      BiasMetrics.Result m = new AuditReport(audits).metrics(run.id()).get(tag);
      if (m == null) continue;
      return Optional.of(new DatasetCard.Audit(tag, run.id(), run.setName(), run.createdAt(), run.status() == RunStatus.COMPLETED, m.pairs(),
          m.mismatchRate().rate(), m.mismatchRate().low(), m.mismatchRate().high(), m.maleFavouredShare(), m.invalidRate().rate(),
          audits.exportedPairs(run.id())));
    }
    return Optional.empty();
  }
}
