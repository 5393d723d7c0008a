package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.GenmoServer;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.UiHarness;
import dev.evenhand.ui.audit.AuditViewModel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
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
 * The Download GenMO offer on the Audit screen, with no GenMO set stored: the action names size, host and commit
 * (here a local server standing in for GitHub), downloads with progress, imports, and the set picker then offers
 * the new set; the Datasets screen's offer is gone too.
 */
@ExtendWith(ApplicationExtension.class)
class GenmoDownloadUiTest {
  @TempDir static Path home;
  private UiHarness ui;
  private GenmoServer server;

  @Start
  void start(Stage stage) throws Exception {
    server = GenmoServer.ofGenmoOrFixture();
    server.use("/genmo.json");
    ui = new UiHarness(home, stage, FakeOllama.start(), false);
    ui.window.controller().showAudit();
  }

  @AfterEach
  void stop() throws Exception {
    GenmoServer.forget();
    ui.close();
    server.close();
  }

  @Test
  void theAuditScreenOffersGenmoAndDownloadsIt(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
        () -> robot.lookup("#genmo-download-button").tryQuery().map(b -> b.getParent().isVisible()).orElse(false));
    Button download = robot.lookup("#genmo-download-button").queryButton();
    assertThat(download.getText()).startsWith("Download GenMO (").contains("from 127.0.0.1");
    Screenshots.save(ui.window.scene(), "genmo-offer-audit.png");
    robot.clickOn(download);
    Label message = robot.lookup("#genmo-download-message").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> message.getText().startsWith("Imported "));
    assertThat(message.getText()).startsWith("Imported " + server.pairs() + " pairs into set genmo").contains("SHA-256 verified")
        .contains("CC BY-SA 4.0");
    // the message and the offer's visibility are set by two updates on the FX thread: wait for the second one
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !download.getParent().isVisible());
    assertThat(download.getParent().isVisible()).as("the offer is withdrawn once GenMO is stored").isFalse();
    AuditViewModel vm = ui.window.controller().auditViewModel();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.sets().contains("genmo"));
    assertThat(vm.set().get()).isEqualTo("genmo");
    Screenshots.save(ui.window.scene(), "genmo-downloaded-audit.png");
    assertThat(server.requests("/genmo.json")).isEqualTo(1);

    robot.interact(() -> ui.window.controller().showDatasets());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#genmo-download-button").queryAllAs(Button.class)).as("the Datasets screen shares the offer: it is gone there too")
        .isNotEmpty().allMatch(b -> !b.getParent().isVisible());
    Screenshots.save(ui.window.scene(), "genmo-downloaded-datasets.png");
  }
}
