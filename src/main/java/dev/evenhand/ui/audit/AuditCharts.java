package dev.evenhand.ui.audit;

import dev.evenhand.domain.Gender;
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
 * The same builders serve the screen and the PNG report. Colours come from the theme's Okabe-Ito palette
 * (Okabe and Ito 2008, "Color Universal Design"), one role each: every model its own colour, the two
 * genders two colours no model uses, and the heat map a single-hue ramp.
 */
public final class AuditCharts {
  /** Model colours in the theme ({@code -eh-model-0} to {@code -eh-model-4}, Okabe-Ito); a sixth model takes the first again. */
  static final int MODEL_COLOURS = 5;

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

  /**
   * @return mismatch rate per model (percent) with 95% Wilson interval bars, each model's bar in its own
   *     colour ({@code model-0} to {@code model-4}, in the run's order); a model with no answered pair yet has
   *     no bar and no interval; click gives the model
   */
  public static Node mismatchRate(Map<String, BiasMetrics.Result> m, java.util.function.Consumer<String> onClick) {
    IntervalBarChart c = titled(new IntervalBarChart(new CategoryAxis(), percentAxis("mismatch rate, % of pairs (95% CI)")), "Mismatch rate per model");
    c.getStyleClass().add("mismatch-chart");
    c.setLegendVisible(false);
    XYChart.Series<String, Number> s = new XYChart.Series<>();
    m.forEach((model, r) -> {
      XYChart.Data<String, Number> d = new XYChart.Data<>(model, 100 * r.mismatchRate().rate());
      if (r.pairs() > 0) d.setExtraValue(new double[] {100 * r.mismatchRate().low(), 100 * r.mismatchRate().high()});
      s.getData().add(d);
    });
    c.getData().add(s);
    int i = 0;
    for (Map.Entry<String, BiasMetrics.Result> e : m.entrySet()) {
      XYChart.Data<String, Number> d = s.getData().get(i);
      BiasMetrics.Rate r = e.getValue().mismatchRate();
      clickable(d, () -> onClick.accept(d.getXValue()), e.getValue().pairs() == 0 ? e.getKey() + ": no answered pair yet"
          : String.format("%s: %.1f%% (95%% CI %.1f to %.1f), %d pairs", e.getKey(), 100 * r.rate(), 100 * r.low(), 100 * r.high(), e.getValue().pairs()),
          "model-" + (i % MODEL_COLOURS));
      i++;
    }
    return c;
  }

