package dev.evenhand.ui.review;

import dev.evenhand.store.AssignmentRepository;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.AssignmentUseCase;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Review screen's Assignments view (issue 15, point 4): for the lead, who has done what on every assigned set,
 * one row per set and reviewer (assigned, decided, left), as {@code evenhand assignments SET} prints it.
 */
public final class AssignmentsViewModel {
  /**
   * One reviewer's progress on one set.
   *
   * @param set      the set's name
   * @param reviewer who
   * @param assigned pairs assigned to them
   * @param decided  pairs of those they decided
   * @param left     pairs of those not decided yet
   */
  public record Row(String set, String reviewer, long assigned, long decided, long left) {}

  private final AssignmentUseCase assignments;
  private final TaskExecutor tasks;
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper("");

  /**
   * @param assignments the sets' assignments and progress
   * @param tasks       runs the reads off the UI thread
   */
  public AssignmentsViewModel(AssignmentUseCase assignments, TaskExecutor tasks) {
    this.assignments = assignments;
    this.tasks = tasks;
  }

  /** Reads every assigned set's progress (one background task); the rows are replaced when it is done. */
  public void load() {
    BackgroundTask.wrap(c -> {
      List<Row> out = new ArrayList<>();
      for (String set : assignments.assignedSets()) {
        for (AssignmentRepository.Progress p : assignments.progress(set)) out.add(new Row(set, p.reviewer(), p.assigned(), p.decided(), p.left()));
      }
      return out;
    }).onSuccess(r -> {
      rows.setAll(r);
      failure.set("");
      loaded.set(true);
    }).onFailure(e -> failure.set(e.getMessage())).executeWith(tasks);
  }

  /** @return one row per assigned set and reviewer, by set then reviewer */
  public ObservableList<Row> rows() { return rows; }

  /** @return true once the rows were read */
  public ReadOnlyBooleanProperty loaded() { return loaded.getReadOnlyProperty(); }

  /** @return why the last read failed, empty when it did not */
  public ReadOnlyStringProperty failure() { return failure.getReadOnlyProperty(); }
}
