package dev.evenhand.exchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.store.PairArchive;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.Set;

/**
 * Exports curated pairs in the formats of FORMATS.md: streamed from the store page by page (memory does
 * not grow with the number of pairs), each file written under a temporary name and moved into place
 * only when complete, in a stable order (pair id, male before female) so two exports of the same data
 * are byte-identical, each followed by {@code .manifests/<file>.manifest.json} ({@link ExportLayout}: out of sight of
 * directory loaders). An optional train/test split by pair with a fixed seed writes {@code <stem>.train.<ext>} and
 * {@code <stem>.test.<ext>}. A file that would hold no pair is refused ({@link EmptyExportException}). The neutrality gate
 * ({@link NeutralityGate}, issue 12) leaves out pairs whose balanced judgment is not gender-neutral unless asked to keep
 * them; each manifest counts what was left out and why.
 */
public final class ExportService {
  private final PairRepository pairs;
  private final Map<String, ExportFormat> formats = new LinkedHashMap<>();
  private final Supplier<Set<Long>> overridden;
  /** Why the neutrality gate left a pair out (manifest {@code left_out}): accepted with a recorded override. */
  public static final String OVERRIDE = "accepted_with_override";
  /** Why the neutrality gate left a pair out: the lint flags its balanced judgment today and no override is recorded. */
  public static final String GENDERED = "gendered_balanced_judgment";
  /**
   * Left out by a trainer format: a pair without a judgment of each story or without a balanced judgment (or with one
   * that is only white space), which the format trains on. Counted, so an accepted pair never goes missing without a
   * word (a breaker's three accepted pairs exported as two, the manifest counting nothing left out).
   */
  public static final String INCOMPLETE = "incomplete";
  /** Writes the manifests, indented. */
  private final ObjectMapper json = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(SerializationFeature.INDENT_OUTPUT).enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * @param pairs   where pairs are read from
   * @param archive everything the store keeps about a pair beyond {@link CuratedPair}, by pair id (for the lossless
   *                {@code evenhand} format)
   */
  public ExportService(PairRepository pairs, LongFunction<PairArchive> archive) { this(pairs, archive, Set::of); }

  /**
   * @param pairs       where pairs are read from
   * @param archive     everything the store keeps about a pair beyond {@link CuratedPair}, by pair id
   * @param overridden  the ids of the pairs accepted with a neutrality override (issue 12), read once per export
   */
  public ExportService(PairRepository pairs, LongFunction<PairArchive> archive, Supplier<Set<Long>> overridden) {
    this.pairs = pairs;
    this.overridden = overridden;
    for (ExportFormat f : List.of(JsonFormats.TRL_DPO, JsonFormats.TRL_DPO_CHAT, JsonFormats.TRL_SFT,
        JsonFormats.TRL_SFT_CHAT, LlamaFactoryFormat.DPO, LlamaFactoryFormat.SFT, JsonFormats.OPENAI_DPO, JsonFormats.AXOLOTL_DPO,
        new RecordFormats.Paper(), new RecordFormats.Evenhand(archive), new RecordFormats.Csv())) {
      formats.put(f.id(), f);
    }
  }

  /** @return the ids of the formats this service writes, in FORMATS.md's order */
  public List<String> formatIds() { return List.copyOf(formats.keySet()); }

  /** @return a format by id, or null */
  public ExportFormat format(String id) { return formats.get(id); }

  /**
   * What to export.
   *
   * @param formatId a format id ({@link #formatIds()})
   * @param out      the data file (with a split: the stem's folder and name, e.g. {@code data/dpo.jsonl})
   * @param query    which pairs
   * @param filters  the filters as the user gave them, recorded in the manifest
   * @param context  recipe, training prompt, swapper
   * @param split    share of pairs for the test file (0 to 1, exclusive), or empty for one file
   * @param seed     the split's seed
   * @param includeGendered true to keep pairs the neutrality gate would leave out (issue 12: {@code --include-gendered})
   */
  public record Request(String formatId, Path out, PairQuery query, Map<String, Object> filters, ExportContext context,
                        OptionalDouble split, long seed, boolean includeGendered) {
    /** A request under the neutrality gate (gendered pairs left out). */
    public Request(String formatId, Path out, PairQuery query, Map<String, Object> filters, ExportContext context, OptionalDouble split, long seed) {
      this(formatId, out, query, filters, context, split, seed, false);
    }
  }

