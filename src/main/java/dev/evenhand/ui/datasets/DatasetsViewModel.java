package dev.evenhand.ui.datasets;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.ui.UiText;
import dev.evenhand.usecase.ExportUseCase;
import dev.evenhand.usecase.ImportUseCase;
import dev.evenhand.usecase.PairFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State and commands of the Datasets screen: import a file (preview first: counts, problems, first
 * records; then import with progress and cancel, one transaction) and export (a format picker with a
 * one-line example, a preview of the first records and the count, then export with progress and cancel).
 * Both go through the use cases {@code evenhand import} and {@code evenhand export} call, so the screen
 * makes the same checks and says the same things (e.g. why nothing matched).
 */
public final class DatasetsViewModel {
  /** The seed of the train/test split, as the CLI's {@code --seed} default. */
  private static final long SPLIT_SEED = 7;

  private final ImportUseCase imports;
  private final ExportUseCase exports;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final ObjectProperty<ImportService.Source> source = new SimpleObjectProperty<>(ImportService.Source.GENMO);
  private final ObjectProperty<Path> importFile = new SimpleObjectProperty<>();
  private final StringProperty setName = new SimpleStringProperty("genmo");
  private final BooleanProperty skipInvalid = new SimpleBooleanProperty(false);
  private final StringProperty importReport = new SimpleStringProperty("");
  private final ObjectProperty<String> format = new SimpleObjectProperty<>("trl-dpo");
  private final StringProperty example = new SimpleStringProperty("");
  private final ObjectProperty<ReviewStatus> status = new SimpleObjectProperty<>(ReviewStatus.ACCEPTED);
  private final ObjectProperty<ExportContext.Recipe> recipe = new SimpleObjectProperty<>(ExportContext.Recipe.PAPER);
  private final BooleanProperty divergentOnly = new SimpleBooleanProperty(false);
  private final StringProperty split = new SimpleStringProperty("");
  private final BooleanProperty includeGendered = new SimpleBooleanProperty(false);
  private final StringProperty exportReport = new SimpleStringProperty("");
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final BooleanProperty busy = new SimpleBooleanProperty(false);
  private final javafx.beans.binding.BooleanBinding importDisabled = busy.or(importFile.isNull());
  private BackgroundTask<?> job;
  private Runnable onImported = () -> { };

  /**
   * @param imports imports: preview and import in one transaction
   * @param exports export formats, preview and export
   * @param tasks    where blocking work runs
   * @param text     the resource bundle
   */
  public DatasetsViewModel(ImportUseCase imports, ExportUseCase exports, TaskExecutor tasks, ResourceBundle text) {
    this.imports = imports;
    this.exports = exports;
    this.recipeApplies = javafx.beans.binding.Bindings.createBooleanBinding(() -> {
      dev.evenhand.exchange.ExportFormat f = exports.format(format.get());
      return f != null && f.recipes().size() > 1;
    }, format);
    this.includeGenderedApplies = javafx.beans.binding.Bindings.createBooleanBinding(() -> exports.gated(format.get(), recipe.get()), format, recipe);
    this.tasks = tasks;
    this.text = text;
    // Evenhand's own JSONL fills the set its records name unless one is typed: the field is left blank for it
    source.addListener((o, a, b) -> {
      if (b != null && (setName.get().isBlank() || a != null && setName.get().equals(a.id()))) setName.set(b == ImportService.Source.JSONL ? "" : b.id());
    });
    format.addListener((o, a, b) -> showExample());
    // a format without a choice of recipe takes the paper's (CDA chosen for an SFT format would be refused by it)
    format.addListener((o, a, b) -> { if (!recipeApplies.get()) recipe.set(ExportContext.Recipe.PAPER); });
    showExample();
  }

  private final javafx.beans.binding.BooleanBinding recipeApplies;
  private final javafx.beans.binding.BooleanBinding includeGenderedApplies;

  /** @return true when the chosen format offers a choice of recipe (the paper's or the CDA baseline); the screen disables the choice otherwise */
  public javafx.beans.binding.BooleanBinding recipeApplies() { return recipeApplies; }

  /**
   * @return true when the neutrality gate applies to the chosen format and recipe, so that "include gendered" means
   *     something (not for the {@code evenhand} backup, nor under CDA); the screen disables the box otherwise
   */
  public javafx.beans.binding.BooleanBinding includeGenderedApplies() { return includeGenderedApplies; }

  private void showExample() { example.set(exports.example(format.get())); }

  /** @return the export formats */
  public List<String> formats() { return exports.formatIds(); }

