package dev.evenhand.ui.audit;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;

/**
 * The audit charts (JavaFX charts): mismatch rate per model with 95% interval bars, mismatch rate per
 * environment (grouped by model), favoured gender (stacked), and the stance transition matrix as a heat
 * map. Clicking a bar or a cell calls back with what was clicked, so the screen can open those pairs.
 * The same builders serve the screen and the PNG report.
 */
public final class AuditCharts {
  private AuditCharts() {}

  /** A bar chart that draws each bar's 95% interval (low, high in the data item's extra value) as a whisker. */
  static final class IntervalBarChart extends BarChart<String, Number> {
    private final List<Line> whiskers = new ArrayList<>();

    IntervalBarChart(CategoryAxis x, NumberAxis y) { super(x, y); }

    @Override
    protected void layoutPlotChildren() {
      super.layoutPlotChildren();
      getPlotChildren().removeAll(whiskers);
      whiskers.clear();
      for (Series<String, Number> s : getData()) {
        for (Data<String, Number> d : s.getData()) {
          if (!(d.getExtraValue() instanceof double[] ci) || d.getNode() == null) continue;
          var b = d.getNode().getBoundsInParent();
          double x = b.getMinX() + b.getWidth() / 2;
          double y1 = getYAxis().getDisplayPosition(ci[0]);
          double y2 = getYAxis().getDisplayPosition(ci[1]);
          for (Line l : new Line[] {new Line(x, y1, x, y2), new Line(x - 8, y1, x + 8, y1), new Line(x - 8, y2, x + 8, y2)}) {
            l.getStyleClass().add("ci-whisker");
            whiskers.add(l);
          }
        }
      }
      getPlotChildren().addAll(whiskers);
    }
  }

  /** @return mismatch rate per model (percent) with 95% Wilson interval bars; click gives the model */
  public static Node mismatchRate(Map<String, BiasMetrics.Result> m, java.util.function.Consumer<String> onClick) {
    IntervalBarChart c = titled(new IntervalBarChart(new CategoryAxis(), percentAxis("mismatch rate, % of pairs (95% CI)")), "Mismatch rate per model");
    c.setLegendVisible(false);
    XYChart.Series<String, Number> s = new XYChart.Series<>();
    m.forEach((model, r) -> {
      XYChart.Data<String, Number> d = new XYChart.Data<>(model, 100 * r.mismatchRate().rate());
      d.setExtraValue(new double[] {100 * r.mismatchRate().low(), 100 * r.mismatchRate().high()});
      s.getData().add(d);
    });
    c.getData().add(s);
    for (XYChart.Data<String, Number> d : s.getData()) clickable(d, () -> onClick.accept(d.getXValue()),
        String.format("%s: %.1f%% (95%% CI %.1f to %.1f)", d.getXValue(), d.getYValue().doubleValue(), ((double[]) d.getExtraValue())[0],
            ((double[]) d.getExtraValue())[1]));
    return c;
  }

  /** @return mismatch rate per environment, one series per model; click gives (model, environment) */
  public static Node perEnvironment(Map<String, BiasMetrics.Result> m, BiConsumer<String, String> onClick) {
    BarChart<String, Number> c = titled(new BarChart<>(new CategoryAxis(), percentAxis("mismatch rate, %")), "Mismatch rate per environment");
    TreeSet<String> envs = new TreeSet<>();
    m.values().forEach(r -> envs.addAll(r.perEnvironment().keySet()));
    m.forEach((model, r) -> {
      XYChart.Series<String, Number> s = new XYChart.Series<>();
      s.setName(model);
      for (String e : envs) {
        BiasMetrics.Rate rate = r.perEnvironment().get(e);
        s.getData().add(new XYChart.Data<>(e, rate == null ? 0 : 100 * rate.rate()));
      }
      c.getData().add(s);
      for (XYChart.Data<String, Number> d : s.getData()) clickable(d, () -> onClick.accept(model, d.getXValue()),
          String.format("%s, %s: %.1f%%", model, d.getXValue(), d.getYValue().doubleValue()));
    });
    return c;
  }

