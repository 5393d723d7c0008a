package dev.evenhand.ui;

import dev.evenhand.testing.Genmo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.exchange.ImportService;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.testing.UiHarness;
import dev.evenhand.ui.audit.AuditDrillDown;
import dev.evenhand.ui.audit.AuditViewModel;
import dev.evenhand.ui.main.MainWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Audit dashboard comparing a base model with a "fine-tuned" one on GenMO pairs: figures live while
 * the audit runs, a bar opens the read-only drill-down with each model's answers, and every model's heat
 * map in both themes.
 */
@ExtendWith(ApplicationExtension.class)
class AuditDashboardUiTest {
  @TempDir static Path home;
  private UiHarness ui;

  @Start
  void start(Stage stage) throws Exception {
    ScriptedStoryModel base = new ScriptedStoryModel();
    AtomicInteger n = new AtomicInteger();
    FakeOllama ollama = FakeOllama.start().models("llama3.1:8b", "evenhand-dpo:8b").onChat(call -> {
      // the "fine-tuned" model answers Moral four times in five, whatever the gender
      if (call.model().equals("evenhand-dpo:8b") && n.incrementAndGet() % 5 != 0) {
        return Reply.content("{\"answer\":\"Moral\",\"explanation\":\"The main character acted with care.\"}");
      }
      return base.handle(call);
    });
    ui = new UiHarness(home, stage, ollama, false);
    ui.services.imports().importFile(ImportService.Source.GENMO,
        Genmo.fixture(), "genmo", false, x -> { }, () -> false);
    ui.window.controller().showAudit();
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  private AuditViewModel startAudit(FxRobot robot, String limit) throws Exception {
    AuditViewModel vm = ui.window.controller().auditViewModel();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.sets().contains("genmo"));
    robot.interact(() -> {
      vm.set().set("genmo");
      vm.models().set("llama3.1:8b, evenhand-dpo:8b");
      vm.limit().set(limit);
      vm.start();
    });
    return vm;
  }

