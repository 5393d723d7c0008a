package dev.evenhand.ui;

import dev.evenhand.testing.Genmo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.UiHarness;
import dev.evenhand.ui.datasets.DatasetsViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Datasets screen: import preview and import of GenMO, export preview and export with a manifest. */
@ExtendWith(ApplicationExtension.class)
class DatasetsScreenUiTest {
  @TempDir static Path home;
  private UiHarness ui;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start(), false);
    Seeds seeds = new Seeds(ui.services.pairs(), ui.services.runs());
    long id = seeds.pair("Tom", "Tom kept the wallet for his son.", "Ann", "Ann kept the wallet for her son.", "Money", Stance.MORAL,
        "He was right.", Stance.IMMORAL, "She was wrong.", "The main character weighed need and honesty.", "The main character weighed need and honesty.");
    ui.services.review().accept(id, "ada");
    ui.window.controller().showDatasets();
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  @Test
  void previewAndImportGenmoThenPreviewAndExport(FxRobot robot) throws Exception {
    DatasetsViewModel vm = ui.window.controller().datasetsViewModel();
    Path genmo = Genmo.fixture();
    robot.interact(() -> {
      vm.source().set(ImportService.Source.GENMO);
      vm.importFile().set(genmo);
      vm.previewImport();
    });
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.importReport().get().contains("24 records"));
    assertThat(ui.services.pairs().count(dev.evenhand.store.PairQuery.ALL)).as("a preview writes nothing").isEqualTo(1);
    robot.interact(vm::runImport);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.importReport().get().startsWith("Imported 24 pairs"));

    robot.interact(() -> {
      vm.format().set("trl-sft-chat");
      vm.previewExport();
    });
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.exportReport().get().contains("\"completion\""));
    assertThat(vm.example().get()).contains("completion");
    Screenshots.save(ui.window.scene(), "datasets.png");
    Path out = home.resolve("exports/sft.jsonl");
    robot.interact(() -> vm.runExport(out));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.exportReport().get().startsWith("Wrote 2 records"));
    assertThat(Files.readAllLines(out)).hasSize(2);
    assertThat(Files.exists(home.resolve("exports/.manifests/sft.jsonl.manifest.json"))).isTrue();
  }
}
