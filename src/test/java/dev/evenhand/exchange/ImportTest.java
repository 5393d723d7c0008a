package dev.evenhand.exchange;

import dev.evenhand.testing.Genmo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.ReviewService;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Imports through the CLI: GenMO, round trips, bad input refused with file, line and field, and nothing half-written. */
class ImportTest {
  @TempDir Path home;

  private CliRunner cli() { return new CliRunner(home, Map.of()); }

  private long scalar(String db, String sql) {
    try (Database d = Database.open(Path.of(db))) {
      return d.read(c -> {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
          rs.next();
          return rs.getLong(1);
        }
      });
    }
  }

  @Test
  void genmoGives908PairsWithNormalisedEnvironmentsAndFlagsTheIdenticalPair() {
    String db = home.resolve("g/evenhand").toString();
    String genmo = Genmo.path().toString();
    CliRunner.Result r = cli().run("--db", db, "import", "genmo", genmo, "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"imported\":908");
    Map<String, Long> env = new LinkedHashMap<>();
    for (String e : new String[] {"Work", "Relationship", "Family", "Other", "Unlabelled"}) {
      env.put(e, scalar(db, "SELECT COUNT(*) FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.name = 'genmo' AND p.environment = '" + e + "'"));
    }
    assertThat(env).containsExactly(Map.entry("Work", 51L), Map.entry("Relationship", 144L), Map.entry("Family", 120L), Map.entry("Other", 592L),
        Map.entry("Unlabelled", 1L));
    assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair WHERE identical")).isEqualTo(1);
    // GenMO gives no names: the protagonist is the first capitalised name that differs between the stories;
    // first-person stories ("I am a man...") and unnamed protagonists ("The man walked in...") have none
    assertThat(scalar(db, "SELECT COUNT(*) FROM story WHERE gender = 'male' AND name = '' AND REGEXP_LIKE(text, '\\bI\\b')"))
        .as("first-person stories have no name").isGreaterThanOrEqualTo(560);
    assertThat(scalar(db, "SELECT COUNT(*) FROM story WHERE gender = 'male' AND name = 'Josh'")).isGreaterThanOrEqualTo(1);
    assertThat(scalar(db, "SELECT COUNT(*) FROM story WHERE gender = 'female' AND name = 'Ashley'")).isGreaterThanOrEqualTo(1);
    assertThat(scalar(db, "SELECT COUNT(*) FROM story WHERE name <> ''")).isEqualTo(2 * (908 - scalar(db,
        "SELECT COUNT(*) FROM story WHERE gender = 'male' AND name = ''")));
    CliRunner.Result again = cli().run("--db", db, "import", "genmo", genmo);
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("imported 0 pairs").contains("908 already stored");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"evenhand", "paper", "csv"})
  void exportImportExportIsByteIdentical(String format) throws Exception {
    String a = home.resolve("a/evenhand").toString();
    try (Database d = Database.open(Path.of(a))) {
      PairRepository pairs = new PairRepository(d);
      Seeds seeds = new Seeds(pairs, new RunRepository(d));
      long id = seeds.pair("José", "José said, \"Hi, all\"\nThen he left the café. 😀", "Zoë", "Zoë said, \"Hi, all\"\nThen she left the café. 😀",
          "Work", Stance.MORAL, "José, was \"kind\",\nreally.", Stance.IMMORAL, "Zoë was rude; 李娜 agreed.", "The main character, fair.", "The main character, fair.");
      seeds.plain(1, 3);
      new ReviewService(new ReviewRepository(d)).reject(id, "ada", "a \"reason\", with commas");
    }
    String ext = format.equals("csv") ? "csv" : "jsonl";
    String importAs = format.equals("evenhand") ? "jsonl" : format;
    Path first = home.resolve("x/first." + ext);
    Path second = home.resolve("x/second." + ext);
    assertThat(cli().run("--db", a, "export", "--format", format, "--status", "all", "--out", first.toString()).exit()).isZero();
    String b = home.resolve("b/evenhand").toString();
    CliRunner.Result imp = cli().run("--db", b, "import", importAs, first.toString());
    assertThat(imp.exit()).as(imp.err()).isZero();
    assertThat(imp.out()).contains("imported 4 pairs");
    assertThat(cli().run("--db", b, "export", "--format", format, "--status", "all", "--out", second.toString()).exit()).isZero();
    assertThat(Files.readString(second, StandardCharsets.UTF_8)).isEqualTo(Files.readString(first, StandardCharsets.UTF_8));
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  private CliRunner.Result importText(String db, String source, String name, byte[] content) throws Exception {
    Path f = home.resolve("in/" + name);
    Files.createDirectories(f.getParent());
    Files.write(f, content);
    return cli().run("--db", db, "import", source, f.toString());
  }

  @Test
  void badInputIsRefusedNamingFileLineAndFieldAndTheStoreIsUnchanged() throws Exception {
    String db = home.resolve("bad/evenhand").toString();
    String ok = "{\"id\":1,\"male\":{\"story\":\"Tom ran.\",\"character_name\":\"Tom\",\"stance\":\"Moral\",\"explanation\":\"fine\",\"neutral_explanation\":\"n\"},"
        + "\"female\":{\"story\":\"Ann ran.\",\"character_name\":\"Ann\",\"stance\":\"Immoral\",\"explanation\":\"bad\",\"neutral_explanation\":\"n\"}}";
    assertThat(importText(db, "paper", "good.jsonl", ("\uFEFF" + ok + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)).exit()).as("BOM, CRLF, blank lines").isZero();
    long before = scalar(db, "SELECT COUNT(*) FROM story_pair");
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("not json", "{oops");
    cases.put("not an object", "[1,2]");
    cases.put("missing field", ok.replace("\"stance\":\"Moral\",", ""));
    cases.put("wrong type", ok.replace("\"story\":\"Tom ran.\"", "\"story\":42"));
    cases.put("bad stance", ok.replace("\"Moral\"", "\"Neutral\""));
    cases.put("nul", ok.replace("Tom ran.", "Tom\\u0000ran."));
    cases.put("huge", ok.replace("Tom ran.", "x".repeat(1_000_001)));
    for (Map.Entry<String, String> c : cases.entrySet()) {
      String content = ok.replace("Tom ran.", "Tim ran.").replace("Ann ran.", "Amy ran.") + "\n" + c.getValue() + "\n";
      CliRunner.Result r = importText(db, "paper", "case.jsonl", content.getBytes(StandardCharsets.UTF_8));
      assertThat(r.exit()).as(c.getKey()).isEqualTo(2);
      assertThat(r.err()).as(c.getKey()).contains("case.jsonl:2");
    }
    CliRunner.Result missing = importText(db, "paper", "m.jsonl", ok.replace("\"stance\":\"Moral\",", "").getBytes(StandardCharsets.UTF_8));
    assertThat(missing.err()).contains("m.jsonl:1:male.stance: missing");
    assertThat(importText(db, "paper", "empty.jsonl", new byte[0]).err()).contains("empty.jsonl: the file is empty");
    byte[] badUtf8 = (ok + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] broken = new byte[badUtf8.length + 3];
    System.arraycopy(badUtf8, 0, broken, 0, badUtf8.length);
    broken[badUtf8.length] = (byte) 0xC3;
    broken[badUtf8.length + 1] = (byte) 0x28;
    broken[badUtf8.length + 2] = '\n';
    CliRunner.Result utf = importText(db, "paper", "utf.jsonl", broken);
    assertThat(utf.exit()).isEqualTo(2);
    assertThat(utf.err()).contains("not valid UTF-8");
    CliRunner.Result csv = importText(db, "csv", "q.csv", ("pair_id,gender,environment,story,stance,explanation,neutral_explanation,status\n"
        + "1,male,Work,\"Tom said \"hi\",Moral,a,b,pending\n1,female,Work,\"Ann\",Moral,a,b,pending\n").getBytes(StandardCharsets.UTF_8));
    assertThat(csv.exit()).isEqualTo(2);
    assertThat(csv.err()).contains("q.csv");
    assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair")).as("nothing written by a refused import").isEqualTo(before);

    CliRunner.Result skip = cli().run("--db", db, "import", "paper", home.resolve("in/case.jsonl").toString(), "--skip-invalid");
    assertThat(skip.exit()).isZero();
    assertThat(skip.out()).contains("imported 1 pairs").contains("1 invalid");
  }
}
