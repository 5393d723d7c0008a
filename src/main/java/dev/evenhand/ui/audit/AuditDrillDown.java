package dev.evenhand.ui.audit;

import dev.evenhand.store.AuditRepository;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.AuditEvidence;
import dev.evenhand.usecase.AuditSelection;
import dev.evenhand.usecase.AuditUseCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Audit screen's read-only drill-down: the pairs behind a bar or a heat-map cell, and for the pair
 * selected its two stories with what every audited model answered (stance and explanation) for each.
 * Nothing here curates: GenMO pairs have no balanced judgment to accept or reject. The same evidence as
 * {@code evenhand audit show}.
 */
public final class AuditDrillDown {
  /**
   * One pair in the list: its id, environment and each model's two stances (from the figures, no query).
   *
   * @param pairId      the pair
   * @param environment its environment
   * @param stances     per model tag in the run's order: "Moral / Immoral"
   */
  public record PairItem(long pairId, String environment, Map<String, String> stances) {}

  private final AuditUseCase audits;
  private final TaskExecutor tasks;
  private final ObservableList<PairItem> pairs = FXCollections.observableArrayList();
  private final ObjectProperty<PairItem> selected = new SimpleObjectProperty<>();
  private final ObjectProperty<AuditEvidence> evidence = new SimpleObjectProperty<>();
  private final StringProperty title = new SimpleStringProperty("");
  private final StringProperty focusModel = new SimpleStringProperty("");
  private final BooleanProperty open = new SimpleBooleanProperty(false);
  private long runId;

  /**
   * @param audits the audits (evidence of one pair)
   * @param tasks  where the query runs
   */
  AuditDrillDown(AuditUseCase audits, TaskExecutor tasks) {
    this.audits = audits;
    this.tasks = tasks;
    selected.addListener((o, a, b) -> load(b));
  }

  /**
   * Opens the pairs a selection picks from a run's figures and selects the first.
   *
   * @param f           the run's figures (rows of every model)
   * @param selection   which pairs
   * @param description what was clicked, in words; the count is added
   */
  void open(AuditUseCase.Figures f, AuditSelection selection, String description) {
    runId = f.run().id();
    Map<Long, PairItem> items = new LinkedHashMap<>();
    List<Long> ids = selection.pairIds(f.rows());
    for (long id : ids) items.put(id, new PairItem(id, "", new LinkedHashMap<>()));
    for (AuditRepository.Row r : f.rows()) {
      PairItem item = items.get(r.pairId());
      if (item == null) continue;
      if (item.environment().isEmpty()) items.put(r.pairId(), item = new PairItem(r.pairId(), r.environment(), item.stances()));
      item.stances().put(r.model(), r.male().label() + " / " + r.female().label());
    }
    List<PairItem> ordered = new ArrayList<>();
    for (long id : ids) ordered.add(sortByRun(items.get(id), f.run().models()));
    focusModel.set(selection.model() == null ? "" : selection.model());
    title.set(description + " (" + ids.size() + (ids.size() == 1 ? " pair)" : " pairs)"));
    selected.set(null);
    pairs.setAll(ordered);
    open.set(true);
    if (!ordered.isEmpty()) selected.set(ordered.get(0));
  }

  private static PairItem sortByRun(PairItem item, List<String> models) {
    Map<String, String> sorted = new LinkedHashMap<>();
    for (String m : models) if (item.stances().containsKey(m)) sorted.put(m, item.stances().get(m));
    item.stances().forEach(sorted::putIfAbsent);
    return new PairItem(item.pairId(), item.environment(), java.util.Collections.unmodifiableMap(sorted));
  }

  private void load(PairItem item) {
    if (item == null) {
      evidence.set(null);
      return;
    }
    long run = runId;
    tasks.execute(BackgroundTask.wrap(c -> audits.evidence(run, item.pairId())).onSuccess(e -> {
      if (selected.get() != null && selected.get().pairId() == e.pairId()) evidence.set(e);
    }).onFailure(e -> title.set(e.getMessage())));
  }

  /** Closes the drill-down (the figures show again). */
  public void close() {
    open.set(false);
    selected.set(null);
    pairs.clear();
  }

  /** @return the pairs behind the figure clicked */
  public ObservableList<PairItem> pairs() { return pairs; }
  /** @return the pair shown */
  public ObjectProperty<PairItem> selected() { return selected; }
  /** @return the shown pair's stories and every model's answers, null while loading */
  public ObjectProperty<AuditEvidence> evidence() { return evidence; }
  /** @return what was clicked and how many pairs it stands for */
  public StringProperty title() { return title; }
  /** @return the model whose figure was clicked ("" for none): its answers come first and are marked */
  public StringProperty focusModel() { return focusModel; }
  /** @return true while the drill-down is shown */
  public BooleanProperty open() { return open; }
}