  /**
   * One file written.
   *
   * @param file     the data file
   * @param manifest its manifest
   * @param records  records written
   * @param pairs    pairs exported
   * @param sha256   SHA-256 of the data file
   */
  public record FileResult(Path file, Path manifest, long records, long pairs, String sha256) {}

  /**
   * The files written: one, or train then test with a split.
   *
   * @param files     the files
   * @param notMarked why the written pairs are not marked as exported (the database is read-only, or could not record
   *                  the export after the files were in place), if so
   * @param leftOut   pairs the neutrality gate left out, by reason ({@value #OVERRIDE}, {@value #GENDERED}; both present)
   * @param keptGendered pairs written although the gate flags them ({@code --include-gendered}, or the lossless format)
   * @param warnings  one line per file with fewer records than its consumer's stated minimum ({@link ExportFormat#minimumExamples()})
   */
  public record Result(List<FileResult> files, Optional<String> notMarked, Map<String, Long> leftOut, long keptGendered, List<String> warnings) {
    public Result {
      leftOut = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(leftOut));
      warnings = List.copyOf(warnings);
    }

    /** A result without warnings. */
    public Result(List<FileResult> files, Optional<String> notMarked, Map<String, Long> leftOut, long keptGendered) {
      this(files, notMarked, leftOut, keptGendered, List.of());
    }

    /** @param files the files written, the pairs marked as exported, nothing left out */
    public Result(List<FileResult> files) { this(files, Optional.empty(), Map.of(OVERRIDE, 0L, GENDERED, 0L), 0); }

    /** @return pairs the neutrality gate left out, all reasons */
    public long leftOutTotal() { return leftOut.values().stream().mapToLong(Long::longValue).sum(); }

    /** @return records in all files */
    public long records() { return files.stream().mapToLong(FileResult::records).sum(); }

