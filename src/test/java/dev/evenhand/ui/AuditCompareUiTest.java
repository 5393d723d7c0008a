package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.exchange.ImportService;
import dev.evenhand.store.AuditRepository.AuditRun;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.ScriptedAuditModel;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.UiHarness;
import dev.evenhand.ui.audit.AuditCompareViewModel;
import dev.evenhand.ui.audit.AuditViewModel;
import dev.evenhand.usecase.AuditUseCase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
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
 * The Audit screen's Compare runs: a base model audited in one run and a "fine-tuned" one in a later run,
 * ticked with the mouse and compared; the table shows McNemar's test and both resolution figures.
 */
@ExtendWith(ApplicationExtension.class)
class AuditCompareUiTest {
  @TempDir static Path home;
  private UiHarness ui;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start().models(ScriptedAuditModel.BASE, ScriptedAuditModel.TUNED)
        .onChat(new ScriptedAuditModel()), false);
    ui.services.imports().importFile(ImportService.Source.GENMO, Genmo.fixture(), "genmo", false, x -> { }, () -> false);
    ui.window.controller().showAudit();
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  private AuditRun audit(String model) throws Exception {
    return ui.services.audits().start(new AuditUseCase.Request("genmo", List.of(model), null), 1, Duration.ofSeconds(10), (d, t) -> { },
        new AtomicBoolean()).run();
  }

  /** Compare runs before any audit: the pane opens and says how to get runs to compare (a newcomer saw nothing happen). */
  @Test
  void compareRunsWithNoRunSaysHowToMakeThem(FxRobot robot) throws Exception {
    AuditViewModel vm = ui.window.controller().auditViewModel();
    robot.interact(vm::refresh);
    WaitForAsyncUtils.waitForFxEvents();
    Button open = robot.lookup(".button").queryAllAs(Button.class).stream().filter(b -> "Compare runs\u2026".equals(b.getText())).findFirst()
        .orElseThrow();
    robot.clickOn(open);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.compare().open().get());
    WaitForAsyncUtils.waitForFxEvents();
    javafx.scene.control.ListView<?> runs = robot.lookup(".compare-runs").queryAs(javafx.scene.control.ListView.class);
    assertThat(shown(runs)).as("the comparison pane is shown").isTrue();
    assertThat(((javafx.scene.control.Label) runs.getPlaceholder()).getText()).startsWith("No audit runs yet.");
    assertThat(shown(runs.getPlaceholder())).isTrue();
    dev.evenhand.testing.Screenshots.save(ui.window.scene(), "audit-compare-empty.png");
  }

  @Test
  void twoRunsTickedWithTheMouseShowTheComparisonTableWithThePairedTest(FxRobot robot) throws Exception {
    AuditRun before = audit(ScriptedAuditModel.BASE);
    AuditRun after = audit(ScriptedAuditModel.TUNED);
    AuditViewModel vm = ui.window.controller().auditViewModel();
    robot.interact(vm::refresh);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.runs().size() == 2 && vm.figures().get() != null);
    Button open = robot.lookup(".button").queryAllAs(Button.class).stream().filter(b -> "Compare runs\u2026".equals(b.getText())).findFirst()
        .orElseThrow();
    robot.clickOn(open);
    AuditCompareViewModel cmp = vm.compare();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> cmp.choices().size() == 2);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(shown(robot.lookup(".mismatch-chart").query())).as("the figures give way to the comparison").isFalse();
    List<CheckBox> boxes = robot.lookup(".compare-runs .check-box").queryAllAs(CheckBox.class).stream().toList();
    assertThat(boxes).hasSize(2);
    assertThat(boxes.get(0).isSelected()).as("the run shown is ticked").isTrue();
    // a person clicks the run's line, not only its small box; Space on the selected line ticks and unticks it
    javafx.scene.control.ListCell<?> second = robot.lookup(".compare-runs .list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
        .filter(c -> c.getItem() != null).toList().get(1);
    robot.clickOn(second.lookup(".text"));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> cmp.chosenRuns().size() == 2);
    robot.type(javafx.scene.input.KeyCode.SPACE);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> cmp.chosenRuns().size() == 1);
    robot.type(javafx.scene.input.KeyCode.SPACE);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> cmp.chosenRuns().size() == 2);
    assertThat(cmp.base().get()).isEqualTo(ScriptedAuditModel.BASE + "@" + before.id());
    robot.clickOn(robot.lookup(".button").queryAllAs(Button.class).stream().filter(b -> "Compare".equals(b.getText())).findFirst().orElseThrow());
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> cmp.result().get() != null);
    WaitForAsyncUtils.waitForFxEvents();

    List<String> cells = robot.lookup(".audit-compare .table-cell").queryAllAs(Label.class).stream().map(Label::getText).toList();
    assertThat(cells).contains("24", "41.7% [24.5, 61.2]", "20.8% [9.2, 40.5]", "-20.8 pts", "b 7 / c 2, p = 0.180\nexact binomial",
        "40.0% (4 of 10)\nto Moral 3, Both 1", "70.0% (7 of 10)");
    assertThat(cells.get(0)).startsWith(ScriptedAuditModel.TUNED + " @ run " + after.id());
    List<String> heads = robot.lookup(".audit-compare .table-head").queryAllAs(Label.class).stream().map(l -> l.getText().replace('\n', ' ')).toList();
    assertThat(heads).contains("McNemar's test", "Resolved (identical stances, as the paper)", "No longer mismatched");
    for (Label l : robot.lookup(".audit-compare .table-cell").queryAllAs(Label.class)) {
      assertThat(l.getHeight()).as("cell '%s' is not cut", l.getText()).isGreaterThanOrEqualTo(l.prefHeight(l.getWidth()) - 0.5);
    }
    Screenshots.save(ui.window.scene(), "audit-compare.png");

    robot.clickOn(robot.lookup(".audit-compare .button").queryAllAs(Button.class).stream()
        .filter(b -> b.getText().startsWith("\u2190")).findFirst().orElseThrow());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(cmp.open().get()).isFalse();
    assertThat(shown(robot.lookup(".mismatch-chart").query())).as("Back shows the figures again").isTrue();
  }

  /** @return true when the node and every parent are visible */
  private static boolean shown(javafx.scene.Node n) {
    for (javafx.scene.Node x = n; x != null; x = x.getParent()) if (!x.isVisible()) return false;
    return true;
  }
}
