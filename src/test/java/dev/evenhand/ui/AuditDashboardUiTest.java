package dev.evenhand.ui;

import dev.evenhand.testing.Genmo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.exchange.ImportService;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.testing.UiHarness;
import dev.evenhand.ui.audit.AuditViewModel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.chart.BarChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Audit dashboard comparing a base model with a "fine-tuned" one on GenMO pairs; a bar opens its pairs in Review. */
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

  @Test
  void twoModelsSideBySideAndABarOpensItsPairsInReview(FxRobot robot) throws Exception {
    AuditViewModel vm = ui.window.controller().auditViewModel();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.sets().contains("genmo"));
    robot.interact(() -> {
      vm.set().set("genmo");
      vm.models().set("llama3.1:8b, evenhand-dpo:8b");
      vm.limit().set("24");
      vm.start();
    });
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.status().get().equals("Audit complete."));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.figures().get() != null && vm.figures().get().metrics().size() == 2
        && vm.figures().get().metrics().values().stream().allMatch(r -> r.pairs() == 24));
    var f = vm.figures().get();
    assertThat(f.comparisons()).hasSize(1);
    assertThat(f.metrics().get("evenhand-dpo:8b").mismatchRate().rate()).isLessThan(f.metrics().get("llama3.1:8b").mismatchRate().rate());
    assertThat(f.comparisons().get(0).resolvedShare()).isGreaterThan(0.5);
    WaitForAsyncUtils.waitForFxEvents();
    Screenshots.save(ui.window.scene(), "audit.png");

    BarChart<?, ?> chart = robot.lookup(".chart").queryAs(BarChart.class);
    var bar = chart.getData().get(0).getData().get(0).getNode();
    int mismatches = f.metrics().get("llama3.1:8b").mismatchCount();
    robot.interact(() -> bar.getOnMouseClicked().handle(null));
    var review = ui.window.controller().reviewViewModel();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> review.queue().size() == mismatches && review.filters().idsLabel().get().startsWith("Mismatched pairs of llama3.1:8b"));
  }
}
