package dev.evenhand.ui.review;

import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Window;

/** The Assignments view of the Review screen: a table of {@link AssignmentsViewModel}'s rows in a dialog. */
final class AssignmentsDialog {
  private AssignmentsDialog() {}

  /**
   * Opens the dialog (not waiting for it) and loads its rows.
   *
   * @param vm    the rows
   * @param text  the resource bundle
   * @param owner the Review screen's window
   * @return the dialog, shown
   */
  static Alert show(AssignmentsViewModel vm, ResourceBundle text, Window owner) {
    TableView<AssignmentsViewModel.Row> table = new TableView<>(vm.rows());
    table.getColumns().add(column(text.getString("review.assignments.set"), AssignmentsViewModel.Row::set));
    table.getColumns().add(column(text.getString("review.assignments.reviewer"), AssignmentsViewModel.Row::reviewer));
    table.getColumns().add(column(text.getString("review.assignments.assigned"), AssignmentsViewModel.Row::assigned));
    table.getColumns().add(column(text.getString("review.assignments.decided"), AssignmentsViewModel.Row::decided));
    table.getColumns().add(column(text.getString("review.assignments.left"), AssignmentsViewModel.Row::left));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    table.setPlaceholder(new Label(text.getString("review.assignments.none")));
    table.setPrefSize(520, 260);
    table.setId("assignmentsTable");
    Alert a = new Alert(Alert.AlertType.INFORMATION);
    a.setTitle(text.getString("review.assignments.title"));
    a.setHeaderText(text.getString("review.assignments.title"));
    a.getDialogPane().setContent(table);
    a.initOwner(owner);
    a.show();
    vm.load();
    return a;
  }

  private static <T> TableColumn<AssignmentsViewModel.Row, T> column(String title, Function<AssignmentsViewModel.Row, T> value) {
    TableColumn<AssignmentsViewModel.Row, T> c = new TableColumn<>(title);
    c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
    c.setSortable(false);
    return c;
  }
}