    /** @return pairs in all files */
    public long pairs() { return files.stream().mapToLong(FileResult::pairs).sum(); }
  }

  /**
   * Exports with the paper's recipe into one file (the spine's call).
   *
   * @throws IOException when a file cannot be written
   */
  public Result export(String formatId, Path out, PairQuery query, Map<String, Object> filters, TrainingPrompts prompts,
                       LongConsumer progress, BooleanSupplier cancelled) throws IOException {
    return export(new Request(formatId, out, query, filters, new ExportContext(prompts, ExportContext.Recipe.PAPER,
        (t, a, b) -> t), OptionalDouble.empty(), 0), progress, cancelled);
  }

  /**
   * Exports into {@code r.out()} ({@link ExportLayout#beside}: with a split, {@code <stem>.train.<ext>} and
   * {@code <stem>.test.<ext>}; manifests in {@code .manifests} beside the data).
   *
   * @see #export(Request, ExportLayout, LongConsumer, BooleanSupplier)
   */
  public Result export(Request r, LongConsumer progress, BooleanSupplier cancelled) throws IOException {
    return export(r, ExportLayout.beside(r.out(), r.split().isPresent()), progress, cancelled);
  }

  /**
   * @param r         what to export ({@code r.out()} is not used: the layout names the files)
   * @param layout    the data files (one, or train then test: as many as the request's split asks) and their manifests
   * @param progress  receives the number of pairs written so far
   * @param cancelled polled between pairs; when true the export stops and leaves no file
   * @return the files written
   * @throws IllegalArgumentException for an unknown format, a split outside (0, 1), a layout with the wrong number of
   *     files, or a recipe the format does not apply ({@link #checkRecipe})
   * @throws EmptyExportException when a file would hold no pair (nothing matched, or one side of the split is empty):
   *     nothing is written, earlier files under those names are untouched, no pair is marked as exported
   * @throws CancellationException when cancelled (nothing is left under the final names)
   * @throws IOException when a file cannot be written (disk full, no permission); nothing is left under the final names,
   *     and earlier files there are untouched
   */
  public Result export(Request r, ExportLayout layout, LongConsumer progress, BooleanSupplier cancelled) throws IOException {
    ExportFormat format = formats.get(r.formatId());
    if (format == null) throw new IllegalArgumentException("unknown export format '" + r.formatId() + "' (known: " + String.join(", ", formatIds()) + ")");
    checkRecipe(r.formatId(), r.context().recipe());
    if (r.split().isPresent() && !(r.split().getAsDouble() > 0 && r.split().getAsDouble() < 1)) {
      double got = r.split().getAsDouble();
      // NaN and Infinity have no decimal form (BigDecimal threw "Character N is neither a decimal digit number": a breaker)
      throw new IllegalArgumentException("--split must be between 0 and 1, exclusive (got " + (Double.isFinite(got)
          ? java.math.BigDecimal.valueOf(got).stripTrailingZeros().toPlainString() : String.valueOf(got)) + ")");
    }
    List<Path> targets = layout.files();
    if (targets.size() != (r.split().isPresent() ? 2 : 1)) throw new IllegalArgumentException("the layout names " + targets.size() + " files");
    boolean trainer = format.purpose() == ExportFormat.Purpose.TRAINER;
    NeutralityGate gate = new NeutralityGate(overridden.get(), gated(format, r.context().recipe()), r.includeGendered());
    List<Path> created = layout.missingFolders();
    boolean committed = false;
    List<AtomicFile> files = new ArrayList<>();
    long[][] counts = new long[targets.size()][2];
    List<String> shas = new ArrayList<>();
    Optional<String> notMarked = Optional.empty();
    // the marks of a trainer export are written beside its file and count once the files are in place (V24)
    dev.evenhand.store.ExportRun marks = trainer ? pairs.startExport(r.formatId()) : null;
    TreeSet<String> judgedBy = new TreeSet<>(); // model tags of the written pairs' judgments, for the trainer notes
    try {
      // make sure every manifest can be written before any data file is replaced (a name too long for the
      // file system, a folder in the way), so data and manifest never get out of step
      for (Path t : targets) {
        Files.createDirectories(t.toAbsolutePath().getParent()); // the data's folder first: its problem is the one to name
        try (AtomicFile probe = AtomicFile.open(layout.manifest(t))) {
          // opened and removed again: the real manifest is written after the data
        }
      }
      List<ExportFormat.PairWriter> writers = new ArrayList<>();
      for (Path t : targets) {
        AtomicFile f = AtomicFile.open(t);
        files.add(f);
        writers.add(format.open(f.stream(), r.context()));
      }
      long[] done = {0};
      try (LintAhead<CuratedPair> ahead = new LintAhead<>(gate::flagged, (p, flagged) -> {
        if (cancelled.getAsBoolean()) throw new CancellationException("export cancelled");
        if (trainer && !complete(p)) {
          gate.incomplete();
          return;
        }
        if (gate.leavesOut(p, flagged)) return;
        int side = r.split().isPresent() && new SplittableRandom(r.seed() * 0x9E3779B97F4A7C15L + p.id()).nextDouble() < r.split().getAsDouble() ? 1 : 0;
        try {
          counts[side][0] += writers.get(side).write(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        counts[side][1]++;
        if (marks != null) marks.add(p.id());
        judgedBy.add(p.modelTag());
        progress.accept(++done[0]);
      })) {
        pairs.forEach(read(format, r.query()), ahead::accept);
        ahead.finish();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      for (ExportFormat.PairWriter w : writers) w.finish();
      ExportChecks.refuseEmpty(layout, counts, gate.leftOut(), r.split(), r.seed());
      if (format instanceof LlamaFactoryFormat lf) for (Path t : targets) lf.checkInfo(t);
      // every mark in the database before anything is replaced: a database that fails now leaves the earlier files as they were
      if (marks != null) marks.awaitMarks();
      // a manifest beside a data file always describes it: the old manifests go before any data file is
      // replaced and the new ones come after, so an export killed in between leaves data without a manifest
      // (recognisably unfinished: export again), never data with another file's manifest
      for (Path t : targets) {
        Files.deleteIfExists(layout.manifest(t));
        Files.deleteIfExists(ExportLayout.legacyManifest(t));
      }
      layout.removeReplaced();
      for (AtomicFile f : files) shas.add(f.commit());
      committed = true;
      if (marks != null) notMarked = marks.publish();
    } finally {
      for (AtomicFile f : files) f.close();
      if (marks != null) marks.close();
      if (!committed) ExportLayout.removeEmpty(created);
    }
    List<FileResult> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Path data = targets.get(i).toAbsolutePath();
      Path manifest = layout.manifest(data);
      ObjectNode m = manifest(format, data, counts[i][0], counts[i][1], r, shas.get(i), r.split().isPresent() ? layout.part(i) : null);
      gate.describe(m);
      JsonFormats.describe(m, format, r.context(), judgedBy, targets.get(0).getFileName().toString(),
          targets.size() == 1 ? null : targets.get(1).getFileName().toString());
      String warning = ExportChecks.belowMinimum(format, data, counts[i][0], layout.part(i));
      ArrayNode w = m.putArray("warnings");
      if (warning != null) {
        w.add(warning);
        warnings.add(warning);
      }
      AtomicFile.write(manifest, json.writeValueAsBytes(m));
      if (format instanceof LlamaFactoryFormat lf) lf.writeInfo(data);
      out.add(new FileResult(data, manifest, counts[i][0], counts[i][1], shas.get(i)));
    }
    return new Result(out, notMarked, gate.leftOut(), gate.kept(), warnings);
  }

  /**
   * Refuses a recipe the format does not apply ({@link ExportFormat#recipes()}); the paper's recipe, the default, is
   * accepted by every format.
   *
   * @param formatId a format id ({@link #formatIds()})
   * @param recipe   the recipe asked for
   * @throws IllegalArgumentException for an unknown format, or a recipe it does not apply, naming the formats that do
   */
  public void checkRecipe(String formatId, ExportContext.Recipe recipe) {
    ExportFormat f = formats.get(formatId);
    if (f == null) throw new IllegalArgumentException("unknown export format '" + formatId + "' (known: " + String.join(", ", formatIds()) + ")");
    if (recipe == ExportContext.Recipe.PAPER || f.recipes().contains(recipe)) return;
    String name = recipe.name().toLowerCase(java.util.Locale.ROOT);
    List<String> takers = formats.values().stream().filter(x -> x.recipes().contains(recipe)).map(ExportFormat::id).toList();
    String why = f.preference() ? name + " trains on explanations, not preferences"
        : f.recipes().isEmpty() ? formatId + " writes the stored texts as they are and applies no recipe" : formatId + " does not apply it";
    throw new IllegalArgumentException("--recipe " + name + " does not apply to " + formatId + ": " + why + "; the formats that take it: "
        + String.join(", ", takers));
  }

  /**
   * The pairs an export reads: the query's, and for the lossless {@code evenhand} format, a backup, also the pairs
   * imported without judgments (GenMO's, before {@code generate --from-set}), which are in no review queue and which
   * every other format leaves out (they carry no judgment to train on). Importing the file back stores them as such.
   */
  static PairQuery read(ExportFormat format, PairQuery q) { return format != null && format.purpose() == ExportFormat.Purpose.BACKUP ? q.withUncurated(true) : q; }

  /**
   * @param formatId a format id ({@link #formatIds()}); an unknown one reads what a trainer format reads
   * @param q        the export's query
   * @return the query of the pairs an export in that format reads ({@link #read})
   */
  public PairQuery pairsRead(String formatId, PairQuery q) { return read(formats.get(formatId), q); }

  /**
   * Whether the neutrality gate applies to an export: to every file that carries balanced judgments as training data or
   * for a spreadsheet; not to the lossless {@code evenhand} format, which is a backup (it keeps every pair, and its
   * history keeps each override with its findings), nor to any format under the CDA recipe, whose records carry no
   * balanced judgment (the trainer formats and {@code paper}'s swapped line; {@code csv} refuses the recipe).
   */
  /**
   * @param formatId a format id; an unknown one gives false
   * @return whether the neutrality gate applies to an export in that format under that recipe ({@link #gated})
   */
  public boolean gated(String formatId, ExportContext.Recipe recipe) {
    ExportFormat f = formats.get(formatId);
    return f != null && gated(f, recipe);
  }

  static boolean gated(ExportFormat format, ExportContext.Recipe recipe) {
    if (format.purpose() == ExportFormat.Purpose.BACKUP) return false;
    return recipe != ExportContext.Recipe.CDA;
  }

  /**
   * For a preview: whether an export would leave the pair out under the neutrality gate.
   *
   * @param formatId        a format id ({@link #formatIds()})
   * @param recipe          the recipe
   * @param p               the pair
   * @param includeGendered {@code --include-gendered}
   * @return true when the export would not write the pair
   * @throws IllegalArgumentException for an unknown format
   */
  public boolean leavesOut(String formatId, ExportContext.Recipe recipe, CuratedPair p, boolean includeGendered) {
    ExportFormat f = formats.get(formatId);
    if (f == null) throw new IllegalArgumentException("unknown export format '" + formatId + "'");
    return new NeutralityGate(overridden.get(), gated(f, recipe), includeGendered).leavesOut(p);
  }

  private static boolean complete(CuratedPair p) {
    // a blank answer is no answer: "   " went out as chosen and completion (a breaker)
    return p.maleJudgment().isPresent() && p.femaleJudgment().isPresent() && p.balanced().isPresent()
        && !p.balanced().get().male().isBlank() && !p.balanced().get().female().isBlank();
  }

  /** @return {@code data/dpo.train.jsonl} for {@code data/dpo.jsonl} and part {@code train} */
  static Path sibling(Path out, String part) {
    String name = out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    return out.resolveSibling(stem + "." + part + ext);
  }

  private ObjectNode manifest(ExportFormat format, Path data, long records, long pairCount, Request r, String sha, String part) {
    ObjectNode m = json.createObjectNode();
    m.put("format", format.id());
    m.put("file", data.getFileName().toString());
    if (part != null) {
      m.put("part", part);
      m.put("split", r.split().getAsDouble());
      m.put("seed", r.seed());
    }
    // a format that applies no recipe (a backup, a spreadsheet) records none, never one it did not apply
    if (format.recipes().contains(r.context().recipe())) m.put("recipe", r.context().recipe().name().toLowerCase(java.util.Locale.ROOT));
    else m.putNull("recipe");
    m.put("records", records);
    m.put("pairs", pairCount);
    m.set("filters", json.valueToTree(r.filters()));
    ArrayNode models = m.putArray("models");
    TreeSet<String> versions = new TreeSet<>();
    ArrayNode templates = m.putArray("prompt_templates");
    TreeSet<String> seenModels = new TreeSet<>();
    TreeSet<String> seenTemplates = new TreeSet<>();
    for (PairRepository.Provenance p : pairs.provenance(read(format, r.query()))) {
      if (seenModels.add(p.modelTag() + "@" + p.modelDigest())) models.addObject().put("tag", p.modelTag()).put("digest", p.modelDigest());
      if (!p.ollamaVersion().isEmpty()) versions.add(p.ollamaVersion());
      if (seenTemplates.add(p.templateId() + "@" + p.templateVersion()))
        templates.addObject().put("id", p.templateId()).put("version", p.templateVersion());
    }
    ArrayNode ov = m.putArray("ollama_versions");
    versions.forEach(ov::add);
    m.putObject("training_prompt").put("id", r.context().prompts().templateId()).put("version", r.context().prompts().templateVersion());
    m.put("created_at", Instant.now().toString());
    m.put("sha256", sha);
    return m;
  }
}
