package dev.evenhand.ui.audit;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.store.AuditRepository.AuditRun;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
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
 * (base), with the charts; a contaminated run is marked. Audits go through {@link AuditUseCase}, the
 * same calls as {@code evenhand audit}.
 */
public final class AuditViewModel {
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
  private final StringProperty status = new SimpleStringProperty("");
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private BackgroundTask<AuditUseCase.Outcome> audit;

  /** The runs and pair sets, read together. */
  private record Lists(List<AuditRun> runs, List<String> sets) {}

  /**
   * @param audits   audit runs, figures, start and resume
   * @param targets  the default model tag, typed in the models field at first
   * @param parallel requests in flight per host (the saved setting)
   * @param tasks    where blocking work runs
   * @param text     the resource bundle
   */
  public AuditViewModel(AuditUseCase audits, ModelTargets targets, int parallel, TaskExecutor tasks, ResourceBundle text) {
    this.audits = audits;
    this.parallel = parallel;
    this.tasks = tasks;
    this.text = text;
    models.set(targets.defaultModelTag());
    selected.addListener((o, a, b) -> {
      if (!reselecting) load(b);
    });
  }

  /** Reloads the runs and the pair sets; the run shown stays selected. */
  public void refresh() {
    Long keep = selected.get() == null ? null : selected.get().id();
    tasks.execute(BackgroundTask.wrap(c -> new Lists(audits.runs(), audits.setNames())).onSuccess(l -> {
      AuditRun pick = l.runs().stream().filter(x -> keep != null && x.id() == keep).findFirst().orElse(l.runs().isEmpty() ? null : l.runs().get(0));
      // A run's record changes with its status, so replacing the items can leave the combo box showing
      // nothing while a value is set; clear the value first, then select the fresh record once.
      reselecting = true;
      selected.set(null);
      runs.setAll(l.runs());
      reselecting = false;
      sets.setAll(l.sets());
      if (set.get() == null && !l.sets().isEmpty()) set.set(l.sets().contains("genmo") ? "genmo" : l.sets().get(0));
      selected.set(pick);
      if (pick == null) load(null);
    }).onFailure(e -> status.set(e.getMessage())));
  }

  private void load(AuditRun run) {
    if (run == null) {
      figures.set(null);
      return;
    }
    tasks.execute(BackgroundTask.wrap(c -> audits.figures(run)).onSuccess(figures::set).onFailure(e -> status.set(e.getMessage())));
  }

  /** Starts an audit of the chosen set with the models typed (comma-separated); the models are checked on the server first. */
  public void start() {
    if (running.get()) return;
    List<String> tags = Arrays.stream(models.get().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
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
    AuditUseCase.Request request = new AuditUseCase.Request(set.get(), tags, lim);
    run((listener, cancel) -> audits.start(request, parallel, MAX_PAUSE, listener, cancel));
  }

  /** Resumes the selected run when it is unfinished: only the answers still missing are asked. */
  public void resume() {
    AuditRun r = selected.get();
    if (r == null || running.get() || r.status() != RunStatus.RUNNING) return;
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
    audit = BackgroundTask.wrap(c -> session.run(new AuditUseCase.Listener() {
      @Override
      public void started(AuditRun run, long pairs) { c.show(AuditViewModel.this::refresh); }

      @Override
      public void progress(long done, long total) {
        c.progress(total == 0 ? 1 : (double) done / total);
        c.message(String.format(text.getString("audit.progress"), done, total));
      }
    }, c.cancelFlag()));
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
      status.set(e.getMessage());
    }).onFinished(() -> {
      running.set(false);
      refresh();
    });
    tasks.execute(audit);
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
  /** @return one line of status */
  public StringProperty status() { return status; }
  /** @return progress 0 to 1, -1 while unknown */
  public DoubleProperty progress() { return progress; }
  /** @return true while an audit runs */
  public BooleanProperty running() { return running; }
}
