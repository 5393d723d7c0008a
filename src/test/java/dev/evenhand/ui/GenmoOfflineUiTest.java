package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.exchange.GenmoSource;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.GenmoServer;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.UiHarness;
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

/** The Download GenMO offer on the Datasets screen when the source cannot be reached: it says so and how to import by hand. */
@ExtendWith(ApplicationExtension.class)
class GenmoOfflineUiTest {
  @TempDir static Path home;
  private UiHarness ui;
  private String url;

  @Start
  void start(Stage stage) throws Exception {
    url = GenmoServer.closedPortUrl();
    System.setProperty(GenmoSource.URL_PROPERTY, url);
    ui = new UiHarness(home, stage, FakeOllama.start(), false);
    ui.window.controller().showDatasets();
  }

  @AfterEach
  void stop() throws Exception {
    GenmoServer.forget();
    ui.close();
  }

  @Test
  void offlineTheOfferSaysSoAndNamesTheUrl(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
        () -> robot.lookup("#genmo-download-button").tryQuery().map(b -> b.getParent().isVisible()).orElse(false));
    Button download = robot.lookup("#genmo-download-button").queryButton();
    assertThat(download.getText()).isEqualTo("Download GenMO (308 KB, from 127.0.0.1 at commit a19f209)");
    robot.clickOn(download);
    Label message = robot.lookup("#genmo-download-message").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> message.getText().startsWith("GenMO was not downloaded"));
    assertThat(message.getText()).contains("this machine seems to be offline").contains("1. download " + url)
        .contains("Datasets screen, Import story pairs, source GenMO").contains("is blocked from it.\nNothing was imported.");
    assertThat(download.getParent().isVisible()).as("the offer stays, to try again").isTrue();
    // the steps can be copied (a label cannot be selected; a newcomer had to retype the URL and the SHA-256)
    robot.clickOn("#genmo-copy-button");
    String copied = WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get(30, TimeUnit.SECONDS);
    assertThat(copied).isEqualTo(message.getText()).contains("1. download " + url);
    Screenshots.save(ui.window.scene(), "genmo-offline-datasets.png");
    // on a 1024 x 700 screen the long message pushed the export's report out of the window, which did not scroll
    robot.interact(() -> {
      ui.window.scene().getWindow().setWidth(1024);
      ui.window.scene().getWindow().setHeight(700);
    });
    WaitForAsyncUtils.waitForFxEvents();
    javafx.scene.control.TextArea report = robot.lookup("#exportReport").queryAs(javafx.scene.control.TextArea.class);
    assertThat(report.getHeight()).as("the export report keeps its height").isGreaterThanOrEqualTo(139);
    javafx.scene.control.ScrollPane page = (javafx.scene.control.ScrollPane) ui.window.scene().lookup(".edge-to-edge");
    assertThat(page).as("the Datasets screen scrolls").isNotNull();
    robot.interact(() -> page.setVvalue(page.getVmax()));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(report.localToScene(report.getBoundsInLocal()).getMaxY()).as("scrolled down, the report is inside the window")
        .isLessThanOrEqualTo(ui.window.scene().getHeight() + 1);
    Screenshots.save(ui.window.scene(), "genmo-offline-datasets-small.png");
  }

  /** GenMO imported by another process (here: the same services, outside the screen) takes the offer away once a screen shows again. */
  @Test
  void theOfferGoesWhenGenmoWasImportedElsewhere(FxRobot robot) throws Exception {
    // both screens built while GenMO is missing: each shows the offer
    robot.interact(() -> ui.window.controller().showAudit());
    robot.interact(() -> ui.window.controller().showDatasets());
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
        () -> robot.lookup("#genmo-download").tryQuery().map(n -> ((javafx.scene.Node) n).isVisible()).orElse(false));
    ui.services.imports().importFile(dev.evenhand.exchange.ImportService.Source.GENMO, dev.evenhand.testing.Genmo.fixture(), "genmo", false,
        x -> { }, () -> false);
    robot.interact(() -> ui.window.controller().showAudit());
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
        () -> robot.lookup("#genmo-download").queryAll().stream().noneMatch(javafx.scene.Node::isVisible));
    robot.interact(() -> ui.window.controller().showDatasets());
    WaitForAsyncUtils.waitForFxEvents();
    java.util.List<javafx.scene.Node> offers = java.util.List.copyOf(robot.lookup("#genmo-download").queryAll());
    assertThat(offers).as("the Datasets screen no longer offers GenMO either").hasSize(1).noneMatch(javafx.scene.Node::isVisible);
  }
}
