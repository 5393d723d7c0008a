package dev.evenhand.ui.audit;

import dev.evenhand.store.AuditRepository.AuditRun;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.AuditCompareUseCase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Audit screen's comparison across runs (src/docs/audit/compare.md): tick two or more audit runs over the
 * same pair set, pick the base entry (a model of one run; by default the first model of the oldest run
 * ticked), and see each other entry against it on the pairs they share, with McNemar's test and both
 * resolution figures. Read-only, through {@link AuditCompareUseCase}, the same call as
 * {@code evenhand audit compare}.
 */
public final class AuditCompareViewModel {
  /**
   * One run in the list, with its check mark.
   *
   * @param run    the run
   * @param chosen true when ticked for the comparison
   */
  public record RunChoice(AuditRun run, BooleanProperty chosen) {}

  private final AuditCompareUseCase compare;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final ObservableList<RunChoice> choices = FXCollections.observableArrayList();
  private final ObservableList<String> bases = FXCollections.observableArrayList();
  private final ObjectProperty<String> base = new SimpleObjectProperty<>();
  private final ObjectProperty<AuditCompareUseCase.Comparison> result = new SimpleObjectProperty<>();
  private final StringProperty status = new SimpleStringProperty("");
  private final BooleanProperty open = new SimpleBooleanProperty(false);

  /**
   * @param compare the comparison of runs
   * @param tasks   where the queries run
   * @param text    the resource bundle
   */
  public AuditCompareViewModel(AuditCompareUseCase compare, TaskExecutor tasks, ResourceBundle text) {
    this.compare = compare;
    this.tasks = tasks;
    this.text = text;
  }

  /**
   * Opens the comparison and lists the runs, newest first; the runs given are ticked.
   *
   * @param tick ids of runs to tick at first (e.g. the run the screen shows)
   */
  public void open(List<Long> tick) {
    open.set(true);
    result.set(null);
    status.set(text.getString("audit.compare.pick"));
    tasks.execute(BackgroundTask.wrap(c -> compare.runs()).onSuccess(runs -> {
      choices.setAll(runs.stream().map(r -> new RunChoice(r, new SimpleBooleanProperty(tick.contains(r.id())))).toList());
      for (RunChoice ch : choices) ch.chosen().addListener((o, a, b) -> refreshBases());
      refreshBases();
    }).onFailure(e -> status.set(dev.evenhand.ui.UiText.plain(e.getMessage()))));
  }

  /** Goes back to the figures. */
  public void close() { open.set(false); }

  /** @return the ids of the ticked runs, oldest first (so the default base is the earliest audit) */
  public List<Long> chosenRuns() {
    return choices.stream().filter(c -> c.chosen().get()).map(c -> c.run().id()).sorted().toList();
  }

  /** Lists the entries of the ticked runs as base candidates ({@code TAG@RUN}); the base becomes the first model of the oldest run. */
  private void refreshBases() {
    List<String> specs = new ArrayList<>();
    choices.stream().filter(c -> c.chosen().get()).map(RunChoice::run).sorted(Comparator.comparingLong(AuditRun::id))
        .forEach(r -> r.models().forEach(m -> specs.add(m + "@" + r.id())));
    bases.setAll(specs);
    base.set(specs.isEmpty() ? null : specs.get(0));
  }

  /** Compares the ticked runs against the base picked; a refusal (fewer than two runs, different sets, no shared pair) is the status line. */
  public void compare() {
    List<Long> runs = chosenRuns();
    if (runs.size() < 2) {
      result.set(null);
      status.set(text.getString("audit.compare.needTwo"));
      return;
    }
    String b = base.get();
    status.set(text.getString("audit.compare.working"));
    tasks.execute(BackgroundTask.wrap(c -> compare.compare(runs, b)).onSuccess(r -> {
      result.set(r);
      String done = String.format(text.getString("audit.compare.done"), r.rows().size(), r.set());
      // what makes the figures not gathered alike (protocol, decoding, samples, an unfinished run) is said with them
      status.set(r.warnings().isEmpty() ? done : done + "\n" + String.format(text.getString("audit.compare.warnings"), String.join("\n", r.warnings())));
    }).onFailure(e -> {
      result.set(null);
      status.set(dev.evenhand.ui.UiText.plain(e.getMessage()));
    }));
  }

  /** @return the runs to tick, newest first */
  public ObservableList<RunChoice> choices() { return choices; }
  /** @return the base candidates of the ticked runs, {@code TAG@RUN}, oldest run first */
  public ObservableList<String> bases() { return bases; }
  /** @return the base picked, {@code TAG@RUN} */
  public ObjectProperty<String> base() { return base; }
  /** @return the last comparison, null before one or after a refusal */
  public ObjectProperty<AuditCompareUseCase.Comparison> result() { return result; }
  /** @return one line: what to do, or why the runs cannot be compared */
  public StringProperty status() { return status; }
  /** @return true while the comparison is shown instead of the figures */
  public BooleanProperty open() { return open; }
}
