package dev.evenhand.ui.genmo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evenhand.app.Services;
import dev.evenhand.exchange.GenmoSource;
import dev.evenhand.exchange.VerifiedDownload;
import dev.evenhand.store.PairSetSources;
import dev.evenhand.testing.GenmoServer;
import dev.evenhand.testing.ViewModelHarness;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.GenmoDownloadUseCase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Download GenMO offer without JavaFX: offered while no GenMO set is stored; download, offline and cancel. */
class GenmoDownloadViewModelTest {
  private final ResourceBundle text = ResourceBundle.getBundle("i18n.messages");
  @TempDir Path home;
  private Services services;
  private GenmoServer server;

  @BeforeEach
  void setUp() throws Exception {
    services = ViewModelHarness.services(home, "http://127.0.0.1:1", "light");
    server = GenmoServer.ofGenmoOrFixture();
  }

  @AfterEach
  void tearDown() {
    server.close();
    services.close();
  }

  private GenmoDownloadUseCase useCase(GenmoSource source) {
    return new GenmoDownloadUseCase(services.imports(), new PairSetSources(services.database()), new VerifiedDownload(), source,
        home.resolve("cache"));
  }

  private GenmoSource served(String path) {
    return server.servesPinned() ? new GenmoSource(URI.create(server.url(path)), GenmoSource.PINNED.commit(), GenmoSource.PINNED.sha256(),
        GenmoSource.PINNED.size()) : new GenmoSource(URI.create(server.url(path)), "", server.sha256(), OptionalLong.empty());
  }

  @Test
  void thePinnedSourceIsOfferedWithItsSizeHostAndCommit() {
    GenmoDownloadViewModel vm = new GenmoDownloadViewModel(useCase(GenmoSource.PINNED), TaskExecutor.direct(), text);
    assertThat(vm.actionText()).isEqualTo("Download GenMO (308 KB, from GitHub at commit a19f209)");
    vm.refresh();
    assertThat(vm.offered().get()).as("no GenMO set is stored yet").isTrue();
  }

  @Test
  void downloadImportsTheSetAndWithdrawsTheOffer() {
    GenmoDownloadViewModel vm = new GenmoDownloadViewModel(useCase(served("/genmo.json")), TaskExecutor.direct(), text);
    AtomicInteger imported = new AtomicInteger();
    vm.addOnImported(imported::incrementAndGet);
    vm.refresh();
    assertThat(vm.offered().get()).isTrue();
    vm.download();
    assertThat(vm.message().get()).startsWith("Imported " + server.pairs() + " pairs into set genmo (0 already stored) from "
        + server.url("/genmo.json") + ", SHA-256 verified").contains("CC BY-SA 4.0").contains(home.resolve("cache/NOTICE.md").toString());
    assertThat(vm.offered().get()).isFalse();
    assertThat(vm.running().get()).isFalse();
    assertThat(vm.progress().get()).isEqualTo(1.0);
    assertThat(imported).hasValue(1);
    vm.refresh();
    assertThat(vm.offered().get()).as("a GenMO set is stored now").isFalse();
  }

  @Test
  void offlineSaysSoAndNamesTheUrlToFetchByHand() throws Exception {
    String url = GenmoServer.closedPortUrl();
    GenmoDownloadViewModel vm = new GenmoDownloadViewModel(useCase(new GenmoSource(URI.create(url), GenmoSource.PINNED.commit(),
        GenmoSource.PINNED.sha256(), GenmoSource.PINNED.size())), TaskExecutor.direct(), text);
    vm.refresh();
    vm.download();
    assertThat(vm.message().get()).contains("GenMO was not downloaded: cannot reach 127.0.0.1 (connection refused): this machine seems to be offline")
        .contains("1. download " + url).contains("3. run: evenhand import genmo FILE").contains("Datasets screen, Import story pairs, source GenMO (JSON array)");
    assertThat(vm.offered().get()).as("the offer stays").isTrue();
    assertThat(vm.running().get()).isFalse();
    // GenMO imported from a file after all (the message's own step 3): the failure goes with the offer
    services.imports().importFile(dev.evenhand.exchange.ImportService.Source.GENMO, dev.evenhand.testing.Genmo.fixture(), "genmo", false, n -> { },
        () -> false);
    vm.refresh();
    assertThat(vm.offered().get()).isFalse();
    assertThat(vm.message().get()).as("no stale failure above the import's report").isEmpty();
  }

  @Test
  void cancelMidDownloadKeepsNothing() throws Exception {
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      GenmoDownloadViewModel vm = new GenmoDownloadViewModel(useCase(served("/slow.json")), new TaskExecutor(background, Runnable::run), text);
      vm.download();
      await("half the body arrives").atMost(Duration.ofSeconds(30)).until(() -> vm.message().get().startsWith("Downloading GenMO:"));
      vm.cancel();
      await("the download stops").atMost(Duration.ofSeconds(30)).until(() -> !vm.running().get());
      assertThat(vm.message().get()).isEqualTo("Download cancelled: nothing was imported or kept.");
      assertThat(Files.exists(home.resolve("cache/GenMO_dataset.json"))).isFalse();
      assertThat(new PairSetSources(services.database()).list()).isEmpty();
    } finally {
      background.shutdownNow();
    }
  }
}
