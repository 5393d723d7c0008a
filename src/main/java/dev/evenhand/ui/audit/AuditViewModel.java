package dev.evenhand.ui.audit;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.RunStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.store.AuditRepository.AuditRun;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.ui.UiText;
import dev.evenhand.usecase.AuditSelection;
import dev.evenhand.usecase.AuditUseCase;
import dev.evenhand.usecase.ModelTargets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Audit screen: start or resume an audit of a pair set with one or more
 * models (progress, cancel), pick a run, see its metrics per model and each model against the first
 * (base), with the charts; a contaminated run is marked. While an audit runs its figures follow the
 * answers as they are stored. A bar or a heat-map cell opens the {@link AuditDrillDown} on the pairs
 * behind it. Audits go through {@link AuditUseCase}, the same calls as {@code evenhand audit}.
 */
public final class AuditViewModel {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuditViewModel.class);
  /** A person is watching: the audit waits for a server that went away as long as the screen is open. */
  private static final Duration MAX_PAUSE = Duration.ofDays(365);

  private final AuditUseCase audits;
  private final int parallel;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final ObservableList<AuditRun> runs = FXCollections.observableArrayList();
  private final ObservableList<String> sets = FXCollections.observableArrayList();
  private final ObjectProperty<AuditRun> selected = new SimpleObjectProperty<>();
  private boolean reselecting;
  private final ObjectProperty<AuditUseCase.Figures> figures = new SimpleObjectProperty<>();
  private final ObjectProperty<String> set = new SimpleObjectProperty<>();
  private final StringProperty models = new SimpleStringProperty("");
  private final StringProperty limit = new SimpleStringProperty("");
  private final javafx.beans.property.ObjectProperty<dev.evenhand.domain.AuditProtocol> chosenProtocol =
      new javafx.beans.property.SimpleObjectProperty<>(dev.evenhand.domain.AuditProtocol.EVENHAND);
  private final StringProperty samples = new SimpleStringProperty("1");
  private final StringProperty status = new SimpleStringProperty("");
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private final ObservableList<String> knownModels = FXCollections.observableArrayList();
  private final StringProperty heatModel = new SimpleStringProperty("");
  private final StringProperty protocol = new SimpleStringProperty("");
  private final AuditDrillDown drillDown;
  private final AuditCompareViewModel compare;
  private final ModelTargets targets;
  private final AuditUseCase.Charts charts;
  private BackgroundTask<AuditUseCase.Outcome> audit;

  /** The runs and pair sets, read together. */
  private record Lists(List<AuditRun> runs, List<String> sets) {}

  /**
   * @param audits   audit runs, figures, start and resume
   * @param targets  the default model tag, typed in the models field at first
   * @param parallel requests in flight per host (the saved setting)
   * @param tasks    where blocking work runs
   * @param text     the resource bundle
   * @param compare  comparisons across runs (the Compare runs pane)
   * @param charts   draws the PNG charts of an exported report (the same as {@code audit --report})
   */
  public AuditViewModel(AuditUseCase audits, ModelTargets targets, int parallel, TaskExecutor tasks, ResourceBundle text,
                        dev.evenhand.usecase.AuditCompareUseCase compare, AuditUseCase.Charts charts) {
    this.audits = audits;
    this.charts = charts;
    this.parallel = parallel;
    this.tasks = tasks;
    this.text = text;
    this.targets = targets;
    this.drillDown = new AuditDrillDown(audits, tasks);
    this.compare = new AuditCompareViewModel(compare, tasks, text);
    models.set(targets.defaultModelTag());
    selected.addListener((o, a, b) -> {
      if (!reselecting) load(b);
    });
    figures.addListener((o, a, f) -> {
      if (f != null && !f.metrics().containsKey(heatModel.get())) heatModel.set(f.run().models().get(0));
      protocol.set(f == null ? "" : String.format(text.getString("audit.protocol"), dev.evenhand.usecase.AuditProtocolFigures.describe(f.run())));
    });
  }

  /** Reloads the runs and the pair sets (the run shown stays selected) and the models the server offers. */
  public void refresh() {
    Long keep = selected.get() == null ? null : selected.get().id();
    tasks.execute(BackgroundTask.wrap(c -> new Lists(audits.runs(), audits.setNames())).onSuccess(l -> show(l, keep, true))
        .onFailure(e -> status.set(UiText.plain(e.getMessage()))));
    tasks.execute(BackgroundTask.wrap(c -> targets.check().models()).onSuccess(tags -> {
      java.util.TreeSet<String> known = new java.util.TreeSet<>(tags);
      runs.forEach(r -> known.addAll(r.models()));
      knownModels.setAll(known);
    }).onFailure(e -> { }));
  }

  /** Shows fresh lists, selecting the run {@code keep} (else the newest); its figures are read when {@code load} is true. */
  private void show(Lists l, Long keep, boolean load) {
    AuditRun pick = l.runs().stream().filter(x -> keep != null && x.id() == keep).findFirst().orElse(l.runs().isEmpty() ? null : l.runs().get(0));
    // A run's record changes with its status, so replacing the items can leave the combo box showing
    // nothing while a value is set; clear the value first, then select the fresh record once.
    reselecting = true;
    selected.set(null);
    runs.setAll(l.runs());
    reselecting = false;
    sets.setAll(l.sets());
    if (set.get() == null && !l.sets().isEmpty()) set.set(l.sets().contains("genmo") ? "genmo" : l.sets().get(0));
    reselecting = !load;
    selected.set(pick);
    reselecting = false;
    if (pick == null) load(null);
  }

  private void load(AuditRun run) {
    if (run == null) {
      figures.set(null);
      return;
    }
    tasks.execute(BackgroundTask.wrap(c -> audits.figures(run)).onSuccess(figures::set).onFailure(e -> status.set(UiText.plain(e.getMessage()))));
  }

  /** Starts an audit of the chosen set with the models typed (comma-separated); the models are checked on the server first. */
  public void start() {
    if (running.get()) return;
    List<String> tags = chosenModels();
    if (tags.isEmpty() || set.get() == null) {
      status.set(text.getString("audit.needInput"));
      return;
    }
    Integer lim;
    try {
      lim = limit.get() == null || limit.get().isBlank() ? null : Integer.valueOf(limit.get().strip());
      if (lim != null && lim < 1) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      status.set(text.getString("audit.badLimit"));
      return;
    }
    int k;
    try {
      k = samples.get() == null || samples.get().isBlank() ? 1 : Integer.parseInt(samples.get().strip());
      if (k < 1 || k > dev.evenhand.usecase.AuditDecoding.MAX_SAMPLES) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      status.set(String.format(text.getString("audit.badSamples"), dev.evenhand.usecase.AuditDecoding.MAX_SAMPLES));
      return;
    }
    dev.evenhand.domain.AuditProtocol protocol = chosenProtocol.get() == null ? dev.evenhand.domain.AuditProtocol.EVENHAND : chosenProtocol.get();
    AuditUseCase.Request request = new AuditUseCase.Request(set.get(), tags, lim, protocol, k);
    run((listener, cancel) -> audits.start(request, parallel, MAX_PAUSE, listener, cancel));
  }

  /** Resumes the selected run when it is unfinished: only the answers still missing are asked. */
  public void resume() {
    AuditRun r = selected.get();
    if (running.get()) return;
    // a click that does nothing reads as broken: say why there is nothing to resume
    if (r == null) {
      status.set(text.getString("audit.resumeNone"));
      return;
    }
    if (r.status() != RunStatus.RUNNING) {
      status.set(String.format(text.getString("audit.resumeComplete"), r.id()));
      return;
    }
    run((listener, cancel) -> audits.resume(r.id(), parallel, MAX_PAUSE, listener, cancel));
  }

  /** Starts or resumes a session of the use case. */
  @FunctionalInterface
  private interface Session {
    AuditUseCase.Outcome run(AuditUseCase.Listener listener, java.util.concurrent.atomic.AtomicBoolean cancel) throws InterruptedException;
  }

  private void run(Session session) {
    running.set(true);
    progress.set(-1);
    status.set(text.getString("audit.starting"));
    audit = BackgroundTask.wrap(c -> session.run(new LiveFigures(c), c.cancelFlag()));
    audit.onProgress(progress::set).onMessage(status::set).onSuccess(outcome -> {
      if (outcome.result().unansweredCount() > 0) {
        // answers the server failed to give are missing, not the model's: say so; the run stays resumable
        progress.set(0);
        status.set(outcome.result().missingLine());
      } else {
        status.set(text.getString(outcome.result().complete() ? "audit.done" : "audit.cancelled"));
      }
    }).onFailure(e -> {
      progress.set(0);
      status.set(UiText.plain(e.getMessage()));
    }).onFinished(() -> {
      running.set(false);
      refresh();
    });
    tasks.execute(audit);
  }

  /**
   * Reports a running session and keeps the figures live: after every stored answer the running run's
   * figures are read again on the executor's background side and shown (the task hands only the newest
   * update to the screen). One reader at a time; answers that arrive meanwhile make it read once more, so
   * the last answer is always shown.
   */
  private final class LiveFigures implements AuditUseCase.Listener {
    private final BackgroundTask.Context c;
    private final java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean dirty = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile AuditRun run;
    private volatile Lists lists;

    LiveFigures(BackgroundTask.Context c) { this.c = c; }

    @Override
    public void started(AuditRun run, long pairs) {
      Lists l = new Lists(audits.runs(), audits.setNames());
      this.lists = l;
      this.run = run;
      AuditUseCase.Figures f = audits.figures(run);
      c.show(() -> follow(f));
    }

    /**
     * Shows a run's figures; the first time (its run not listed yet) the lists too, selecting the run. A
     * read that lands after the session ended is dropped: the reload at the end shows the final figures.
     */
    private void follow(AuditUseCase.Figures f) {
      if (!running.get()) return;
      // updates overtake each other (only the newest is shown), so each one can list and select the run
      if (runs.stream().noneMatch(x -> x.id() == f.run().id())) show(lists, f.run().id(), false);
      if (selected.get() != null && selected.get().id() == f.run().id()) figures.set(f);
    }

    @Override
    public void progress(long done, long total) {
      c.progress(total == 0 ? 1 : (double) done / total);
      c.message(String.format(text.getString("audit.progress"), done, total));
      if (run == null) return;
      dirty.set(true);
      // read on the executor's background side, not on the audit's worker, so the audit never waits for it
      if (reading.compareAndSet(false, true)) tasks.background().execute(this::readWhileDirty);
    }

    /** Reads the figures until no answer arrived during the last read; then lets the next answer start a reader. */
    private void readWhileDirty() {
      do {
        try {
          while (dirty.getAndSet(false)) {
            AuditUseCase.Figures f = audits.figures(run);
            c.show(() -> follow(f));
          }
        } catch (RuntimeException e) {
          LOG.warn("audit {}: live figures could not be read", run.id(), e);
        } finally {
          reading.set(false);
        }
      } while (dirty.get() && reading.compareAndSet(false, true));
    }
  }

  /** Opens the drill-down on a model's mismatched pairs (a bar of "Mismatch rate per model"). */
  public void openMismatches(String model) {
    drill(AuditSelection.mismatches(model), String.format(text.getString("audit.open.mismatches"), model));
  }

  /** Opens the drill-down on a model's mismatched pairs in one environment. */
  public void openEnvironment(String model, String environment) {
    drill(AuditSelection.environment(model, environment), String.format(text.getString("audit.open.environment"), model, environment));
  }

  /** Opens the drill-down on a model's mismatches that favour one story. */
  public void openFavoured(String model, Gender side) {
    drill(AuditSelection.favouring(model, side), String.format(text.getString("audit.open.favoured"), model, side.label()));
  }

  /** Opens the drill-down on the pairs a model judged male {@code male}, female {@code female} (a heat-map cell). */
  public void openCell(String model, Stance male, Stance female) {
    drill(AuditSelection.cell(model, male, female), String.format(text.getString("audit.open.cell"), model, male.label(), female.label()));
  }

  private void drill(AuditSelection selection, String description) {
    AuditUseCase.Figures f = figures.get();
    if (f != null) drillDown.open(f, selection, description);
  }

  /**
   * Adds a model tag to the models to audit, or removes it when it is there (the picker's check marks).
   *
   * @param tag a model tag
   */
  public void toggleModel(String tag) {
    List<String> now = new java.util.ArrayList<>(chosenModels());
    if (!now.remove(tag)) now.add(tag);
    models.set(String.join(", ", now));
  }

  /** @return the model tags in the models field, in order */
  public List<String> chosenModels() {
    return Arrays.stream(models.get().split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /**
   * Writes the report of the run shown into a folder: the same files as {@code audit --report DIR} (judgments.csv,
   * metrics.json, statistics.json, the PNG and SVG charts, report.html, table.tex). The status line says how many
   * files were written where, or why none could be.
   *
   * @param dir the report folder (created if needed)
   */
  public void exportReport(java.nio.file.Path dir) {
    AuditRun r = selected.get();
    if (r == null) return;
    tasks.execute(BackgroundTask.wrap(c -> audits.writeReport(r.id(), dir, charts))
        .onSuccess(files -> status.set(String.format(text.getString("audit.exported"), r.id(), files.size(), dir)))
        .onFailure(e -> status.set(String.format(text.getString("audit.exportFailed"), UiText.plain(e.getMessage())))));
  }

  /** Stops the running audit after the answers in flight; it stays resumable. */
  public void cancel() {
    if (audit != null) audit.cancel();
  }

  /** @return the audit runs, newest first */
  public ObservableList<AuditRun> runs() { return runs; }
  /** @return the pair sets */
  public ObservableList<String> sets() { return sets; }
  /** @return the run shown */
  public ObjectProperty<AuditRun> selected() { return selected; }
  /** @return the figures of the run shown, null when none */
  public ObjectProperty<AuditUseCase.Figures> figures() { return figures; }
  /** @return the set to audit */
  public ObjectProperty<String> set() { return set; }
  /** @return model tags to audit, comma-separated */
  public StringProperty models() { return models; }
  /** @return the first N pairs only, empty for all */
  public StringProperty limit() { return limit; }
  /** @return the protocol the next audit uses (issue 14: {@code evenhand}, the default, or the paper's GenMO protocol) */
  public javafx.beans.property.ObjectProperty<dev.evenhand.domain.AuditProtocol> chosenProtocol() { return chosenProtocol; }
  /** @return answers asked per story in the next audit, as typed (1 by default; the noise floor needs 2 or more) */
  public StringProperty samples() { return samples; }
  /** @return the model tags to pick from: the server's models and every tag audited before, sorted */
  public ObservableList<String> knownModels() { return knownModels; }
  /** @return the model whose stance-transition heat map is shown (the run's first model by default) */
  public StringProperty heatModel() { return heatModel; }

  /** @return the shown run's protocol, samples and every decoding option, one line (issue 14), empty when no run is shown */
  public StringProperty protocol() { return protocol; }

  /** Opens the comparison across runs with the run shown ticked. */
  public void openCompare() {
    drillDown.close();
    compare.open(selected.get() == null ? List.of() : List.of(selected.get().id()));
  }

  /** @return the comparison across runs (Compare runs) */
  public AuditCompareViewModel compare() { return compare; }
  /** @return the read-only drill-down behind a bar or a heat-map cell */
  public AuditDrillDown drillDown() { return drillDown; }
  /** @return one line of status */
  public StringProperty status() { return status; }
  /** @return progress 0 to 1, -1 while unknown */
  public DoubleProperty progress() { return progress; }
  /** @return true while an audit runs */
  public BooleanProperty running() { return running; }
}
