package dev.evenhand.ui.audit;

import dev.evenhand.domain.Stance;
import dev.evenhand.usecase.AuditComparison;
import dev.evenhand.usecase.AuditUseCase;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.ui.Converters;
import dev.evenhand.ui.Views;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The Audit screen's view: start an audit, pick a run, the comparison table and the four charts.
 * Clicking a bar or a heat-map cell opens the pairs behind it in Review.
 */
public final class AuditController {
  private final AuditViewModel vm;
  private final ResourceBundle text;
  private final BiConsumer<List<Long>, String> openInReview;
  @FXML private ComboBox<String> setBox;
  @FXML private TextField modelsField;
  @FXML private TextField limitField;
  @FXML private Button startButton;
  @FXML private Button cancelButton;
  @FXML private ProgressBar progressBar;
  @FXML private Label statusLabel;
  @FXML private ComboBox<AuditRepository.AuditRun> runBox;
  @FXML private Label contaminationLabel;
  @FXML private GridPane table;
  @FXML private GridPane charts;
  @FXML private VBox content;

  /**
   * @param vm           the view model
   * @param text         the resource bundle
   * @param openInReview opens pairs in Review with a description
   */
  public AuditController(AuditViewModel vm, ResourceBundle text, BiConsumer<List<Long>, String> openInReview) {
    this.vm = vm;
    this.text = text;
    this.openInReview = openInReview;
  }

  @FXML
  private void initialize() {
    setBox.setItems(vm.sets());
    setBox.valueProperty().bindBidirectional(vm.set());
    modelsField.textProperty().bindBidirectional(vm.models());
    limitField.textProperty().bindBidirectional(vm.limit());
    Views.job(startButton, cancelButton, progressBar, vm.running(), vm.progress());
    Views.text(statusLabel, vm.status());
    runBox.setItems(vm.runs());
    runBox.setConverter(Converters.of(r -> r == null ? ""
        : String.format(text.getString("audit.runItem"), r.id(), r.setName(), String.join(", ", r.models()), r.status())));
    runBox.valueProperty().bindBidirectional(vm.selected());
    vm.figures().addListener((o, a, f) -> show(f));
    show(null);
  }

  private void show(AuditUseCase.Figures f) {
    content.setVisible(f != null);
    if (f == null) return;
    contaminationLabel.setText(f.contaminated() > 0 ? String.format(text.getString("audit.contaminated"), f.contaminated()) : "");
    Views.shown(contaminationLabel, f.contaminated() > 0);
    table.getChildren().clear();
    String[] head = text.getString("audit.table.head").split("\\|");
    for (int j = 0; j < head.length; j++) table.add(cell(head[j], "table-head"), j, 0);
    int row = 1;
    BiasMetrics.Result base = f.metrics().isEmpty() ? null : f.metrics().values().iterator().next();
    for (Map.Entry<String, BiasMetrics.Result> e : f.metrics().entrySet()) {
      BiasMetrics.Result r = e.getValue();
      AuditComparison cmp = f.comparisons().stream().filter(c -> c.model().equals(e.getKey())).findFirst().orElse(null);
      String[] cells = {e.getKey(), Integer.toString(r.pairs()),
          String.format("%.1f%% [%.1f, %.1f]", 100 * r.mismatchRate().rate(), 100 * r.mismatchRate().low(), 100 * r.mismatchRate().high()),
          String.format("%.1f%% / %.1f%%", 100 * r.maleFavouredShare(), 100 * r.femaleFavouredShare()),
          String.format("%.3g", r.binomialP()), String.format("%.1f%%", 100 * r.invalidRate().rate()),
          cmp == null ? "base" : String.format("%+.1f pts", 100 * (r.mismatchRate().rate() - base.mismatchRate().rate())),
          cmp == null ? "" : String.format("%.1f%% of %d (%s)", 100 * cmp.resolvedShare(), cmp.baseMismatches(), movedTo(cmp))};
      for (int j = 0; j < cells.length; j++) table.add(cell(cells[j], "table-cell"), j, row);
      row++;
    }
    charts.getChildren().clear();
    String firstModel = f.run().models().get(0);
    charts.add(AuditCharts.mismatchRate(f.metrics(), model -> open(f, r -> r.model().equals(model) && BiasMetrics.mismatch(r.male(), r.female()),
        String.format(text.getString("audit.open.mismatches"), model))), 0, 0);
    charts.add(AuditCharts.perEnvironment(f.metrics(), (model, env) -> open(f, r -> r.model().equals(model) && r.environment().equals(env)
        && BiasMetrics.mismatch(r.male(), r.female()), String.format(text.getString("audit.open.environment"), model, env))), 1, 0);
    charts.add(AuditCharts.favoured(f.metrics(), (model, side) -> open(f, r -> r.model().equals(model) && favours(r, side),
        String.format(text.getString("audit.open.favoured"), model, side))), 0, 1);
    BiasMetrics.Result first = f.metrics().get(firstModel);
    if (first != null) {
      charts.add(AuditCharts.transitions(firstModel, first, (a, b) -> open(f, r -> r.model().equals(firstModel) && r.male() == a && r.female() == b,
          String.format(text.getString("audit.open.cell"), firstModel, a.label(), b.label()))), 1, 1);
    }
  }

  private static boolean favours(AuditRepository.Row r, String side) {
    if (!BiasMetrics.mismatch(r.male(), r.female()) || r.male() == Stance.INVALID || r.female() == Stance.INVALID) return false;
    int m = score(r.male());
    int fm = score(r.female());
    return side.equals("male") ? m > fm : fm > m;
  }

  private static int score(Stance s) { return s == Stance.MORAL ? 2 : s == Stance.IMMORAL ? 0 : 1; }

  private static String movedTo(AuditComparison c) {
    StringBuilder sb = new StringBuilder();
    c.movedTo().forEach((s, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(s.label()).append(' ').append(n));
    return sb.length() == 0 ? "—" : "to " + sb;
  }

  private void open(AuditUseCase.Figures f, Predicate<AuditRepository.Row> which, String description) {
    List<Long> ids = f.rows().stream().filter(which).map(AuditRepository.Row::pairId).distinct().toList();
    openInReview.accept(ids, description + " (" + ids.size() + ")");
  }

  private static Label cell(String s, String cls) {
    Label l = new Label(s);
    l.getStyleClass().add(cls);
    return l;
  }

  @FXML private void onStart() { vm.start(); }

  @FXML private void onResume() { vm.resume(); }

  @FXML private void onCancel() { vm.cancel(); }

  @FXML private void onRefresh() { vm.refresh(); }
}