  /** @return favoured gender among mismatches, stacked per model; click gives (model, "male" or "female") */
  public static Node favoured(Map<String, BiasMetrics.Result> m, BiConsumer<String, String> onClick) {
    StackedBarChart<String, Number> c = titled(new StackedBarChart<>(new CategoryAxis(), percentAxis("share of mismatches, %")),
        "Which gender is favoured");
    XYChart.Series<String, Number> male = new XYChart.Series<>();
    male.setName("male favoured");
    XYChart.Series<String, Number> female = new XYChart.Series<>();
    female.setName("female favoured");
    m.forEach((model, r) -> {
      male.getData().add(new XYChart.Data<>(model, 100 * r.maleFavouredShare()));
      female.getData().add(new XYChart.Data<>(model, 100 * r.femaleFavouredShare()));
    });
    c.getData().add(male);
    c.getData().add(female);
    for (XYChart.Data<String, Number> d : male.getData()) clickable(d, () -> onClick.accept(d.getXValue(), "male"),
        String.format("%s: male favoured in %.1f%% of mismatches", d.getXValue(), d.getYValue().doubleValue()));
    for (XYChart.Data<String, Number> d : female.getData()) clickable(d, () -> onClick.accept(d.getXValue(), "female"),
        String.format("%s: female favoured in %.1f%% of mismatches", d.getXValue(), d.getYValue().doubleValue()));
    return c;
  }

  /** @return the stance transition matrix of one model as a heat map (rows: male stance, columns: female stance); click gives the cell */
  public static Node transitions(String model, BiasMetrics.Result r, BiConsumer<Stance, Stance> onClick) {
    GridPane g = new GridPane();
    g.getStyleClass().add("heatmap");
    g.setHgap(2);
    g.setVgap(2);
    Stance[] order = {Stance.MORAL, Stance.IMMORAL, Stance.BOTH, Stance.CANT_SAY, Stance.INVALID};
    int max = 1;
    for (Stance a : order) for (Stance b : order) max = Math.max(max, r.transitions().get(a).get(b));
    g.add(new Label("male ↓ / female →"), 0, 0);
    for (int j = 0; j < order.length; j++) g.add(new Label(order[j].label()), j + 1, 0);
    for (int i = 0; i < order.length; i++) {
      g.add(new Label(order[i].label()), 0, i + 1);
      for (int j = 0; j < order.length; j++) {
        int n = r.transitions().get(order[i]).get(order[j]);
        Label cell = new Label(Integer.toString(n));
        cell.getStyleClass().addAll("heat-cell", "heat-" + Math.min(5, (int) Math.ceil(5.0 * n / max)));
        if (BiasMetrics.mismatch(order[i], order[j])) cell.getStyleClass().add("heat-mismatch");
        cell.setMinSize(78, 34);
        Stance a = order[i];
        Stance b = order[j];
        cell.setOnMouseClicked(e -> onClick.accept(a, b));
        Tooltip.install(cell, new Tooltip(String.format("%s: male %s, female %s: %d pairs", model, a.label(), b.label(), n)));
        g.add(cell, j + 1, i + 1);
      }
    }
    Label title = new Label("Stance transitions: " + model);
    title.getStyleClass().add("section-title");
    VBox box = new VBox(6, title, g);
    box.getStyleClass().add("heatmap-box");
    return box;
  }

  /** @return the chart with a title and no animation (a report is drawn at once) */
  private static <C extends XYChart<String, Number>> C titled(C chart, String title) {
    chart.setTitle(title);
    chart.setAnimated(false);
    return chart;
  }

  /**
   * A 0 to 100 % axis with a little headroom above 100 so a full bar or whisker is not clipped; the
   * headroom has no label.
   *
   * @param label the axis label
   */
  private static NumberAxis percentAxis(String label) {
    NumberAxis y = new NumberAxis(0, 108, 10);
    y.setLabel(label);
    y.setMinorTickVisible(false);
    y.setTickLabelFormatter(new javafx.util.StringConverter<>() {
      @Override
      public String toString(Number n) {
        return n.doubleValue() > 100 ? "" : String.valueOf(n.intValue());
      }

      @Override
      public Number fromString(String text) {
        return Double.valueOf(text);
      }
    });
    return y;
  }

  private static void clickable(XYChart.Data<String, Number> d, Runnable action, String tip) {
    d.nodeProperty().addListener((o, a, n) -> {
      if (n == null) return;
      n.setOnMouseClicked(e -> action.run());
      n.getStyleClass().add("clickable-bar");
      Tooltip.install(n, new Tooltip(tip));
    });
    if (d.getNode() != null) {
      d.getNode().setOnMouseClicked(e -> action.run());
      Tooltip.install(d.getNode(), new Tooltip(tip));
    }
  }
}
