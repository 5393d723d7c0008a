package dev.evenhand.ui.audit;

import dev.evenhand.ui.Converters;
import dev.evenhand.ui.Views;
import dev.evenhand.usecase.AuditCompareUseCase;
import java.util.List;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.GridPane;

/**
 * The view of the comparison across runs, shown on the Audit screen in place of the figures: runs with
 * check marks, the base entry, and the table of each entry against the base with McNemar's test and both
 * resolution figures. Binds {@link AuditCompareViewModel} and forwards events; Back returns to the figures.
 */
public final class AuditCompareController {
  private final AuditCompareViewModel vm;
  private final ResourceBundle text;
  @FXML private ListView<AuditCompareViewModel.RunChoice> runList;
  @FXML private ComboBox<String> baseBox;
  @FXML private Label baseCaption;
  @FXML private Label statusLabel;
  @FXML private Label baseLine;
  @FXML private Label note;
  @FXML private GridPane table;

  /**
   * @param vm   the view model
   * @param text the resource bundle
   */
  public AuditCompareController(AuditCompareViewModel vm, ResourceBundle text) {
    this.vm = vm;
    this.text = text;
  }

  @FXML
  private void initialize() {
    runList.setItems(vm.choices());
    runList.setPlaceholder(new javafx.scene.control.Label(text.getString("audit.compare.none")));
    runList.setCellFactory(CheckBoxListCell.forListView(AuditCompareViewModel.RunChoice::chosen, Converters.of(c -> c == null ? ""
        : String.format(text.getString("audit.compare.runItem"), c.run().id(), c.run().setName(), String.join(", ", c.run().models()),
        c.run().status(), AuditCompareTable.WHEN.format(c.run().createdAt().atZone(java.time.ZoneId.systemDefault())), c.run().protocol().id(),
        c.run().samples() + (c.run().samples() == 1 ? " sample" : " samples")))));
    // a person clicks the run's line or presses Space on it, not only the small box
    runList.setOnMouseClicked(e -> {
      if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && !(e.getTarget() instanceof javafx.scene.control.CheckBox)
          && !isBox(e.getTarget())) toggleSelected();
    });
    runList.setOnKeyPressed(e -> {
      if (e.getCode() == javafx.scene.input.KeyCode.SPACE || e.getCode() == javafx.scene.input.KeyCode.ENTER) {
        toggleSelected();
        e.consume();
      }
    });
    baseBox.setItems(vm.bases());
    baseBox.valueProperty().bindBidirectional(vm.base());
    baseBox.setConverter(Converters.of(spec -> spec == null ? "" : spec.substring(0, spec.lastIndexOf('@')) + " @ run "
        + spec.substring(spec.lastIndexOf('@') + 1)));
    baseCaption.setLabelFor(baseBox);
    Views.text(statusLabel, vm.status());
    vm.result().addListener((o, a, r) -> show(r));
    show(null);
  }

  /** Ticks or unticks the run the list has selected. */
  private void toggleSelected() {
    AuditCompareViewModel.RunChoice c = runList.getSelectionModel().getSelectedItem();
    if (c != null) c.chosen().set(!c.chosen().get());
  }

  /** @return true when a click landed on a check box or inside one (the box toggles itself) */
  private static boolean isBox(Object target) {
    for (Object n = target; n instanceof javafx.scene.Node node; n = node.getParent()) {
      if (node instanceof javafx.scene.control.CheckBox) return true;
      if (node instanceof javafx.scene.control.ListCell) return false;
    }
    return false;
  }

  private void show(AuditCompareUseCase.Comparison c) {
    Views.shown(baseLine, c != null);
    Views.shown(table, c != null);
    Views.shown(note, c != null);
    table.getChildren().clear();
    if (c == null) return;
    baseLine.setText(String.format(text.getString("audit.compare.baseLine"), c.base().label(),
        AuditCompareTable.details(c.base()).replace("\n", " \u00b7 "), c.set(),
        c.basePairs()));
    String[] head = text.getString("audit.compare.head").split("\\|");
    for (int j = 0; j < head.length; j++) table.add(cell(head[j], "table-head"), j, 0);
    int row = 1;
    for (List<String> cells : AuditCompareTable.rows(c)) {
      for (int j = 0; j < cells.size(); j++) table.add(cell(cells.get(j), "table-cell"), j, row);
      row++;
    }
  }

  private static Label cell(String s, String cls) {
    Label l = new Label(s);
    l.getStyleClass().add(cls);
    // line breaks are in the text; no column is squeezed below its text
    l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    return l;
  }

  @FXML private void onCompare() { vm.compare(); }

  @FXML private void onBack() { vm.close(); }
}
