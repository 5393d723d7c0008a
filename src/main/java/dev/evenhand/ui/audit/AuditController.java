package dev.evenhand.ui.audit;

import dev.evenhand.store.AuditRepository;
import dev.evenhand.ui.Converters;
import dev.evenhand.ui.Views;
import dev.evenhand.usecase.AuditUseCase;
import java.util.List;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The Audit screen's view: start an audit (models picked from the server's list or typed), pick a run,
 * the comparison table and the four charts, live while an audit runs; every model's heat map. A bar or a
 * heat-map cell (click, or Enter on it) opens the read-only drill-down on the pairs behind it, with each
 * audited model's answers; Esc or Back returns to the figures. Compare runs shows the comparison across runs
 * ({@link AuditCompareController}) in place of the figures.
 */
public final class AuditController {
  private final AuditViewModel vm;
  private final ResourceBundle text;
  private final dev.evenhand.ui.genmo.GenmoDownloadViewModel genmo;
  @FXML private VBox genmoSlot;
  @FXML private ComboBox<String> setBox;
  @FXML private TextField modelsField;
  @FXML private MenuButton modelsPicker;
  @FXML private TextField limitField;
  @FXML private javafx.scene.control.ComboBox<dev.evenhand.domain.AuditProtocol> protocolBox;
  @FXML private TextField samplesField;
  @FXML private Button startButton;
  @FXML private Button cancelButton;
  @FXML private Button exportButton;
  @FXML private ProgressBar progressBar;
  @FXML private Label statusLabel;
  @FXML private ComboBox<AuditRepository.AuditRun> runBox;
  @FXML private Label contaminationLabel;
  @FXML private Label protocolLabel;
  @FXML private GridPane table;
  @FXML private GridPane charts;
  @FXML private VBox content;
  @FXML private VBox drillPane;
  @FXML private Label drillTitle;
  @FXML private Button backButton;
  @FXML private ListView<AuditDrillDown.PairItem> drillList;
  @FXML private VBox evidenceBox;
  @FXML private VBox comparePane;
  private final ComboBox<String> heatModelBox = new ComboBox<>();
  private Node returnFocus;

  /**
   * @param vm    the view model
   * @param text  the resource bundle
   * @param genmo the Download GenMO offer, shown above the set picker while no GenMO set is stored
   */
  public AuditController(AuditViewModel vm, ResourceBundle text, dev.evenhand.ui.genmo.GenmoDownloadViewModel genmo) {
    this.vm = vm;
    this.text = text;
    this.genmo = genmo;
  }

  @FXML
  private void initialize() {
    genmoSlot.getChildren().setAll(dev.evenhand.ui.genmo.GenmoDownloadPane.of(genmo, text));
    setBox.setItems(vm.sets());
    setBox.valueProperty().bindBidirectional(vm.set());
    modelsField.textProperty().bindBidirectional(vm.models());
    modelsPicker.setOnShowing(e -> fillPicker());
    limitField.textProperty().bindBidirectional(vm.limit());
    protocolBox.getItems().setAll(dev.evenhand.domain.AuditProtocol.values());
    protocolBox.setConverter(new javafx.util.StringConverter<>() {
      @Override public String toString(dev.evenhand.domain.AuditProtocol p) { return p == null ? "" : p.id(); }
      @Override public dev.evenhand.domain.AuditProtocol fromString(String s) { return dev.evenhand.domain.AuditProtocol.parse(s); }
    });
    protocolBox.valueProperty().bindBidirectional(vm.chosenProtocol());
    protocolBox.setTooltip(new javafx.scene.control.Tooltip(text.getString("audit.protocol.tip")));
    samplesField.textProperty().bindBidirectional(vm.samples());
    samplesField.setTooltip(new javafx.scene.control.Tooltip(text.getString("audit.samples.tip")));
    Views.job(startButton, cancelButton, progressBar, vm.running(), vm.progress());
    Views.text(statusLabel, vm.status());
    runBox.setItems(vm.runs());
    runBox.setConverter(Converters.of(r -> r == null ? ""
        : String.format(text.getString("audit.runItem"), r.id(), r.setName(), String.join(", ", r.models()), r.status())));
    runBox.valueProperty().bindBidirectional(vm.selected());
    exportButton.disableProperty().bind(vm.selected().isNull());
    heatModelBox.valueProperty().bindBidirectional(vm.heatModel());
    heatModelBox.valueProperty().addListener((o, a, b) -> showHeatMap(vm.figures().get()));
    vm.figures().addListener((o, a, f) -> show(f));
    protocolLabel.textProperty().bind(vm.protocol());
    setUpDrillDown();
    comparePane.getChildren().setAll(dev.evenhand.ui.FxmlFile.AUDIT_COMPARE.load(new AuditCompareController(vm.compare(), text)));
    Views.shownWhile(comparePane, vm.compare().open());
    show(null);
  }

  /** Fills the picker with the known model tags, checked when they are in the models field. */
  private void fillPicker() {
    List<String> chosen = vm.chosenModels();
    modelsPicker.getItems().clear();
    for (String tag : vm.knownModels()) {
      CheckMenuItem item = new CheckMenuItem(tag);
      item.setSelected(chosen.contains(tag));
      item.setOnAction(e -> vm.toggleModel(tag));
      modelsPicker.getItems().add(item);
    }
    if (vm.knownModels().isEmpty()) {
      MenuItem none = new MenuItem(text.getString("audit.pick.none"));
      none.setDisable(true);
      modelsPicker.getItems().add(none);
    }
  }

