package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.StoreFingerprint;

import dev.evenhand.domain.Stance;
import dev.evenhand.usecase.ReviewService;
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
import org.junit.jupiter.params.provider.CsvSource;
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
  void aGenmoShapedFileIsNormalisedFlaggedAndItsProtagonistsFound() {
    String db = home.resolve("fx/evenhand").toString();
    CliRunner.Result r = cli().run("--db", db, "import", "genmo", Genmo.fixture().toString(), "--set", "fx", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"imported\":24");
    Map<String, Long> env = new LinkedHashMap<>();
    for (String e : new String[] {"Work", "Relationship", "Family", "Other", "Unlabelled"}) {
      env.put(e, scalar(db, "SELECT COUNT(*) FROM story_pair WHERE environment = '" + e + "'"));
    }
    assertThat(env).as("' Others', 'Others', ' Family ' and '' normalised").containsExactly(Map.entry("Work", 5L),
        Map.entry("Relationship", 5L), Map.entry("Family", 5L), Map.entry("Other", 8L), Map.entry("Unlabelled", 1L));
    assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair WHERE identical")).as("the identical pair is flagged").isEqualTo(1);
    assertThat(scalar(db, "SELECT COUNT(*) FROM story WHERE gender = 'male' AND name = '' AND text LIKE 'I am a man%'"))
        .as("first-person stories have no name").isEqualTo(3);
    assertThat(scalar(db, "SELECT COUNT(*) FROM story WHERE gender = 'male' AND name = '' AND text LIKE 'The man%'"))
        .as("an unnamed protagonist has no name").isEqualTo(1);
    assertThat(scalar(db, "SELECT COUNT(*) FROM story WHERE gender = 'male' AND name = 'Shane' AND text LIKE 'Irene asked%'"))
        .as("the acting character, not the first name of the story").isEqualTo(1);
    assertThat(scalar(db, "SELECT COUNT(*) FROM story WHERE gender = 'female' AND name = 'Zoë'")).isEqualTo(1);
  }

  @Test
  @Genmo.RealGenmo
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

  /**
   * A backup keeps where its pairs came from (V27): GenMO's set exported as {@code evenhand} and restored with {@code import
   * jsonl} into a set of kind jsonl still names GenMO as the pairs' source ({@code set_kind}), so the dataset card of the
   * restored set names GenMO's licences (it said "their source's licence applies"), and a second backup is the first, byte
   * for byte.
   */
  @Test
  void aRestoredGenmoBackupKeepsGenmoAsItsSourceAndItsLicences() throws Exception {
    String a = home.resolve("kindA/evenhand").toString();
    assertThat(cli().run("--db", a, "import", "genmo", Genmo.fixture().toString(), "--set", "genmo").exit()).isZero();
    Path backup = home.resolve("kind/backup.jsonl");
    assertThat(cli().run("--db", a, "export", "--format", "evenhand", "--status", "all", "--out", backup.toString()).exit()).isZero();
    assertThat(new ObjectMapper().readTree(Files.readAllLines(backup).get(0)).get("set_kind").asText()).isEqualTo("genmo");
    String b = home.resolve("kindB/evenhand").toString();
    CliRunner.Result restore = cli().run("--db", b, "import", "jsonl", backup.toString(), "--set", "restored");
    assertThat(restore.exit()).as(restore.err()).isZero();
    assertThat(scalar(b, "SELECT COUNT(*) FROM pair_set WHERE name = 'restored' AND kind = 'jsonl'")).isEqualTo(1);
    Path again = home.resolve("kind/again.jsonl");
    assertThat(cli().run("--db", b, "export", "--format", "evenhand", "--status", "all", "--out", again.toString()).exit()).isZero();
    assertThat(Files.readAllBytes(again)).as("a backup of the restored set is the first backup").isEqualTo(Files.readAllBytes(backup));
    Path hub = home.resolve("kind/hub");
    CliRunner.Result card = cli().run("--db", b, "export", "--format", "evenhand", "--status", "all", "--dataset-dir", hub.toString());
    assertThat(card.exit()).as(card.err()).isZero();
    String readme = Files.readString(hub.resolve("README.md"), StandardCharsets.UTF_8);
    assertThat(readme).contains("from set `restored` (jsonl").contains("pairs first imported from genmo").contains("GenMO's licences apply");
    try (Database d = Database.open(Path.of(b))) {
      assertThat(new dev.evenhand.store.PairSetSources(d).anyPairsOfKind("genmo")).as("GenMO's pairs are here: no offer to import them again").isTrue();
    }
    // a set kind that could not be one is refused, naming the field
    CliRunner.Result odd = importText(home.resolve("kindC/evenhand").toString(), "jsonl", "odd.jsonl",
        Files.readAllLines(backup).get(0).replace("\"set_kind\":\"genmo\"", "\"set_kind\":\"Gen Mo!\"").getBytes(StandardCharsets.UTF_8));
    assertThat(odd.exit()).isEqualTo(2);
    assertThat(odd.err()).contains("odd.jsonl:1:set_kind: 'Gen Mo!' is not a kind of pair set");
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

  /** A pair's fidelity flags do not depend on the route it came in by: a CSV row names no protagonist, and its names counted as changes. */
  @Test
  void fidelityFlagsAreTheSameFromCsvAsFromThePapersJsonl() throws Exception {
    String male = "Josh found a wallet on the bus and kept it for his son.";
    String female = "Emma found a wallet on the bus and kept it for her son.";
    String csvDb = home.resolve("fidCsv/evenhand").toString();
    assertThat(importText(csvDb, "csv", "f.csv", ("pair_id,gender,environment,story,stance,explanation,neutral_explanation,status\n1,male,Work,"
        + male + ",,,,pending\n1,female,Work," + female + ",,,,pending\n").getBytes(StandardCharsets.UTF_8)).exit()).isZero();
    String paperDb = home.resolve("fidPaper/evenhand").toString();
    assertThat(importText(paperDb, "paper", "f.jsonl", ("{\"id\":1,\"male\":{\"story\":\"" + male + "\",\"character_name\":\"Josh\",\"stance\":\"Moral\","
        + "\"explanation\":\"fine\",\"neutral_explanation\":\"\"},\"female\":{\"story\":\"" + female + "\",\"character_name\":\"Emma\",\"stance\":"
        + "\"Moral\",\"explanation\":\"fine\",\"neutral_explanation\":\"\"}}\n").getBytes(StandardCharsets.UTF_8)).exit()).isZero();
    assertThat(scalar(csvDb, "SELECT fidelity_flags FROM story_pair")).isEqualTo(scalar(paperDb, "SELECT fidelity_flags FROM story_pair")).isZero();
  }

  /**
   * A balanced judgment of white space is refused on import (it went out as a trainer's chosen answer: a breaker), and
   * an accepted pair a trainer format cannot train on (no balanced judgment) is counted as left out, not lost without
   * a word (three accepted pairs exported as two, the manifest counting nothing left out).
   */
  @Test
  void blankBalancedJudgmentsAreRefusedAndIncompletePairsAreCountedLeftOut() throws Exception {
    String db = home.resolve("blank/evenhand").toString();
    String rec = "{\"id\":%d,\"male\":{\"story\":\"Tom ran %d.\",\"character_name\":\"Tom\",\"stance\":\"Moral\",\"explanation\":\"fine\",\"neutral_explanation\":\"%s\"},"
        + "\"female\":{\"story\":\"Ann ran %d.\",\"character_name\":\"Ann\",\"stance\":\"Immoral\",\"explanation\":\"bad\",\"neutral_explanation\":\"%s\"}}\n";
    CliRunner.Result blank = importText(db, "paper", "ws.jsonl", String.format(rec, 1, 1, "   ", 1, "   ").getBytes(StandardCharsets.UTF_8));
    assertThat(blank.exit()).as(blank.err()).isEqualTo(2);
    assertThat(blank.err()).contains("ws.jsonl:1:neutral_explanation: only white space");
    CliRunner.Result csv = importText(db, "csv", "ws.csv", ("pair_id,gender,environment,story,stance,explanation,neutral_explanation,status\n"
        + "1,male,Work,Tom ran.,Moral,fine,  ,accepted\n1,female,Work,Ann ran.,Immoral,bad,  ,accepted\n").getBytes(StandardCharsets.UTF_8));
    assertThat(csv.exit()).as(csv.err()).isEqualTo(2);
    assertThat(csv.err()).contains("ws.csv:2:neutral_explanation: only white space");

    String three = String.format(rec, 1, 1, "", 1, "") + String.format(rec, 2, 2, "The main character ran.", 2, "The main character ran.")
        + String.format(rec, 3, 3, "The main character ran.", 3, "The main character ran.");
    assertThat(importText(db, "paper", "three.jsonl", three.getBytes(StandardCharsets.UTF_8)).exit()).isZero();
    assertThat(cli().run("--db", db, "review", "accept", "--all").exit()).isZero();
    Path out = home.resolve("blank/dpo.jsonl");
    CliRunner.Result ex = cli().run("--db", db, "--json", "export", "--format", "trl-dpo", "--out", out.toString());
    assertThat(ex.exit()).as(ex.err()).isZero();
    JsonNode done = JSON.readTree(ex.out());
    assertThat(done.get("pairs").asInt()).isEqualTo(2);
    assertThat(done.get("left_out").get("incomplete").asInt()).as("the accepted pair without a balanced judgment, counted").isEqualTo(1);
    assertThat(ex.err()).contains("left out 1 pair without both judgments and a balanced judgment");
    JsonNode manifest = JSON.readTree(dev.evenhand.exchange.ExportLayout.manifestOf(out).toFile());
    assertThat(manifest.get("left_out").get("incomplete").asInt()).isEqualTo(1);

    // the same pairs again, their balanced judgments edited in the file: skipped as stored, and said so (not a silent exit 0)
    String edited = three.replace("The main character ran.", "The main character ran on.");
    CliRunner.Result again = importText(db, "paper", "edited.jsonl", edited.getBytes(StandardCharsets.UTF_8));
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("imported 0 pairs").contains("3 already stored (skipped)");
    assertThat(again.err()).contains("warning: 3 of the pairs already stored carry judgments or review work in this file");
  }

  /**
   * CSV problems say what is wrong in words a researcher can act on: a UTF-16 file (a spreadsheet's "Unicode text") is
   * named as such, an invisible second byte-order mark before the first column is named (it read as an unknown column
   * "pair_id" beside a missing "pair_id"), and a refused male row does not make its female row a second, false problem.
   */
  @Test
  void csvProblemsSayWhatIsWrong() throws Exception {
    String db = home.resolve("csvwords/evenhand").toString();
    String rows = "pair_id,gender,environment,story,stance,explanation,neutral_explanation,status\n1,male,Work,Tom ran.,,,,pending\n"
        + "1,female,Work,Ann ran.,,,,pending\n";
    CliRunner.Result utf16 = importText(db, "csv", "u16.csv", rows.getBytes(StandardCharsets.UTF_16));
    assertThat(utf16.exit()).isEqualTo(2);
    assertThat(utf16.err()).contains("u16.csv:1: not valid UTF-8: the file is UTF-16");
    CliRunner.Result twoBoms = importText(db, "csv", "bom2.csv", ("\uFEFF\uFEFF" + rows).getBytes(StandardCharsets.UTF_8));
    assertThat(twoBoms.exit()).isEqualTo(2);
    assertThat(twoBoms.err()).contains("bom2.csv:1:pair_id: starts with a second byte-order mark").doesNotContain("missing from the header")
        .doesNotContain("unknown column");
    CliRunner.Result badMale = importText(db, "csv", "nul.csv", (rows.replace("Tom ran.", "Tom\u0000ran.") + "2,male,Work,Tim sat.,,,,pending\n"
        + "2,female,Work,Amy sat.,,,,pending\n").getBytes(StandardCharsets.UTF_8));
    assertThat(badMale.exit()).isEqualTo(2);
    assertThat(badMale.err()).contains("nul.csv:2:story").doesNotContain("without the male row");
    CliRunner.Result utf16le = importText(db, "csv", "le.csv", rows.getBytes(StandardCharsets.UTF_16LE));
    assertThat(utf16le.exit()).isEqualTo(2);
    assertThat(utf16le.err()).as("UTF-16 without a byte-order mark").contains("le.csv:1: not valid UTF-8: the header holds NUL characters")
        .doesNotContain("\0").doesNotContain("unknown column");
    CliRunner.Result wide = importText(db, "csv", "wide.csv", ("x".repeat(100_000) + "," + rows).getBytes(StandardCharsets.UTF_8));
    assertThat(wide.exit()).isEqualTo(2);
    assertThat(wide.err()).contains("… (100,000 characters)").hasSizeLessThan(5_000);
    CliRunner.Result orphan = importText(db, "csv", "orphan.csv", (rows.replace("1,male,Work,Tom ran.,,,,pending\n", "")).getBytes(StandardCharsets.UTF_8));
    assertThat(orphan.err()).as("a female row alone is still named").contains("orphan.csv:2:pair_id: a female row without the male row");
    assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair")).isZero();
  }

  /**
   * A pair reviewed in its file (accepted or rejected) whose stories are not both judged is refused, naming the line:
   * stored as given it would wait for a model's judgments already accepted (a breaker's CSV, status accepted and no
   * stance, imported without a word). Pending without judgments is the ordinary imported pair.
   */
  @Test
  void aReviewedPairWithoutJudgmentsIsRefusedAndAPendingOneImports() throws Exception {
    String db = home.resolve("reviewed/evenhand").toString();
    String header = "pair_id,gender,environment,story,stance,explanation,neutral_explanation,status\n";
    CliRunner.Result accepted = importText(db, "csv", "acc.csv", (header + "1,male,Work,Tom ran.,,,,pending\n1,female,Work,Ann ran.,,,,pending\n"
        + "2,male,Work,Tim sat.,,,,accepted\n2,female,Work,Amy sat.,,,,accepted\n").getBytes(StandardCharsets.UTF_8));
    assertThat(accepted.exit()).as(accepted.err()).isEqualTo(2);
    assertThat(accepted.err()).contains("acc.csv:4:status: 'accepted' on a pair whose two stories are not both judged");
    assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair")).as("nothing written").isZero();
    CliRunner.Result rejected = importText(db, "jsonl", "rej.jsonl", ("{\"environment\":\"Work\",\"status\":\"rejected\",\"male\":{\"story\":\"Tim sat.\",\"stance\":\"\",\"explanation\":\"\"},"
        + "\"female\":{\"story\":\"Amy sat.\",\"stance\":\"\",\"explanation\":\"\"}}\n").getBytes(StandardCharsets.UTF_8));
    assertThat(rejected.exit()).as(rejected.err()).isEqualTo(2);
    assertThat(rejected.err()).contains("rej.jsonl:1:status: 'rejected' on a pair");
    CliRunner.Result pending = importText(db, "csv", "pend.csv", (header + "1,male,Work,Tom ran.,,,,pending\n1,female,Work,Ann ran.,,,,pending\n")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(pending.exit()).as(pending.err()).isZero();
    assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair WHERE stage = 'imported' AND status = 'pending'")).isEqualTo(1);
    // the origin as one path: "x/../in/pend.csv" read as two places in stats (a newcomer)
    Path roundabout = home.resolve("in").resolve("..").resolve("in").resolve("pend.csv");
    Files.writeString(home.resolve("in/pend.csv"), Files.readString(home.resolve("in/pend.csv")).replace("Tom ran.", "Tim ran.").replace("Ann ran.", "Amy ran."));
    assertThat(cli().run("--db", db, "import", "csv", roundabout.toString(), "--set", "other").exit()).isZero();
    assertThat(new ObjectMapper().readTree(cli().run("--db", db, "--json", "stats").out()).path("set_origins").path("other").asText())
        .isEqualTo(home.resolve("in/pend.csv").toAbsolutePath().normalize().toString());
  }

  /**
   * With --skip-invalid a bad record is skipped, but a problem of the whole file is not: a byte that is not UTF-8
   * stops the decoder at the block it is in, so the lines around it were lost, not skipped (a newcomer's trial found
   * 266 of 520 CSV rows gone with "1 invalid" reported); a header without a column makes every row unreadable.
   */
  @Test
  void skipInvalidStillRefusesAFileThatIsNotValidUtf8OrLacksAColumnAndWritesNothing() throws Exception {
    String db = home.resolve("skipwhole/evenhand").toString();
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 300; i++) {
      lines.append("{\"id\":").append(i).append(",\"male\":{\"story\":\"Tom ran to stop ").append(i).append(".\",\"character_name\":\"Tom\",")
          .append("\"stance\":\"Moral\",\"explanation\":\"fine\",\"neutral_explanation\":\"n\"},\"female\":{\"story\":\"Ann ran to stop ").append(i)
          .append(".\",\"character_name\":\"Ann\",\"stance\":\"Immoral\",\"explanation\":\"bad\",\"neutral_explanation\":\"n\"}}\n");
    }
    byte[] text = lines.toString().getBytes(StandardCharsets.UTF_8);
    int at = lines.indexOf("stop 151.");
    text[at + 1] = (byte) 0xFF; // inside line 151
    Files.createDirectories(home.resolve("in"));
    Files.write(home.resolve("in/bad-utf8.jsonl"), text);
    CliRunner.Result r = cli().run("--db", db, "import", "paper", home.resolve("in/bad-utf8.jsonl").toString(), "--set", "s", "--skip-invalid");
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).contains("bad-utf8.jsonl:151").contains("not valid UTF-8");
    assertThat(scalar(db, "SELECT COUNT(*) FROM story_pair")).as("nothing kept").isZero();
    assertThat(scalar(db, "SELECT COUNT(*) FROM pair_set WHERE name = 's'")).as("no empty set left behind").isZero();

    Files.writeString(home.resolve("in/no-stance.csv"), "pair_id,gender,environment,story,explanation,neutral_explanation,status\n"
        + "1,male,Work,Tom ran.,a,b,pending\n1,female,Work,Ann ran.,a,b,pending\n");
    CliRunner.Result csv = cli().run("--db", db, "import", "csv", home.resolve("in/no-stance.csv").toString(), "--set", "c", "--skip-invalid");
    assertThat(csv.exit()).as(csv.out() + csv.err()).isEqualTo(2);
    assertThat(csv.err()).contains("no-stance.csv:1:stance: missing from the header");
    assertThat(scalar(db, "SELECT COUNT(*) FROM pair_set WHERE name = 'c'")).isZero();
  }

  // ---- kind 2: the whole input is read, and nothing may follow the document ---------------------------

  private static final String GENMO_PAIR = "{\"male_story\": \"Tom ran home.\", \"female_story\": \"Ann ran home.\", \"environment\": \"Work\", \"source\": \"t\"}";

  /** A store holding some data (a GenMO pair and two reviewed pairs), so "unchanged" means something. */
  private String storeWithData(String name) throws Exception {
    String db = home.resolve(name + "/evenhand").toString();
    try (Database d = Database.open(Path.of(db))) {
      PairRepository pairs = new PairRepository(d);
      new Seeds(pairs, new RunRepository(d)).plain(1, 2);
      new ReviewService(new ReviewRepository(d)).acceptEdited(1, "ada", new BalancedJudgment("Edited, male.", "Edited, female."), true);
    }
    assertThat(importText(db, "genmo", "seed.json", ("[" + GENMO_PAIR + "]").getBytes(StandardCharsets.UTF_8)).exit()).isZero();
    return db;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a second array|[GENMO]\\n[{\"male_story\": \"Bob ate.\", \"female_story\": \"Eve ate.\"}]\\n|2",
      "trailing text|[GENMO]\\nthat was all, folks\\n|2",
      "a second value on the same line|[GENMO] {\"more\": 1}\\n|1",
      "a closing bracket too many|[GENMO]]\\n|1"})
  void aGenmoFileWithAnythingAfterItsArrayIsRefusedAndNothingIsImported(String what, String content, int line) throws Exception {
    String db = storeWithData("g2");
    String before = StoreFingerprint.of(Path.of(db));
    String file = content.replace("GENMO", "{\"male_story\": \"Jim sang.\", \"female_story\": \"Joy sang.\", \"environment\": \"Other\"}")
        .replace("\\n", "\n");
    CliRunner.Result r = importText(db, "genmo", "more.json", file.getBytes(StandardCharsets.UTF_8));
    assertThat(r.exit()).as(what + ": " + r.err()).isEqualTo(2);
    assertThat(r.err()).as(what).contains("more.json:" + line + ": more data after the JSON array").contains("nothing was imported");
    assertThat(StoreFingerprint.of(Path.of(db))).as(what + ": the store is unchanged").isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"paper", "jsonl"})
  void aJsonLinesLineWithMoreThanOneValueIsRefused(String source) throws Exception {
    String db = storeWithData("l2-" + source);
    String before = StoreFingerprint.of(Path.of(db));
    String ok = "{\"id\":1,\"male\":{\"story\":\"Tom sat.\",\"character_name\":\"Tom\",\"stance\":\"Moral\",\"explanation\":\"fine\",\"neutral_explanation\":\"n\"},"
        + "\"female\":{\"story\":\"Ann sat.\",\"character_name\":\"Ann\",\"stance\":\"Immoral\",\"explanation\":\"bad\",\"neutral_explanation\":\"n\"}}";
    for (String tail : new String[] {" " + ok.replace("sat", "stood"), " trailing words", "]", " 42"}) {
      CliRunner.Result r = importText(db, source, "two.jsonl", (ok.replace("sat", "ran") + "\n" + ok + tail + "\n").getBytes(StandardCharsets.UTF_8));
      assertThat(r.exit()).as(tail + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(tail).contains("two.jsonl:2: more data after the JSON value");
    }
    assertThat(StoreFingerprint.of(Path.of(db))).isEqualTo(before);
  }

  // ---- kind 5: every imported value is checked against the store's types and limits --------------------

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record of an evenhand export of a store with an edited, then blind-reviewed pair. */
  private ObjectNode evenhandRecord() throws Exception {
    String a = home.resolve("src/evenhand").toString();
    if (!Files.exists(Path.of(a + ".mv.db"))) {
      try (Database d = Database.open(Path.of(a))) {
        PairRepository pairs = new PairRepository(d);
        new Seeds(pairs, new RunRepository(d)).pair("Tom", "Tom kept the change.", "Ann", "Ann kept the change.", "Money", Stance.MORAL, "Fine.",
            Stance.IMMORAL, "Wrong.", "Keeping it was wrong.", "Keeping it was wrong.");
        ReviewService review = new ReviewService(new ReviewRepository(d));
        review.acceptEdited(1, "ada", new BalancedJudgment("It was wrong, he knew.", "It was wrong, she knew."), true);
        review.blind(1, "bob", false, java.util.Optional.empty(), "too harsh");
      }
    }
    Path out = home.resolve("src/all.jsonl");
    assertThat(cli().run("--db", a, "export", "--format", "evenhand", "--status", "all", "--out", out.toString()).exit()).isZero();
    return (ObjectNode) JSON.readTree(Files.readAllLines(out).get(0));
  }

  private CliRunner.Result importRecord(String db, JsonNode record, String name) throws Exception {
    return importText(db, "jsonl", name, (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aReviewHistoryRowWithAnUnknownActionOrWithoutAStatusIsRefused() throws Exception {
    String db = storeWithData("k5a");
    String before = StoreFingerprint.of(Path.of(db));
    ObjectNode unknown = evenhandRecord();
    ((ObjectNode) unknown.get("history").get(0)).put("action", "teleport");
    CliRunner.Result r = importRecord(db, unknown, "action.jsonl");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("action.jsonl:1:history[0].action: unknown review action 'teleport'");
    ObjectNode noStatus = evenhandRecord();
    ((ObjectNode) noStatus.get("history").get(1)).remove("status_after");
    r = importRecord(db, noStatus, "status.jsonl");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("status.jsonl:1:history[1].status_after: missing");
    assertThat(StoreFingerprint.of(Path.of(db))).isEqualTo(before);
  }

  @Test
  void wrongTypedFieldsAreRefusedNeverDropped() throws Exception {
    String db = storeWithData("k5b");
    String before = StoreFingerprint.of(Path.of(db));
    Map<String, java.util.function.Consumer<ObjectNode>> spoil = new LinkedHashMap<>();
    spoil.put("environment: not a string (an object)", n -> n.putObject("environment").put("name", "Work"));
    spoil.put("history: not an array (a string)", n -> n.put("history", "accepted by ada"));
    spoil.put("male.story: not a string (a number)", n -> ((ObjectNode) n.get("male")).put("story", 42));
    spoil.put("flagged: not true or false (a string)", n -> n.put("flagged", "yes"));
    spoil.put("pair_id: not a whole number from 1", n -> n.put("pair_id", "seven"));
    spoil.put("history[0].blind: not true or false (a number)", n -> ((ObjectNode) n.get("history").get(0)).put("blind", 1));
    spoil.put("female.judgments[0].template_version: not a whole number", n -> ((ObjectNode) n.get("female").get("judgments").get(0)).put("template_version", 1.5));
    spoil.put("colour: unknown field", n -> n.put("colour", "blue"));
    for (var c : spoil.entrySet()) {
      ObjectNode n = evenhandRecord();
      c.getValue().accept(n);
      CliRunner.Result r = importRecord(db, n, "typed.jsonl");
      assertThat(r.exit()).as(c.getKey() + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(c.getKey()).contains("typed.jsonl:1:" + c.getKey());
    }
    assertThat(StoreFingerprint.of(Path.of(db))).isEqualTo(before);
  }

  @Test
  void aLoneUtf16SurrogateIsRefusedInEveryFormat() throws Exception {
    String db = storeWithData("k5c");
    String before = StoreFingerprint.of(Path.of(db));
    String paper = "{\"male\":{\"story\":\"Tom \\ud800 sat.\",\"stance\":\"Moral\",\"explanation\":\"e\"},\"female\":{\"story\":\"Ann sat.\",\"stance\":\"Moral\",\"explanation\":\"e\"}}\n";
    CliRunner.Result r = importText(db, "paper", "s.jsonl", paper.getBytes(StandardCharsets.UTF_8));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("s.jsonl:1:male.story: holds a lone UTF-16 surrogate \\ud800 at character 5");
    // the escape must reach the file as written: a lone surrogate in a Java string would be encoded as "?"
    String record = JSON.writeValueAsString(evenhandRecord()).replaceFirst("\"reviewer\":\"ada\"", "\"reviewer\":\"ad\\\\udc00a\"");
    assertThat(record).contains("ad\\udc00a");
    r = importText(db, "jsonl", "e.jsonl", (record + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("e.jsonl:1:history[0].reviewer: holds a lone UTF-16 surrogate \\udc00");
    r = importText(db, "genmo", "g.json", "[\n{\"male_story\": \"Jim \\udfff sang.\", \"female_story\": \"Joy sang.\"}]".getBytes(StandardCharsets.UTF_8));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("g.json:2:male_story: holds a lone UTF-16 surrogate");
    byte[] head = ("pair_id,gender,environment,story,stance,explanation,neutral_explanation,status\n1,male,Work,Tom ").getBytes(StandardCharsets.UTF_8);
    byte[] tail = (" sat.,Moral,e,n,pending\n1,female,Work,Ann sat.,Moral,e,n,pending\n").getBytes(StandardCharsets.UTF_8);
    byte[] csv = new byte[head.length + 3 + tail.length];
    System.arraycopy(head, 0, csv, 0, head.length);
    csv[head.length] = (byte) 0xED; // U+D800 encoded as if it were a character (CESU-8): not UTF-8
    csv[head.length + 1] = (byte) 0xA0;
    csv[head.length + 2] = (byte) 0x80;
    System.arraycopy(tail, 0, csv, head.length + 3, tail.length);
    r = importText(db, "csv", "s.csv", csv);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("s.csv:2: not valid UTF-8");
    assertThat(StoreFingerprint.of(Path.of(db))).isEqualTo(before);
  }

  @Test
  void overLongFieldsAreRefusedNamingTheFieldAndItsLimitNotWithAnSqlError() throws Exception {
    String db = storeWithData("k5d");
    String before = StoreFingerprint.of(Path.of(db));
    String paper = "{\"environment\":\"" + "E".repeat(130) + "\",\"male\":{\"story\":\"Tom sat.\",\"character_name\":\"" + "T".repeat(401)
        + "\",\"stance\":\"Moral\",\"explanation\":\"e\"},\"female\":{\"story\":\"Ann sat.\",\"stance\":\"Moral\",\"explanation\":\"e\"}}\n";
    CliRunner.Result r = importText(db, "paper", "long.jsonl", paper.getBytes(StandardCharsets.UTF_8));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("long.jsonl:1:environment: 130 characters, at most 100")
        .contains("long.jsonl:1:male.character_name: 401 characters, at most 400");
    Map<String, java.util.function.Consumer<ObjectNode>> spoil = new LinkedHashMap<>();
    spoil.put("set: 201 characters, at most 200", n -> n.put("set", "s".repeat(201)));
    spoil.put("model: 201 characters, at most 200", n -> n.put("model", "m".repeat(201)));
    spoil.put("history[0].reviewer: 201 characters, at most 200", n -> ((ObjectNode) n.get("history").get(0)).put("reviewer", "r".repeat(201)));
    spoil.put("history[1].reason: 4001 characters, at most 4000", n -> ((ObjectNode) n.get("history").get(1)).put("reason", "r".repeat(4001)));
    spoil.put("male.judgments[0].template_id: 101 characters, at most 100",
        n -> ((ObjectNode) n.get("male").get("judgments").get(0)).put("template_id", "t".repeat(101)));
    for (var c : spoil.entrySet()) {
      ObjectNode n = evenhandRecord();
      c.getValue().accept(n);
      r = importRecord(db, n, "long.jsonl");
      assertThat(r.exit()).as(c.getKey() + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(c.getKey()).contains("long.jsonl:1:" + c.getKey());
    }
    r = cli().run("--db", db, "import", "genmo", home.resolve("in/seed.json").toString(), "--set", "x".repeat(201));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--set: 201 characters, at most 200");
    assertThat(StoreFingerprint.of(Path.of(db))).isEqualTo(before);
  }

  @Test
  void anEvenhandExportNeverFailsBecauseOfOneOddStoredRowAndTheImportNamesIt() throws Exception {
    String db = storeWithData("k5e");
    // what an earlier version let in: a history row with an unknown action and without statuses
    try (Database d = Database.open(Path.of(db))) {
      d.inTransaction(c -> {
        try (var st = c.createStatement()) {
          st.executeUpdate("INSERT INTO review_action(pair_id, reviewer, action, status_before, status_after, reason, created_at) "
              + "VALUES (2, 'old', 'teleport', '', '', '', TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:00+00')");
        }
        return null;
      });
    }
    Path out = home.resolve("odd/backup.jsonl");
    CliRunner.Result r = cli().run("--db", db, "export", "--format", "evenhand", "--status", "all", "--out", out.toString());
    assertThat(r.exit()).as("the backup is written: " + r.err()).isZero();
    JsonNode odd = JSON.readTree(Files.readAllLines(out).get(1)).get("history").get(0);
    assertThat(odd.get("action").asText()).as("written as stored").isEqualTo("teleport");
    CliRunner.Result back = cli().run("--db", home.resolve("odd2/evenhand").toString(), "import", "jsonl", out.toString());
    assertThat(back.exit()).isEqualTo(2);
    assertThat(back.err()).contains("backup.jsonl:2:history[0].action: unknown review action 'teleport'")
        .contains("backup.jsonl:2:history[0].status_before: unknown review status ''");
  }

  // ---- kind 10: an unreadable file says why ---------------------------------------------------------------

  @Test
  void anUnreadableImportFileSaysWhy() throws Exception {
    String db = home.resolve("k10/evenhand").toString();
    Files.createDirectories(home.resolve("k10/a-folder.json"));
    CliRunner.Result r = cli().run("--db", db, "import", "genmo", home.resolve("k10/a-folder.json").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("a-folder.json: is a folder, not a file");
    r = cli().run("--db", db, "import", "genmo", home.resolve("k10/missing.json").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("missing.json: no such file");
    Path lines = home.resolve("k10/backup.jsonl");
    Files.writeString(lines, GENMO_PAIR + "\n" + GENMO_PAIR + "\n");
    r = cli().run("--db", db, "import", "genmo", lines.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("backup.jsonl:1: not a JSON array of story pairs: it starts with an object, as JSON Lines do "
        + "(Evenhand's own export: import jsonl").doesNotContain("--skip-invalid");
    // the same JSON Lines file given as CSV: named as JSON with the commands that read it, not in the CSV parser's words
    r = cli().run("--db", db, "import", "csv", lines.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("backup.jsonl:1: this is JSON, not CSV (Evenhand's own JSONL export: import jsonl")
        .doesNotContain("encapsulated token").doesNotContain("cannot read");
    Path blank = home.resolve("k10/blank.csv");
    Files.writeString(blank, "  \n\t\n\uFEFF");
    r = cli().run("--db", db, "import", "csv", blank.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("blank.csv:1: the file holds nothing but white space").doesNotContain("header name is missing");
    Path braces = home.resolve("k10/braces.csv");
    Files.writeString(braces, "{a},b\n1,2\n");
    r = cli().run("--db", db, "import", "csv", braces.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).as("a CSV whose first cell has a brace is not JSON").doesNotContain("this is JSON").contains("missing from the header");
    Path quoted = home.resolve("k10/quoted.csv");
    Files.writeString(quoted, "\"pair_id\"x,gender\n1,male\n");
    r = cli().run("--db", db, "import", "csv", quoted.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("quoted.csv:1: a broken header (").doesNotContain("cannot read");
    r = cli().run("--db", db, "import", "csv", "/dev/null");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("/dev/null: not a regular file (a device or a pipe");
    Path locked = home.resolve("k10/locked.json");
    Files.writeString(locked, "[" + GENMO_PAIR + "]");
    boolean denied = locked.toFile().setReadable(false, false) && !Files.isReadable(locked);
    if (denied) { // not as root: root reads any file
      r = cli().run("--db", db, "import", "genmo", locked.toString());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains("locked.json: cannot read: permission denied");
    }
  }
}