  /** Reads the chosen file without writing anything: counts, problems, first records. */
  public void previewImport() {
    Path f = importFile.get();
    if (f == null) {
      importReport.set(text.getString("datasets.noFile"));
      return;
    }
    ImportService.Source s = source.get();
    busy.set(true);
    progress.set(-1);
    tasks.execute(BackgroundTask.wrap(c -> imports.preview(s, f)).onSuccess(p -> {
      progress.set(0);
      StringBuilder sb = new StringBuilder(String.format(text.getString("datasets.preview"), f.getFileName(), p.records(), p.stored(),
          p.identical(), p.problemCount()));
      for (String l : p.first()) sb.append("\n  ").append(l);
      for (ImportService.Problem pr : p.problems()) sb.append("\n").append(pr);
      if (p.problemCount() > p.problems().size()) sb.append("\n… ").append(p.problemCount() - p.problems().size()).append(" more");
      importReport.set(sb.toString());
    }).onFailure(e -> {
      progress.set(0);
      importReport.set(UiText.plain(e.getMessage()));
    }).onFinished(() -> busy.set(false)));
  }

  /** @param r called on the UI side after an import stored its pairs (the review queue refreshes) */
  public void setOnImported(Runnable r) { onImported = r; }

  /** Imports the chosen file in one transaction, with progress; cancel rolls it back. */
  public void runImport() {
    Path f = importFile.get();
    if (f == null || busy.get()) return;
    ImportService.Source s = source.get();
    // blank: the source's name, or for Evenhand's own JSONL the one set its records name (a backup of one set)
    String set = setName.get() == null || setName.get().isBlank() ? null : setName.get().strip();
    boolean skip = skipInvalid.get();
    busy.set(true);
    progress.set(-1);
    importReport.set(String.format(text.getString("datasets.importing"), f.getFileName()));
    BackgroundTask<ImportService.Result> task = BackgroundTask.wrap(c -> imports.importFile(s, f, set, skip,
        n -> c.message(String.format(text.getString("datasets.importProgress"), f.getFileName(), n)), c::cancelled));
    job = task;
    tasks.execute(task.onMessage(importReport::set).onSuccess(r -> {
      progress.set(1);
      importReport.set(String.format(text.getString("datasets.imported"), r.imported(), r.set(), r.duplicates(), r.invalid(), r.identical()));
      onImported.run();
    }).onCancelled(() -> {
      progress.set(0);
      importReport.set(text.getString("datasets.importCancelled"));
    }).onFailure(e -> {
      progress.set(0);
      if (e instanceof ImportService.InvalidFileException inv) {
        StringBuilder sb = new StringBuilder(text.getString("datasets.refused"));
        for (ImportService.Problem p : inv.problems()) sb.append("\n").append(p);
        importReport.set(sb.toString());
      } else {
        importReport.set(UiText.plain(e.getMessage()));
      }
    }).onFinished(() -> busy.set(false)));
  }

  /** @return the screen's filters: status (null for all) and divergent only; the export takes the pairs oldest first */
  private PairFilter exportFilter() {
    return new PairFilter(status.get(), divergentOnly.get(), null, null, null, null, null);
  }