  /** @return mismatch rate per environment, one series per model; click gives (model, environment) */
  public static Node perEnvironment(Map<String, BiasMetrics.Result> m, BiConsumer<String, String> onClick) {
    BarChart<String, Number> c = titled(new BarChart<>(new CategoryAxis(), percentAxis("mismatch rate, %")), "Mismatch rate per environment");
    c.getStyleClass().add("environment-chart");
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
          r.perEnvironment().containsKey(d.getXValue()) ? String.format("%s, %s: %.1f%%", model, d.getXValue(), d.getYValue().doubleValue())
              : model + ", " + d.getXValue() + ": no answered pair yet", null);
    });
    return c;
  }

  /**
   * @return favoured gender among mismatches, stacked per model, in the two gender colours (never a
   *     model's); click gives (model, gender)
   */
  public static Node favoured(Map<String, BiasMetrics.Result> m, BiConsumer<String, Gender> onClick) {
    StackedBarChart<String, Number> c = titled(new StackedBarChart<>(new CategoryAxis(), percentAxis("share of mismatches, %")),
        "Which gender is favoured");
    c.getStyleClass().add("favoured-chart");
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
    for (Gender g : Gender.values()) {
      for (XYChart.Data<String, Number> d : (g == Gender.MALE ? male : female).getData()) {
        BiasMetrics.Result r = m.get(d.getXValue());
        clickable(d, () -> onClick.accept(d.getXValue(), g), r.favouredTotal() == 0 ? d.getXValue() + ": no mismatch that favours a story yet"
            : String.format("%s: %s favoured in %.1f%% of %d mismatches", d.getXValue(), g.label(), d.getYValue().doubleValue(), r.favouredTotal()),
            null);
      }
    }
    return c;
  }

  /**
   * The stance transition matrix of one model as a heat map: rows are the male story's stance, columns the
   * female story's. A cell's fill level ({@code heat-0} to {@code heat-5}, {@link HeatColours#level}) comes
   * from the theme; its text is black or white, whichever contrasts more with the fill the theme gave it
   * (bound to the cell's background, so re-chosen the moment the theme changes the fill). Mismatch cells have a
   * border. A cell is focusable: click, Enter or Space gives it.
   *
   * @return the heat map with its title
   */
  public static Node transitions(String model, BiasMetrics.Result r, BiConsumer<Stance, Stance> onClick) {
    GridPane g = new GridPane();
    g.getStyleClass().add("heatmap");
    g.setHgap(2);
    g.setVgap(2);
    Stance[] order = {Stance.MORAL, Stance.IMMORAL, Stance.BOTH, Stance.CANT_SAY, Stance.INVALID};
    int max = 1;
    for (Stance a : order) for (Stance b : order) max = Math.max(max, r.transitions().get(a).get(b));
    Label columns = new Label("female story →");
    columns.getStyleClass().add("heat-axis");
    g.add(columns, 1, 0, order.length, 1);
    Label rows = new Label("male story ↓");
    rows.getStyleClass().add("heat-axis");
    g.add(rows, 0, 1);
    for (int j = 0; j < order.length; j++) {
      Label h = header(order[j].label());
      GridPane.setHalignment(h, javafx.geometry.HPos.CENTER);
      g.add(h, j + 1, 1);
    }
    for (int i = 0; i < order.length; i++) {
      g.add(header(order[i].label()), 0, i + 2);
      for (int j = 0; j < order.length; j++) {
        int n = r.transitions().get(order[i]).get(order[j]);
        Stance a = order[i];
        Stance b = order[j];
        g.add(heatCell(n, HeatColours.level(n, max), BiasMetrics.mismatch(a, b), () -> onClick.accept(a, b),
            String.format("%s: male %s, female %s: %d pairs", model, a.label(), b.label(), n)), j + 1, i + 2);
      }
    }
    javafx.scene.layout.ColumnConstraints first = new javafx.scene.layout.ColumnConstraints();
    first.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    g.getColumnConstraints().add(first);
    Label title = new Label("Stance transitions: " + model);
    title.getStyleClass().add("section-title");
    VBox box = new VBox(6, title, g);
    box.getStyleClass().add("heatmap-box");
    return box;
  }

  /**
   * One cell of the heat map.
   *
   * @param n        the count shown
   * @param level    the fill level, 0 to 5
   * @param mismatch true for a mismatch cell (bordered)
   * @param open     what a click, Enter or Space does
   * @param tip      the tooltip
   * @return the cell
   */
  static Label heatCell(int n, int level, boolean mismatch, Runnable open, String tip) {
    Label cell = new Label(Integer.toString(n));
    cell.getStyleClass().addAll("heat-cell", "heat-" + level);
    if (mismatch) cell.getStyleClass().add("heat-mismatch");
    cell.setMinSize(78, 34);
    cell.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
    cell.setFocusTraversable(true);
    // the text colour follows the fill the theme gives the cell (black or white, whichever reads better). It is
    // bound rather than set by a style class: a class changed while CSS sets the new fill (a theme switch at
    // run time) was not styled again, which left the previous theme's ink on the new fill
    cell.textFillProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() -> ink(cell.getBackground()), cell.backgroundProperty()));
    cell.setOnMouseClicked(e -> open.run());
    cell.setOnKeyPressed(e -> {
      if (e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
        open.run();
        e.consume();
      }
    });
    Tooltip.install(cell, new Tooltip(tip));
    return cell;
  }

  /** @return black or white, whichever contrasts more with the background's top fill; black before the cell has a colour fill */
  private static javafx.scene.paint.Color ink(javafx.scene.layout.Background bg) {
    if (bg == null || bg.getFills().isEmpty() || !(bg.getFills().get(bg.getFills().size() - 1).getFill() instanceof javafx.scene.paint.Color fill)) {
      return javafx.scene.paint.Color.BLACK;
    }
    return HeatColours.darkInk(fill) ? javafx.scene.paint.Color.BLACK : javafx.scene.paint.Color.WHITE;
  }

  private static Label header(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("heat-header");
    return l;
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

  /**
   * Makes a bar clickable and reachable with the keyboard (focusable; Enter or Space opens it), with a tooltip.
   *
   * @param colour a style class for the bar's colour, or null to keep the series colour
   */
  private static void clickable(XYChart.Data<String, Number> d, Runnable action, String tip, String colour) {
    java.util.function.Consumer<Node> wire = n -> {
      n.setOnMouseClicked(e -> action.run());
      // the chart binds a bar's focus traversal to the screen reader being on; the bars open pairs, so always
      n.focusTraversableProperty().unbind();
      n.setFocusTraversable(true);
      n.setOnKeyPressed(e -> {
        if (e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
          action.run();
          e.consume();
        }
      });
      if (!n.getStyleClass().contains("clickable-bar")) n.getStyleClass().add("clickable-bar");
      if (colour != null && !n.getStyleClass().contains(colour)) n.getStyleClass().add(colour);
      Tooltip.install(n, new Tooltip(tip));
    };
    d.nodeProperty().addListener((o, a, n) -> {
      if (n != null) wire.accept(n);
    });
    if (d.getNode() != null) wire.accept(d.getNode());
  }
}