  /**
   * The table's cell texts, read on the FX thread: the table redraws while the audit runs, and a lookup from the test
   * thread walked a child list being replaced (a CI run failed with IndexOutOfBoundsException in Parent.lookupAll).
   */
  private static List<String> tableTexts(FxRobot robot) throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> robot.lookup(".table-cell").queryAllAs(Label.class).stream().map(Label::getText).toList())
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBarOpensTheReadOnlyDrillDownWithEachModelsAnswersAndTheKeyboardMovesThroughIt(FxRobot robot) throws Exception {
    AuditViewModel vm = startAudit(robot, "24");
    awaitComplete(vm);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.figures().get() != null && vm.figures().get().metrics().size() == 2
        && vm.figures().get().metrics().values().stream().allMatch(r -> r.pairs() == 24));
    var f = vm.figures().get();
    assertThat(f.comparisons()).hasSize(1);
    assertThat(f.metrics().get("evenhand-dpo:8b").mismatchRate().rate()).isLessThan(f.metrics().get("llama3.1:8b").mismatchRate().rate());
    assertThat(f.comparisons().get(0).resolvedIdenticalShare()).as("resolved as the paper counts it").isGreaterThan(0.5);
    assertThat(f.comparisons().get(0).noLongerMismatchedShare()).isGreaterThanOrEqualTo(f.comparisons().get(0).resolvedIdenticalShare());
    WaitForAsyncUtils.waitForFxEvents();
    Screenshots.save(ui.window.scene(), "audit.png");

    BarChart<?, ?> chart = robot.lookup(".mismatch-chart").queryAs(BarChart.class);
    Node llamaBar = chart.getData().get(0).getData().get(0).getNode();
    Node dpoBar = chart.getData().get(0).getData().get(1).getNode();
    assertThat(llamaBar.getStyleClass()).as("each model's bar has its own colour").contains("model-0").doesNotContain("model-1");
    assertThat(dpoBar.getStyleClass()).contains("model-1");
    int mismatches = f.metrics().get("llama3.1:8b").mismatchCount();
    robot.interact(() -> llamaBar.getOnMouseClicked().handle(null));
    AuditDrillDown d = vm.drillDown();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> d.evidence().get() != null);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(ui.window.controller().welcomeShown()).isFalse();
    assertThat(d.pairs()).hasSize(mismatches);
    assertThat(d.title().get()).isEqualTo("Mismatched pairs of llama3.1:8b (" + mismatches + " pairs)");
    Node pane = robot.lookup(".drill-down").query();
    assertThat(pane.isVisible()).isTrue();
    assertThat(robot.from(pane).lookup(".button").queryAllAs(Button.class)).as("read-only: no Accept, Reject or Edit")
        .extracting(Button::getText).containsExactly("\u2190 Back to the figures");
    List<String> texts = robot.from(pane).lookup(".label").queryAllAs(Label.class).stream().map(Label::getText).toList();
    assertThat(texts).anyMatch(t -> t.startsWith("male story")).anyMatch(t -> t.startsWith("female story"));
    assertThat(texts).contains("llama3.1:8b", "evenhand-dpo:8b", "She put her own wishes first; that was wrong of her.",
        "mismatch, favours the male story", "Moral", "Immoral").doesNotContain("INVALID", "Consistent");
    ListView<?> list = robot.lookup(".drill-list").queryAs(ListView.class);
    assertThat(list.isFocused()).as("the list has the focus, so the arrows move through the pairs").isTrue();
    Screenshots.save(ui.window.scene(), "audit-drill-down.png");

    long first = d.selected().get().pairId();
    robot.type(KeyCode.DOWN);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> d.evidence().get() != null && d.evidence().get().pairId() != first);
    assertThat(d.selected().get().pairId()).isEqualTo(d.pairs().get(1).pairId());
    robot.type(KeyCode.ESCAPE);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(d.open().get()).isFalse();
    assertThat(robot.lookup(".mismatch-chart").queryAs(BarChart.class).isVisible()).isTrue();

    // without the mouse: a focused bar opens on Enter, and Esc brings the focus back to it
    robot.interact(dpoBar::requestFocus);
    robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> d.open().get() && d.title().get().startsWith("Mismatched pairs of evenhand-dpo:8b"));
    robot.type(KeyCode.ESCAPE);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(d.open().get()).isFalse();
    assertThat(dpoBar.isFocused()).as("the focus is back on the bar").isTrue();
  }

  @Test
  void theFiguresFollowTheAnswersWhileTheAuditRuns(FxRobot robot) throws Exception {
    ui.ollama.holdAfter(17); // one request in flight: llama answers 8 pairs and one story, then the audit is held
    AuditViewModel vm = ui.window.controller().auditViewModel();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.knownModels().size() == 2);
    javafx.scene.control.MenuButton picker = robot.lookup(".menu-button").queryAllAs(javafx.scene.control.MenuButton.class).stream()
        .filter(b -> "Pick\u2026".equals(b.getText())).findFirst().orElseThrow();
    robot.interact(() -> vm.models().set("llama3.1:8b"));
    robot.interact(picker::show);
    assertThat(picker.getItems()).extracting(javafx.scene.control.MenuItem::getText).containsExactly("evenhand-dpo:8b", "llama3.1:8b");
    assertThat(((javafx.scene.control.CheckMenuItem) picker.getItems().get(1)).isSelected()).as("the typed model is checked").isTrue();
    robot.interact(() -> {
      picker.getItems().get(0).fire();
      picker.hide();
    });
    assertThat(vm.models().get()).isEqualTo("llama3.1:8b, evenhand-dpo:8b");
    startAudit(robot, "12");
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.figures().get() != null
          && vm.figures().get().metrics().get("llama3.1:8b").pairs() == 8);
      // the table redraws row by row: wait for both rows (seen once half drawn, the second model's cells still blank)
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> tableTexts(robot).containsAll(List.of("8", "evenhand-dpo:8b", "0", "\u2014")));
      List<String> cells = tableTexts(robot);
      assertThat(vm.running().get()).isTrue();
      assertThat(cells).as("llama's row is live, the second model's is empty").contains("llama3.1:8b", "8", "evenhand-dpo:8b", "0", "\u2014")
          .doesNotContain("0.0% [0.0, 0.0]");
      assertThat(cells.get(2)).matches("\\d+\\.\\d% \\[\\d+\\.\\d, \\d+\\.\\d\\]");
      Screenshots.save(ui.window.scene(), "audit-live.png");
    } finally {
      ui.ollama.release();
    }
    awaitComplete(vm);
  }

  @Test
  void theHeatMapShownStaysReadableWhenTheDarkThemeToggleIsClickedBothWays(FxRobot robot) throws Exception {
    AuditViewModel vm = startAudit(robot, "24");
    awaitComplete(vm);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.figures().get() != null
        && vm.figures().get().metrics().values().stream().allMatch(r -> r.pairs() == 24));
    WaitForAsyncUtils.waitForFxEvents();
    Node up = robot.lookup(".heatmap").query();
    while (!(up instanceof ScrollPane)) up = up.getParent();
    ScrollPane scroll = (ScrollPane) up;
    assertThat(unreadableCells(robot)).as("light theme before any switch").isEmpty();
    javafx.scene.control.CheckBox dark = robot.lookup(n -> n instanceof javafx.scene.control.CheckBox t && "Dark theme".equals(t.getText()))
        .queryAs(javafx.scene.control.CheckBox.class);
    for (boolean toDark : new boolean[] {true, false}) {
      robot.clickOn(dark);
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dark.isSelected() == toDark);
      WaitForAsyncUtils.waitForFxEvents();
      robot.interact(() -> scroll.setVvalue(1.0));
      WaitForAsyncUtils.waitForFxEvents();
      Screenshots.save(ui.window.scene(), "heatmap-after-toggle-" + (toDark ? "dark" : "light") + ".png");
      assertThat(unreadableCells(robot)).as("heat-map cells below 4.5:1 after the toggle to " + (toDark ? "dark" : "light")).isEmpty();
    }
  }

  /**
   * @return each heat-map cell whose drawn text (the label's Text node) contrasts less than 4.5:1 with the
   *     cell's drawn fill (its background's top fill), with both colours; fails when no cell is found
   */
  private static List<String> unreadableCells(FxRobot robot) throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> {
      List<Label> cells = robot.lookup(".heat-cell").queryAllAs(Label.class).stream().toList();
      assertThat(cells).as("heat-map cells").hasSizeGreaterThanOrEqualTo(25);
      List<String> bad = new java.util.ArrayList<>();
      for (Label cell : cells) {
        var fills = cell.getBackground().getFills();
        var fill = (javafx.scene.paint.Color) fills.get(fills.size() - 1).getFill();
        javafx.scene.text.Text drawn = (javafx.scene.text.Text) cell.lookup(".text");
        var ink = (javafx.scene.paint.Color) drawn.getFill();
        double ratio = dev.evenhand.ui.audit.HeatColours.contrast(fill, ink);
        if (ratio < 4.5) bad.add(String.format("'%s' %s on %s: %.2f:1 %s", drawn.getText(), ink, fill, ratio, cell.getStyleClass()));
      }
      return bad;
    }).get();
  }

  /** Waits until the audit finished and the screen reloaded its run list (so no work is left when the test ends). */
  private static void awaitComplete(AuditViewModel vm) throws Exception {
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.status().get().equals("Audit complete.") && !vm.running().get()
        && vm.selected().get() != null && vm.selected().get().status() == dev.evenhand.domain.RunStatus.COMPLETED);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void everyModelsHeatMapReadsInBothThemes(FxRobot robot) throws Exception {
    AuditViewModel vm = startAudit(robot, "24");
    awaitComplete(vm);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.figures().get() != null
        && vm.figures().get().metrics().values().stream().allMatch(r -> r.pairs() == 24));
    Node up = robot.lookup(".heatmap").query();
    while (!(up instanceof ScrollPane)) up = up.getParent();
    ScrollPane scroll = (ScrollPane) up;
    robot.interact(() -> scroll.setVvalue(1.0));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup(".section-title").queryAllAs(Label.class)).extracting(Label::getText).contains("Stance transitions: llama3.1:8b");
    Screenshots.save(ui.window.scene(), "audit-heatmap-light.png");
    robot.interact(() -> {
      vm.heatModel().set("evenhand-dpo:8b");
      MainWindow.applyTheme(ui.window.scene(), true);
    });
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> scroll.setVvalue(1.0));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup(".section-title").queryAllAs(Label.class)).extracting(Label::getText)
        .as("the second model's heat map is there too").contains("Stance transitions: evenhand-dpo:8b");
    for (Label cell : robot.lookup(".heat-cell").queryAllAs(Label.class)) {
      var fill = (javafx.scene.paint.Color) cell.getBackground().getFills().get(0).getFill();
      assertThat(dev.evenhand.ui.audit.HeatColours.contrast(fill, (javafx.scene.paint.Color) cell.getTextFill()))
          .as("cell %s after the switch to dark", cell.getText()).isGreaterThanOrEqualTo(4.5);
    }
    Screenshots.save(ui.window.scene(), "audit-heatmap-dark.png");

    // a heat-map cell opens the pairs behind it: the fine-tuned model's male Moral / female Immoral
    int cell = vm.figures().get().metrics().get("evenhand-dpo:8b").transitions().get(dev.evenhand.domain.Stance.MORAL)
        .get(dev.evenhand.domain.Stance.IMMORAL);
    Label moralImmoral = robot.lookup(".heat-cell").queryAllAs(Label.class).stream().filter(l -> l.getStyleClass().contains("heat-mismatch"))
        .filter(l -> l.getText().equals(Integer.toString(cell))).findFirst().orElseThrow();
    robot.interact(() -> moralImmoral.getOnMouseClicked().handle(null));
    AuditDrillDown d = vm.drillDown();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> d.open().get() && d.evidence().get() != null);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(d.title().get()).startsWith("Pairs evenhand-dpo:8b judged male Moral, female Immoral");
    assertThat(d.pairs()).hasSize(cell);
    robot.interact(() -> scroll.setVvalue(0));
    WaitForAsyncUtils.waitForFxEvents();
    Screenshots.save(ui.window.scene(), "audit-drill-down-dark.png");
    robot.interact(() -> MainWindow.applyTheme(ui.window.scene(), false));
  }
}