  private OptionalDouble splitValue() {
    String s = split.get() == null ? "" : split.get().strip();
    if (s.isEmpty()) return OptionalDouble.empty();
    try {
      return OptionalDouble.of(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(String.format(text.getString("datasets.badSplit"), s));
    }
  }

  /** Shows how many pairs would be exported and the first records, in the chosen format. */
  public void previewExport() {
    PairFilter q = exportFilter();
    String id = format.get();
    ExportContext.Recipe r = recipe.get();
    boolean gendered = includeGendered.get();
    // with no record to show, why nothing would be written, as the export itself would say (the preview ended on "The first
    // records in trl-dpo:" and nothing after it: a newcomer)
    tasks.execute(BackgroundTask.wrap(c -> {
          var p = exports.preview(id, r, q, gendered);
          String head = String.format(text.getString(p.backup() ? "datasets.exportPreviewBackup" : "datasets.exportPreview"), p.pairs());
          if (!p.firstRecords().isBlank()) return head + " " + String.format(text.getString("datasets.exportPreviewFirst"), id) + "\n" + p.firstRecords();
          return head + "\n" + UiText.plain(exports.nothingToExport(id, q).orElse(String.format(text.getString("datasets.exportPreviewNoRecord"), id)));
        })
        .onSuccess(exportReport::set)
        .onFailure(e -> exportReport.set(UiText.plain(e.getMessage()))));
  }

  /**
   * Checks that the export would find some pair before a file is chosen: when none matches, the report says so and why
   * (as a refused export does) and {@code chooseFile} is not called; otherwise it runs on the UI side.
   *
   * @param chooseFile asks for the file (a Save dialog) and calls {@link #runExport} with it
   */
  public void checkThenExport(Runnable chooseFile) {
    if (busy.get()) return;
    PairFilter q = exportFilter();
    String id = format.get();
    tasks.execute(BackgroundTask.wrap(c -> exports.nothingToExport(id, q))
        .onSuccess(none -> none.ifPresentOrElse(m -> exportReport.set(UiText.plain(m)), chooseFile))
        .onFailure(e -> exportReport.set(UiText.plain(e.getMessage()))));
  }

  /** @return the file name the Save dialog proposes: the format id and its extension, e.g. {@code trl-dpo.jsonl} */
  public String exportFileName() {
    String id = format.get();
    var f = exports.format(id);
    return id + "." + (f == null ? "jsonl" : f.extension());
  }

  /** Exports to a file, atomically, with progress; cancel leaves no file. */
  public void runExport(Path out) {
    if (busy.get() || out == null) return;
    PairFilter q = exportFilter();
    String id = format.get();
    ExportContext.Recipe r = recipe.get();
    OptionalDouble sp;
    try {
      sp = splitValue();
    } catch (IllegalArgumentException e) {
      exportReport.set(UiText.plain(e.getMessage()));
      return;
    }
    busy.set(true);
    progress.set(0);
    ExportUseCase.Request request = new ExportUseCase.Request(id, out, q, r, sp, SPLIT_SEED, includeGendered.get());
    BackgroundTask<ExportUseCase.Outcome> task = BackgroundTask.wrap(c -> {
      double total = Math.max(1, exports.count(id, q));
      return exports.export(request, n -> c.progress(n / total), c::cancelled);
    });
    job = task;
    tasks.execute(task.onProgress(progress::set).onSuccess(done -> {
      progress.set(1);
      StringBuilder sb = new StringBuilder();
      for (ExportService.FileResult f : done.result().files()) {
        // a choice format: "1 record (1 pair)", "2 records (1 pair)"
        sb.append(new java.text.MessageFormat(text.getString("datasets.exported"), java.util.Locale.ROOT).format(new Object[] {f.records(), f.pairs(), f.file().toString(), f.manifest().toString()})).append('\n');
      }
      done.notMarked().ifPresent(line -> sb.append(UiText.plain(line)).append('\n'));
      done.leftOut().ifPresent(line -> sb.append(UiText.plain(line)).append('\n'));
      done.warnings().forEach(line -> sb.append(String.format(text.getString("datasets.exportWarning"), UiText.plain(line))).append('\n'));
      exportReport.set(sb.toString().strip());
    }).onCancelled(() -> {
      progress.set(0);
      exportReport.set(text.getString("datasets.exportCancelled"));
    }).onFailure(e -> {
      progress.set(0);
      exportReport.set(UiText.plain(e.getMessage()));
    }).onFinished(() -> busy.set(false)));
  }

  /** Stops the running import or export; nothing is left half-written. */
  public void cancel() {
    if (job != null) job.cancel();
  }

  /** @return the import source */
  public ObjectProperty<ImportService.Source> source() { return source; }
  /** @return the file to import */
  public ObjectProperty<Path> importFile() { return importFile; }
  /** @return the pair set to fill */
  public StringProperty setName() { return setName; }
  /** @return import the valid records and skip the rest */
  public BooleanProperty skipInvalid() { return skipInvalid; }
  /** @return what the last import preview or import said */
  public StringProperty importReport() { return importReport; }
  /** @return the export format */
  public ObjectProperty<String> format() { return format; }
  /** @return a one-line example of the chosen format */
  public StringProperty example() { return example; }
  /** @return the status filter of the export; null for all */
  public ObjectProperty<ReviewStatus> status() { return status; }
  /** @return the data recipe */
  public ObjectProperty<ExportContext.Recipe> recipe() { return recipe; }
  /** @return only divergent pairs */
  public BooleanProperty divergentOnly() { return divergentOnly; }
  /** @return true to keep the pairs the neutrality gate leaves out of an export (as the CLI's {@code --include-gendered}) */
  public BooleanProperty includeGendered() { return includeGendered; }

  /** @return the test share, empty for no split */
  public StringProperty split() { return split; }
  /** @return what the last export preview or export said */
  public StringProperty exportReport() { return exportReport; }
  /** @return progress of the running job, 0 to 1, -1 while unknown */
  public DoubleProperty progress() { return progress; }
  /** @return true while an import or export runs */
  public BooleanProperty busy() { return busy; }

  /** @return true while Import cannot start: no file is chosen yet, or an import or export runs (issue 12) */
  public javafx.beans.binding.BooleanBinding importDisabled() { return importDisabled; }
}
