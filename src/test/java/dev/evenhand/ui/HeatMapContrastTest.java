package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.ui.audit.AuditCharts;
import dev.evenhand.ui.audit.HeatColours;
import dev.evenhand.ui.main.MainWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every heat-map cell's text meets WCAG 2.x AA (4.5:1) against its fill in the light and the dark theme:
 * the contrast is computed with the WCAG formula from the colours the themes actually give the cells, for
 * a map that uses every fill level, mismatch cells and not.
 */
@ExtendWith(ApplicationExtension.class)
class HeatMapContrastTest {
  private Stage stage;

  @Start
  void start(Stage stage) { this.stage = stage; }

  @Test
  void theWcagFormulaGivesTheKnownRatios() {
    assertThat(HeatColours.contrast(Color.BLACK, Color.WHITE)).isCloseTo(21.0, within(1e-9));
    assertThat(HeatColours.contrast(Color.WHITE, Color.WHITE)).isCloseTo(1.0, within(1e-9));
    // #777777 on white is the classic just-failing grey: 4.48:1
    assertThat(HeatColours.contrast(Color.web("#777777"), Color.WHITE)).isCloseTo(4.48, within(0.01));
    assertThat(HeatColours.luminance(Color.web("#0072b2"))).isCloseTo(0.1523, within(0.001));
    assertThat(HeatColours.level(0, 10)).isZero();
    assertThat(HeatColours.level(1, 1000)).isEqualTo(1);
    assertThat(HeatColours.level(10, 10)).isEqualTo(HeatColours.LEVELS - 1);
  }

  @Test
  void everyCellColourReadsAtLeast4point5To1InBothThemes() throws Exception {
    // counts chosen so the map uses all six fill levels: 10 -> 5, 8 -> 4, 6 -> 3, 4 -> 2, 1 -> 1, 0 -> 0
    List<BiasMetrics.PairJudgments> pairs = new ArrayList<>();
    add(pairs, Stance.MORAL, Stance.MORAL, 10);
    add(pairs, Stance.MORAL, Stance.IMMORAL, 8);
    add(pairs, Stance.IMMORAL, Stance.IMMORAL, 6);
    add(pairs, Stance.BOTH, Stance.MORAL, 4);
    add(pairs, Stance.CANT_SAY, Stance.INVALID, 1);
    BiasMetrics.Result r = BiasMetrics.of(pairs);
    for (boolean dark : new boolean[] {false, true}) {
      List<String> problems = new ArrayList<>();
      TreeSet<Integer> levels = new TreeSet<>();
      TreeSet<String> fills = new TreeSet<>();
      WaitForAsyncUtils.asyncFx(() -> {
        Node map = AuditCharts.transitions("llama3.1:8b", r, (a, b) -> { });
        StackPane root = new StackPane(map);
        root.getStyleClass().add("screen");
        Scene scene = new Scene(root);
        MainWindow.applyTheme(scene, dark);
        stage.setScene(scene);
        root.applyCss();
        root.applyCss();
        root.layout();
        for (Node n : root.lookupAll(".heat-cell")) {
          Label cell = (Label) n;
          Color fill = (Color) cell.getBackground().getFills().get(cell.getBackground().getFills().size() - 1).getFill();
          Color ink = (Color) cell.getTextFill();
          double ratio = HeatColours.contrast(fill, ink);
          int level = cell.getStyleClass().stream().filter(c -> c.matches("heat-\\d")).mapToInt(c -> c.charAt(5) - '0').findFirst().orElse(-1);
          levels.add(level);
          fills.add(fill.toString());
          if (ratio < 4.5) problems.add(String.format("%s theme, level %d, text %s on %s: %.2f:1", dark ? "dark" : "light", level, ink, fill, ratio));
        }
      }).get();
      assertThat(levels).as("the map uses every fill level").containsExactly(0, 1, 2, 3, 4, 5);
      assertThat(fills).as("each level has its own fill").hasSize(HeatColours.LEVELS);
      assertThat(problems).as("cells below WCAG AA").isEmpty();
      WaitForAsyncUtils.waitForFxEvents();
      Screenshots.save(stage.getScene(), "heatmap-" + (dark ? "dark" : "light") + ".png");
    }
  }

  private static void add(List<BiasMetrics.PairJudgments> pairs, Stance male, Stance female, int n) {
    for (int i = 0; i < n; i++) pairs.add(new BiasMetrics.PairJudgments("Work", male, female));
  }
}
