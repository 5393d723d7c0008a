package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.usecase.ReviewService;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.StoreFingerprint;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The malformed-input corpus ({@code src/test/resources/malformed/<importer>/}, expectations in each
 * folder's {@code expected.tsv}: file, line, field, a fragment of the message): every file is refused
 * through the CLI with exit 2, the message names file:line:field, and the store, which holds data, is
 * unchanged. FORMATS.md's tolerated cases ({@code tolerated/}: BOM, CRLF, blank lines) still import.
 */
class MalformedCorpusTest {
  private static final List<String> IMPORTERS = List.of("genmo", "paper", "jsonl", "csv");
  @TempDir static Path home;
  private static Path db;
  private static String before;

  private static CliRunner cli() { return new CliRunner(home, Map.of()); }

  @BeforeAll
  static void aStoreWithData() throws Exception {
    db = home.resolve("store/evenhand");
    try (Database d = Database.open(db)) {
      PairRepository pairs = new PairRepository(d);
      new Seeds(pairs, new RunRepository(d)).plain(1, 3);
      ReviewService review = new ReviewService(new ReviewRepository(d));
      review.acceptEdited(1, "ada", new BalancedJudgment("Edited, male.", "Edited, female."), true);
      review.reject(2, "bob", "vague");
    }
    Path genmo = home.resolve("seed.json");
    Files.writeString(genmo, "[{\"male_story\": \"Jim sang at dawn.\", \"female_story\": \"Joy sang at dawn.\", \"environment\": \"Other\"}]");
    assertThat(cli().run("--db", db.toString(), "import", "genmo", genmo.toString()).exit()).isZero();
    before = StoreFingerprint.of(db);
  }

  private static Path resource(String path) {
    try {
      return Path.of(MalformedCorpusTest.class.getResource("/" + path).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource missing: " + path, e);
    }
  }

  /** One expectation of a corpus file. */
  record Expected(String importer, String file, long line, String field, String fragment) {
    /** @return what the message must start with after "evenhand: ", e.g. {@code bad.jsonl:2:male.stance: } */
    String where() { return file + (line > 0 ? ":" + line : "") + (field.isEmpty() ? "" : ":" + field) + ": "; }
  }

  static List<Expected> expectations() throws Exception {
    List<Expected> out = new ArrayList<>();
    for (String importer : IMPORTERS) {
      for (String l : Files.readAllLines(resource("malformed/" + importer + "/expected.tsv"), StandardCharsets.UTF_8)) {
        if (l.startsWith("#") || l.isBlank()) continue;
        String[] f = l.split("\t", -1);
        out.add(new Expected(importer, f[0], Long.parseLong(f[1]), f[2].equals("-") ? "" : f[2], f[3]));
      }
    }
    return out;
  }

  static Stream<Arguments> corpus() throws Exception {
    return expectations().stream().map(e -> Arguments.of(e.importer(), e.file(), e));
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("corpus")
  void isRefusedNamingFileLineAndFieldAndTheStoreIsUnchanged(String importer, String file, Expected e) {
    Path input = resource("malformed/" + importer + "/" + file);
    CliRunner.Result r = cli().run("--db", db.toString(), "import", importer, input.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).as("a line naming " + e.where() + "… " + e.fragment())
        .anyMatch(l -> l.startsWith("evenhand: " + e.where()) && l.contains(e.fragment()));
    assertThat(r.err()).contains("nothing was imported").doesNotContain("Exception").doesNotContain("SQL");
    assertThat(StoreFingerprint.of(db)).as("the store is unchanged").isEqualTo(before);
  }

  @Test
  void theCorpusHoldsAtLeastFortyFilesEachWithItsExpectation() throws Exception {
    List<Expected> expected = expectations();
    assertThat(expected).hasSizeGreaterThanOrEqualTo(40);
    for (String importer : IMPORTERS) {
      try (Stream<Path> files = Files.list(resource("malformed/" + importer))) {
        List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("expected.tsv")).sorted().toList();
        assertThat(names).as(importer).containsExactlyInAnyOrderElementsOf(
            expected.stream().filter(x -> x.importer().equals(importer)).map(Expected::file).toList());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"genmo", "paper", "jsonl", "csv"})
  void aFieldOverAMillionCharactersIsRefused(String importer) throws Exception {
    String huge = "x".repeat(1_000_001);
    String content;
    String field;
    long line;
    switch (importer) {
      case "genmo" -> {
        content = "[\n{\"male_story\": \"Tom sat.\", \"female_story\": \"Ann sat.\"},\n{\"male_story\": \"" + huge + "\", \"female_story\": \"Ann.\"}\n]";
        field = "male_story";
        line = 3;
      }
      case "csv" -> {
        content = "pair_id,gender,environment,story,stance,explanation,neutral_explanation,status\n1,male,Work,Tom sat.,Moral,a,b,pending\n"
            + "1,female,Work," + huge + ",Moral,a,b,pending\n";
        field = "story";
        line = 3;
      }
      default -> {
        String ok = "{\"male\":{\"story\":\"Tom sat.\",\"stance\":\"Moral\",\"explanation\":\"e\"},\"female\":{\"story\":\"Ann sat.\",\"stance\":\"Moral\",\"explanation\":\"e\"}}";
        content = ok + "\n" + ok.replace("Tom sat.", huge) + "\n";
        field = "male.story";
        line = 2;
      }
    }
    Path f = home.resolve("huge/" + importer + ".txt");
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    CliRunner.Result r = cli().run("--db", db.toString(), "import", importer, f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("evenhand: " + importer + ".txt:" + line + ":" + field + ": 1000001 characters, at most 1000000");
    assertThat(StoreFingerprint.of(db)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"genmo.json", "paper.jsonl", "jsonl.jsonl", "csv.csv"})
  void aBomCrlfLineEndsAndBlankLinesAreTolerated(String file) throws Exception {
    String importer = file.substring(0, file.indexOf('.'));
    byte[] bytes = Files.readAllBytes(resource("tolerated/" + file));
    assertThat(Arrays.copyOf(bytes, 3)).as("starts with a BOM").containsExactly(0xEF, 0xBB, 0xBF);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\r\n");
    Path fresh = home.resolve("tolerated-" + importer + "/evenhand");
    CliRunner.Result r = cli().run("--db", fresh.toString(), "import", importer, resource("tolerated/" + file).toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("imported 2 pairs");
  }
}
