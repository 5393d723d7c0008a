package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.exchange.GenmoSource;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.GenmoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evenhand import genmo} without a file (issue 14, point 8), against a local HTTP server standing in for
 * GitHub: the verified file is imported, cached with its notice and reused; a wrong hash, a body cut short, a 404
 * and a closed port import nothing, keep no file, exit 2 and name the URL to fetch by hand.
 */
class ImportGenmoDownloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  private CliRunner cli;
  private GenmoServer server;

  @BeforeEach
  void setUp() throws IOException {
    cli = new CliRunner(home, Map.of());
    server = GenmoServer.ofGenmoOrFixture();
  }

  @AfterEach
  void tearDown() {
    GenmoServer.forget();
    server.close();
  }

  private Path cache() { return cli.paths().dataDir().resolve("datasets/genmo"); }

  private String db() { return home.resolve("db/evenhand").toString(); }

  private JsonNode stats() throws IOException { return JSON.readTree(cli.run("--db", db(), "stats", "--json").out()); }

  /** The served file (GenMO when the shared copy is there, else the fixture with its own hash) is imported, then the cache is reused. */
  @Test
  void downloadsVerifiesCachesAndImportsThenReusesTheCache() throws IOException {
    server.use("/genmo.json");
    CliRunner.Result r = cli.run("--db", db(), "import", "genmo", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("imported").asInt()).isEqualTo(server.pairs());
    assertThat(out.path("source").path("sha256").asText()).isEqualTo(server.sha256());
    assertThat(out.path("source").path("cached").asBoolean()).isFalse();
    assertThat(server.requests("/genmo.json")).isEqualTo(1);
    assertThat(sha256(cache().resolve("GenMO_dataset.json"))).isEqualTo(server.sha256());
    String notice = Files.readString(cache().resolve("NOTICE.md"));
    assertThat(notice).contains(server.url("/genmo.json"), server.sha256(), "CC BY-SA 4.0", "Social Chemistry 101", "MIT License");
    assertThat(stats().path("set_origins").path("genmo").asText()).isEqualTo(server.url("/genmo.json") + " sha256:" + server.sha256());
    String text = cli.run("--db", db(), "stats").out();
    assertThat(text).contains("imported from:").contains(server.url("/genmo.json"));

    CliRunner.Result again = cli.run("--db", db(), "import", "genmo", "--set", "genmo-again");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(server.requests("/genmo.json")).as("the cached copy is reused: no second request").isEqualTo(1);
    assertThat(again.err()).contains("using the cached copy");
    assertThat(again.out()).contains("imported 0 pairs into set genmo-again; " + server.pairs() + " already stored")
        .contains("licences and attribution in " + cache().resolve("NOTICE.md"));
  }

  /** The pinned file itself, served locally: 908 pairs, and the summary names the commit. */
  @Test
  @Genmo.RealGenmo
  void thePinnedFileImports908PairsAndNamesItsCommit() {
    assertThat(server.servesPinned()).isTrue();
    System.setProperty(GenmoSource.URL_PROPERTY, server.url("/genmo.json"));
    CliRunner.Result r = cli.run("--db", db(), "import", "genmo");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("imported 908 pairs into set genmo").contains("(commit a19f209)")
        .contains("SHA-256 dcded6ecef0e88205ce40a5ecb6416bc0f0d520ed0ce7a10a891c3eaaad38e20 verified");
  }

  /** A cached copy whose bytes changed is not trusted: it is downloaded again. */
  @Test
  void aCachedCopyThatNoLongerMatchesIsDownloadedAgain() throws IOException {
    server.use("/genmo.json");
    Files.createDirectories(cache());
    Files.writeString(cache().resolve("GenMO_dataset.json"), "[]");
    CliRunner.Result r = cli.run("--db", db(), "import", "genmo");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("does not have the expected SHA-256; downloading it again");
    assertThat(server.requests("/genmo.json")).isEqualTo(1);
    assertThat(sha256(cache().resolve("GenMO_dataset.json"))).isEqualTo(server.sha256());
  }

  /** Bytes whose SHA-256 is not the expected one: refused, nothing imported, nothing cached. */
  @Test
  void aWrongHashIsRefusedAndNothingIsImportedOrKept() throws IOException {
    System.setProperty(GenmoSource.URL_PROPERTY, server.url("/genmo.json"));
    System.setProperty(GenmoSource.SHA256_PROPERTY, "0".repeat(64));
    CliRunner.Result r = cli.run("--db", db(), "import", "genmo");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("has SHA-256 " + server.sha256() + ", not the expected " + "0".repeat(64))
        .contains("GenMO was not imported and the file was not kept");
    assertNothingImportedOrKept();
  }

  @Test
  void aBodyCutShortIsRefused() throws IOException {
    server.use("/drop.json");
    CliRunner.Result r = cli.run("--db", db(), "import", "genmo");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("the download of " + server.url("/drop.json") + " was cut short").contains("evenhand:   1. download " + server.url("/drop.json"));
    assertNothingImportedOrKept();
  }

  @Test
  void aMissingFileIsReportedWithItsStatus() throws IOException {
    server.use("/moved.json");
    CliRunner.Result r = cli.run("--db", db(), "import", "genmo");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(server.url("/moved.json") + " answered HTTP 404 (not found)");
    assertNothingImportedOrKept();
  }

  /** Offline: the message says so, names the URL to fetch by hand and the command that imports it. */
  @Test
  void offlineNamesTheUrlAndTheCommand() throws IOException {
    String url = GenmoServer.closedPortUrl();
    System.setProperty(GenmoSource.URL_PROPERTY, url);
    CliRunner.Result r = cli.run("--db", db(), "import", "genmo");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("cannot reach 127.0.0.1 (connection refused): this machine seems to be offline")
        .contains("GenMO was not imported. To import it by hand:").contains("1. download " + url)
        .contains("2. check that its SHA-256 is " + GenmoSource.PINNED.sha256()).contains("3. run: evenhand import genmo FILE")
        .doesNotContain("Exception");
    assertNothingImportedOrKept();
  }

  @Test
  void otherSourcesStillNeedAFile() {
    CliRunner.Result r = cli.run("--db", db(), "import", "csv");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("FILE is missing (only genmo can be downloaded without one)");
  }

  private void assertNothingImportedOrKept() throws IOException {
    assertThat(stats().path("sets").size()).as("no pair set was created").isZero();
    assertThat(Files.exists(cache().resolve("GenMO_dataset.json"))).as("no file is kept under the cache name").isFalse();
    if (Files.isDirectory(cache())) {
      try (Stream<Path> left = Files.list(cache())) {
        assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file is left").noneMatch(n -> n.endsWith(".partial"));
      }
    }
  }

  private static String sha256(Path f) throws IOException {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