  private void setUpDrillDown() {
    AuditDrillDown d = vm.drillDown();
    Views.shownWhile(drillPane, d.open());
    content.visibleProperty().bind(d.open().or(vm.compare().open()).not());
    content.managedProperty().bind(content.visibleProperty());
    Views.text(drillTitle, d.title());
    drillList.setItems(d.pairs());
    drillList.setCellFactory(l -> new ListCell<>() {
      @Override
      protected void updateItem(AuditDrillDown.PairItem item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        if (empty || item == null) {
          setGraphic(null);
          return;
        }
        // one line per model: a fixed-height text cell would cut the third line off
        VBox lines = new VBox(1, new Label("#" + item.pairId() + "  " + (item.environment().isBlank() ? "\u2014" : item.environment())));
        lines.getChildren().get(0).getStyleClass().add("section-title");
        item.stances().forEach((model, stances) -> lines.getChildren().add(new Label(model + ": " + stances)));
        lines.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        setGraphic(lines);
      }
    });
    drillList.setPlaceholder(new Label(text.getString("audit.drill.empty")));
    drillList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
      if (b != null) d.selected().set(b);
    });
    d.selected().addListener((o, a, b) -> {
      if (b != null && drillList.getSelectionModel().getSelectedItem() != b) drillList.getSelectionModel().select(b);
    });
    d.evidence().addListener((o, a, e) -> evidenceBox.getChildren().setAll(e == null ? List.of()
        : List.of(EvidenceView.of(e, d.focusModel().get(), text))));
    d.open().addListener((o, was, open) -> {
      if (open) {
        drillList.requestFocus();
        if (!drillList.getItems().isEmpty()) drillList.getSelectionModel().select(d.selected().get());
      } else if (returnFocus != null && returnFocus.getScene() != null) {
        returnFocus.requestFocus();
      }
    });
    // a filter: the list would take Esc for itself
    drillPane.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
      if (e.getCode() == KeyCode.ESCAPE) {
        d.close();
        e.consume();
      }
    });
  }

  private void show(AuditUseCase.Figures f) {
    content.setDisable(f == null);
    Views.shown(table, f != null);
    Views.shown(charts, f != null);
    if (f == null) {
      Views.shown(contaminationLabel, false);
      return;
    }
    contaminationLabel.setText(f.contaminated() > 0 ? String.format(text.getString("audit.contaminated"), f.contaminated()) : "");
    Views.shown(contaminationLabel, f.contaminated() > 0);
    table.getChildren().clear();
    String[] head = text.getString("audit.table.head").split("\\|");
    for (int j = 0; j < head.length; j++) table.add(cell(head[j], "table-head"), j, 0);
    int row = 1;
    for (List<String> cells : AuditTable.rows(f)) {
      for (int j = 0; j < cells.size(); j++) table.add(cell(cells.get(j), "table-cell"), j, row);
      row++;
    }
    charts.getChildren().clear();
    charts.add(AuditCharts.mismatchRate(f.metrics(), model -> open(() -> vm.openMismatches(model))), 0, 0);
    charts.add(AuditCharts.perEnvironment(f.metrics(), (model, env) -> open(() -> vm.openEnvironment(model, env))), 1, 0);
    charts.add(AuditCharts.favoured(f.metrics(), (model, side) -> open(() -> vm.openFavoured(model, side))), 0, 1);
    if (!heatModelBox.getItems().equals(f.run().models())) heatModelBox.getItems().setAll(f.run().models());
    if (heatModelBox.getValue() == null || !f.run().models().contains(heatModelBox.getValue())) heatModelBox.setValue(f.run().models().get(0));
    showHeatMap(f);
  }

  /** Draws the heat map of the model picked above it (each audited model has one). */
  private void showHeatMap(AuditUseCase.Figures f) {
    charts.getChildren().removeIf(n -> "heat-slot".equals(n.getId()));
    if (f == null || vm.heatModel().get() == null || !f.metrics().containsKey(vm.heatModel().get())) return;
    String model = vm.heatModel().get();
    Label pick = new Label(text.getString("audit.heat.model"));
    javafx.scene.layout.HBox picker = new javafx.scene.layout.HBox(8, pick, heatModelBox);
    picker.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    pick.setLabelFor(heatModelBox);
    VBox slot = new VBox(8, picker, AuditCharts.transitions(model, f.metrics().get(model), (a, b) -> open(() -> vm.openCell(model, a, b))));
    slot.setId("heat-slot");
    charts.add(slot, 1, 1);
  }

  /** Opens the drill-down, remembering where the focus was so Back returns there. */
  private void open(Runnable opener) {
    returnFocus = content.getScene() == null ? null : content.getScene().getFocusOwner();
    opener.run();
  }

  private static Label cell(String s, String cls) {
    Label l = new Label(s);
    l.getStyleClass().add(cls);
    l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // a figure is never cut to "..."
    return l;
  }

  @FXML private void onStart() { vm.start(); }

  @FXML private void onResume() { vm.resume(); }

  @FXML private void onCancel() { vm.cancel(); }

  /** Asks for a folder and writes the run's report there (the files of {@code audit --report}). */
  @FXML
  private void onExportReport() {
    javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
    dc.setTitle(text.getString("audit.exportTo"));
    java.io.File dir = dc.showDialog(exportButton.getScene().getWindow());
    if (dir != null) vm.exportReport(dir.toPath());
  }

  @FXML private void onRefresh() { vm.refresh(); }

  @FXML private void onBack() { vm.drillDown().close(); }

  @FXML private void onCompare() { vm.openCompare(); }
}
