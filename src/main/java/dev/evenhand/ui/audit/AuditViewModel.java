package dev.evenhand.ui.audit;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.usecase.AuditComparison;
import dev.evenhand.usecase.AuditReport;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.ui.Background;
import dev.evenhand.ui.UiContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
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
 * (base), with the charts; a contaminated run is marked.
 */
public final class AuditViewModel {
  /** The figures of a run, ready for the screen. */
  public record Figures(AuditRepository.AuditRun run, Map<String, BiasMetrics.Result> metrics, List<AuditComparison> comparisons,
                        long contaminated, List<AuditRepository.Row> rows) {}

  private final UiContext ctx;
  private final ResourceBundle text;
  private final ObservableList<AuditRepository.AuditRun> runs = FXCollections.observableArrayList();
  private final ObservableList<String> sets = FXCollections.observableArrayList();
  private final ObjectProperty<AuditRepository.AuditRun> selected = new SimpleObjectProperty<>();
  private boolean reselecting;
  private final ObjectProperty<Figures> figures = new SimpleObjectProperty<>();
  private final ObjectProperty<String> set = new SimpleObjectProperty<>();
  private final StringProperty models = new SimpleStringProperty("llama3.1:8b");
  private final StringProperty limit = new SimpleStringProperty("");
  private final StringProperty status = new SimpleStringProperty("");
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private volatile AtomicBoolean cancel = new AtomicBoolean();

  /**
   * @param ctx  services
   * @param text the resource bundle
   */
  public AuditViewModel(UiContext ctx, ResourceBundle text) {
    this.ctx = ctx;
    this.text = text;
    selected.addListener((o, a, b) -> {
      if (!reselecting) load(b);
    });
  }

  /** Reloads the runs and the pair sets. */
  public void refresh() {
    Long keep = selected.get() == null ? null : selected.get().id();
    Background.run(ctx.background(), () -> new Object[] {ctx.audits().all(), ctx.audits().setNames()}, r -> {
      @SuppressWarnings("unchecked") List<AuditRepository.AuditRun> all = (List<AuditRepository.AuditRun>) r[0];
      @SuppressWarnings("unchecked") List<String> names = (List<String>) r[1];
      AuditRepository.AuditRun pick = all.stream().filter(x -> keep != null && x.id() == keep).findFirst().orElse(all.isEmpty() ? null : all.get(0));
      // A run's record changes with its status, so replacing the items can leave the combo box showing
      // nothing while a value is set; clear the value first, then select the fresh record once.
      reselecting = true;
      selected.set(null);
      runs.setAll(all);
      reselecting = false;
      sets.setAll(names);
      if (set.get() == null && !names.isEmpty()) set.set(names.contains("genmo") ? "genmo" : names.get(0));
      selected.set(pick);
      if (pick == null) load(null);
    }, e -> status.set(e.getMessage()));
  }

  private void load(AuditRepository.AuditRun run) {
    if (run == null) {
      figures.set(null);
      return;
    }
    Background.run(ctx.background(), () -> {
      AuditReport rep = new AuditReport(ctx.audits());
      Map<String, BiasMetrics.Result> m = rep.metrics(run.id());
      List<AuditRepository.Row> rows = ctx.audits().rows(run.id());
      List<AuditComparison> cmp = run.models().size() < 2 ? List.of()
          : run.models().subList(1, run.models().size()).stream().map(x -> AuditComparison.of(rows, run.models().get(0), x)).toList();
      return new Figures(run, m, cmp, ctx.audits().exportedPairs(run.id()), rows);
    }, figures::set, e -> status.set(e.getMessage()));
  }

  /** Starts an audit of the chosen set with the models typed (comma-separated), or resumes the selected unfinished run. */
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
    String setName = set.get();
    Integer l = lim;
    run(() -> ctx.audits().create(setName, tags, l).id());
  }

  /** Resumes the selected run when it is unfinished. */
  public void resume() {
    AuditRepository.AuditRun r = selected.get();
    if (r == null || running.get() || r.status() != RunStatus.RUNNING) return;
    run(r::id);
  }

  private void run(java.util.concurrent.Callable<Long> runId) {
    AtomicBoolean c = new AtomicBoolean();
    cancel = c;
    running.set(true);
    progress.set(-1);
    status.set(text.getString("audit.starting"));
    Background.run(ctx.background(), () -> {
      long id = runId.call();
      Platform.runLater(this::refresh);
      boolean done = ctx.auditRunner().run(id, ctx.parallel(), (n, total) -> {
        if (n % 20 == 0 || n == total) Platform.runLater(() -> {
          progress.set(total == 0 ? 1 : (double) n / total);
          status.set(String.format(text.getString("audit.progress"), n, total));
        });
      }, c);
      return new Object[] {id, done};
    }, r -> {
      running.set(false);
      status.set(text.getString((Boolean) r[1] ? "audit.done" : "audit.cancelled"));
      refresh();
    }, e -> {
      running.set(false);
      progress.set(0);
      status.set(e.getMessage());
      refresh();
    });
  }

  /** Stops the running audit after the answers in flight; it stays resumable. */
  public void cancel() { cancel.set(true); }

  /** @return the audit runs, newest first */
  public ObservableList<AuditRepository.AuditRun> runs() { return runs; }
  /** @return the pair sets */
  public ObservableList<String> sets() { return sets; }
  /** @return the run shown */
  public ObjectProperty<AuditRepository.AuditRun> selected() { return selected; }
  /** @return the figures of the run shown */
  public ObjectProperty<Figures> figures() { return figures; }
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
