package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import dev.evenhand.usecase.ReviewService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, point 4 through the real CLI: an export that would write an empty file is refused (exit 3, nothing written,
 * earlier files untouched), a recipe a format does not apply is refused (exit 2), a file below its consumer's minimum
 * is written with a warning, and manifests live in {@code .manifests/} (an old {@code <file>.manifest.json} beside the
 * data is removed when the data is replaced).
 */
class ExportRefusalsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  private String db;
  private CliRunner cli;

  @BeforeEach
  void seed() {
    db = home.resolve("db/evenhand").toString();
    try (Database d = Database.open(Path.of(db))) {
      new Seeds(new PairRepository(d), new RunRepository(d)).plain(1, 1);
      new ReviewService(new ReviewRepository(d)).accept(1, "ada");
    }
    cli = new CliRunner(home, Map.of());
  }

  private List<String> tree(Path dir) throws Exception {
    if (!Files.exists(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  /** @return {@code out/dpo.jsonl}, written as by an earlier export with its manifest */
  private Path earlierExport() throws Exception {
    Path out = home.resolve("out/dpo.jsonl");
    Files.createDirectories(home.resolve("out/.manifests"));
    Files.writeString(out, "earlier\n");
    Files.writeString(home.resolve("out/.manifests/dpo.jsonl.manifest.json"), "{\"earlier\": true}");
    return out;
  }

  /** The files of {@link #earlierExport} are as they were, and nothing is beside them. */
  private void assertEarlierExportUntouched() throws Exception {
    assertThat(Files.readString(home.resolve("out/dpo.jsonl"))).isEqualTo("earlier\n");
    assertThat(Files.readString(home.resolve("out/.manifests/dpo.jsonl.manifest.json"))).isEqualTo("{\"earlier\": true}");
    assertThat(tree(home.resolve("out"))).containsExactly(".manifests", ".manifests/dpo.jsonl.manifest.json", "dpo.jsonl");
  }

  @Test
  void anExportThatMatchesNothingExitsThreeAndWritesNothingAndKeepsTheEarlierFiles() throws Exception {
    Path out = earlierExport();
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString(), "--status", "rejected");
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("nothing to export: no pair matched status rejected").contains("nothing was written");
    assertThat(r.out()).isEmpty();
    assertEarlierExportUntouched();

    Path fresh = home.resolve("fresh/deeper/dpo.jsonl");
    CliRunner.Result j = cli.run("--db", db, "--json", "export", "--format", "trl-dpo", "--out", fresh.toString(), "--status", "pending");
    assertThat(j.exit()).isEqualTo(3);
    JsonNode refused = JSON.readTree(j.out());
    assertThat(refused.path("refused").asText()).startsWith("nothing to export");
    assertThat(refused.path("empty").get(0).asText()).isEqualTo("all");
    assertThat(home.resolve("fresh")).as("not even the folders an export would have made").doesNotExist();
  }

  @Test
  void aDatabaseThatCannotTakeTheMarksFailsTheExportBeforeAnyFileIsReplaced() throws Exception {
    Path out = earlierExport();
    try (Database d = Database.open(Path.of(db))) {
      // the marks' table gone: every mark fails, as when the database cannot be written for good
      d.inTransaction(c -> c.createStatement().executeUpdate("ALTER TABLE export_mark RENAME TO export_mark_gone"));
    }
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isNotZero();
    assertThat(r.err()).contains("EXPORT_MARK");
    assertEarlierExportUntouched();
  }

  @Test
  void anOutThatWouldClobberDatasetInfoOrHideInManifestsIsRefusedBeforeAnythingIsWritten() throws Exception {
    // llama-factory --out lf/dataset_info.json used to move the data array into place, then fail to update
    // "dataset_info.json" (not a JSON object) with exit 2 and "nothing was written"
    Path lf = home.resolve("lf/dataset_info.json");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "llama-factory", "--out", lf.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("dataset_info.json").doesNotContain("Exception");
    assertThat(home.resolve("lf")).doesNotExist();

    // data written inside .manifests is hidden from every loader, and could replace a manifest
    Files.createDirectories(home.resolve("out/.manifests"));
    Files.writeString(home.resolve("out/.manifests/dpo.jsonl.manifest.json"), "{\"earlier\": true}");
    CliRunner.Result m = cli.run("--db", db, "export", "--format", "trl-dpo", "--out",
        home.resolve("out/.manifests/dpo.jsonl.manifest.json").toString());
    assertThat(m.exit()).as(m.err()).isEqualTo(2);
    assertThat(m.err()).contains(".manifests");
    assertThat(Files.readString(home.resolve("out/.manifests/dpo.jsonl.manifest.json"))).isEqualTo("{\"earlier\": true}");
    assertThat(tree(home.resolve("out"))).containsExactly(".manifests", ".manifests/dpo.jsonl.manifest.json");

    // a link or a pipe under the name would be replaced by a plain file (a breaker's link to a shared file)
    Path shared = Files.writeString(home.resolve("shared.jsonl"), "OLD\n");
    Path link = Files.createSymbolicLink(home.resolve("proj-dpo.jsonl"), shared);
    CliRunner.Result l = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", link.toString());
    assertThat(l.exit()).as(l.err()).isEqualTo(2);
    assertThat(l.err()).contains("is a symbolic link (to " + shared + ")");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(shared)).isEqualTo("OLD\n");
    Path fifo = home.resolve("pipe.jsonl");
    if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
      CliRunner.Result p = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", fifo.toString());
      assertThat(p.exit()).as(p.err()).isEqualTo(2);
      assertThat(p.err()).contains("is not a regular file");
    }
  }

  @Test
  void aDatasetInfoThatCannotBeUpdatedRefusesTheLlamaFactoryExportBeforeTheDataIsMovedIntoPlace() throws Exception {
    // the data and its manifest used to be moved into place (and the pairs marked exported) before dataset_info.json was
    // read, and then the command said "nothing was written"
    Path info = home.resolve("lf/dataset_info.json");
    Files.createDirectories(info.getParent());
    Files.writeString(info, "[1, 2]");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "llama-factory", "--out", home.resolve("lf/ev.json").toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("not a JSON object").contains("nothing was written");
    assertThat(tree(home.resolve("lf"))).containsExactly("dataset_info.json");
    assertThat(Files.readString(info)).isEqualTo("[1, 2]");
  }

  @Test
  void aSplitThatLeavesTrainOrTestWithoutAPairIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path out = home.resolve("split/dpo.jsonl");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString(), "--split", "0.5");
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).containsPattern("the (train|test) file of --split 0.5 \\(seed 7\\) would hold no pair of the 1 exported")
        .contains("nothing was written");
    assertThat(home.resolve("split")).doesNotExist();
    CliRunner.Result tiny = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString(), "--split", "0.000001");
    assertThat(tiny.exit()).as(tiny.err()).isEqualTo(3);
    assertThat(tiny.err()).as("the split as the user wrote it").contains("the test file of --split 0.000001 (seed 7)");
    for (String odd : List.of("NaN", "Infinity")) {
      CliRunner.Result n = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString(), "--split", odd);
      assertThat(n.exit()).as(n.err()).isEqualTo(2);
      assertThat(n.err()).as("named, not 'Character N is neither a decimal digit number'").contains("--split must be between 0 and 1, exclusive (got "
          + odd + ")");
    }
    CliRunner.Result dir = cli.run("--db", db, "export", "--format", "trl-dpo", "--dataset-dir", home.resolve("hub").toString(), "--split", "0.5");
    assertThat(dir.exit()).as(dir.err()).isEqualTo(3);
    assertThat(home.resolve("hub")).doesNotExist();
    try (Database d = Database.open(Path.of(db))) {
      long marked = d.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM story_pair p WHERE " + dev.evenhand.store.ExportRun.EXPORTED)) {
          rs.next();
          return rs.getLong(1);
        }
      });
      assertThat(marked).as("a refused export marks no pair as exported").isZero();
    }
  }

  @Test
  void theCdaRecipeIsRefusedForFormatsThatApplyNoRecipeNamingTheFormatsThatTakeIt() throws Exception {
    for (String format : new String[] {"evenhand", "csv", "trl-dpo", "openai-dpo"}) {
      Path out = home.resolve("cda/" + format + ".out");
      CliRunner.Result r = cli.run("--db", db, "export", "--format", format, "--out", out.toString(), "--recipe", "cda");
      assertThat(r.exit()).as(format + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(format).contains("--recipe cda does not apply to " + format)
          .containsPattern("the formats that take it: trl-sft, trl-sft-chat(, [a-z-]+)*, paper\\R").doesNotContainPattern("take it: [^\\n]*(evenhand|csv)");
      assertThat(out).doesNotExist();
    }
    CliRunner.Result ok = cli.run("--db", db, "export", "--format", "csv", "--out", home.resolve("cda/rows.csv").toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    JsonNode m = JSON.readTree(home.resolve("cda/.manifests/rows.csv.manifest.json").toFile());
    assertThat(m.get("recipe").isNull()).as("csv applies no recipe, so its manifest names none").isTrue();
    CliRunner.Result sft = cli.run("--db", db, "export", "--format", "trl-sft", "--out", home.resolve("cda/sft.jsonl").toString(), "--recipe", "cda");
    assertThat(sft.exit()).as(sft.err()).isZero();
    assertThat(JSON.readTree(home.resolve("cda/.manifests/sft.jsonl.manifest.json").toFile()).get("recipe").asText()).isEqualTo("cda");
  }

  @Test
  void anOldManifestBesideTheDataIsRemovedWhenTheDataIsReplaced() throws Exception {
    Path out = home.resolve("old/dpo.jsonl");
    Files.createDirectories(out.getParent());
    Files.writeString(home.resolve("old/dpo.jsonl.manifest.json"), "{\"old\": \"place\"}");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("manifest: " + home.resolve("old/.manifests/dpo.jsonl.manifest.json"));
    assertThat(r.err()).as("TRL states no minimum").doesNotContain("warning");
    assertThat(tree(home.resolve("old"))).as("the manifest of the old place is gone with the data it described")
        .containsExactly(".manifests", ".manifests/dpo.jsonl.manifest.json", "dpo.jsonl");
  }

  @Test
  void aFileBelowOpenAisMinimumIsWrittenWithAWarningOnStderrAndInTheManifest() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(new ExportService(null, id -> null).format("openai-dpo").minimumExamples().isPresent(),
        "openai-dpo's minimum of 10 is set in JsonFormats by the trainer formats' part of issue 13 (branch h13-fmt)");
    Path out = home.resolve("oa/prefs.jsonl");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "openai-dpo", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("evenhand: warning: prefs.jsonl has 2 records; fewer than the 10 that openai-dpo's trainer requires in a training file");
    JsonNode m = JSON.readTree(home.resolve("oa/.manifests/prefs.jsonl.manifest.json").toFile());
    assertThat(m.get("warnings").get(0).asText()).contains("fewer than the 10");
  }

  /** Pairs that match but carry no balanced judgment are named as such, not as "no pair matched" (a breaker's finding). */
  @Test
  void matchedPairsWithoutABalancedJudgmentAreNamedAsSuch() throws Exception {
    Path csv = home.resolve("incomplete.csv");
    Files.writeString(csv, String.join(",", dev.evenhand.exchange.RecordFormats.Csv.HEADER) + "\n"
        + "1,male,Work,Tom kept the wallet he found.,immoral,He should return it.,,rejected\n"
        + "1,female,Work,Ann kept the wallet she found.,moral,She may keep it.,,rejected\n");
    String other = home.resolve("incomplete-db/evenhand").toString();
    CliRunner.Result imp = cli.run("--db", other, "import", "csv", csv.toString());
    assertThat(imp.exit()).as(imp.err()).isZero();
    CliRunner.Result r = cli.run("--db", other, "export", "--format", "trl-dpo", "--status", "rejected", "--out", home.resolve("inc.jsonl").toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("1 pair matched, but none has both judgments and a balanced judgment, which trl-dpo trains on")
        .doesNotContain("no pair matched");
    assertThat(home.resolve("inc.jsonl")).doesNotExist();
  }

  @Test
  void outAndDatasetDirAreOneOrTheOther() {
    CliRunner.Result none = cli.run("--db", db, "export", "--format", "trl-dpo");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("give either --out FILE or --dataset-dir DIR");
    CliRunner.Result both = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", home.resolve("a.jsonl").toString(), "--dataset-dir",
        home.resolve("d").toString());
    assertThat(both.exit()).isEqualTo(2);
    CliRunner.Result lic = cli.run("--db", db, "export", "--format", "trl-dpo", "--dataset-dir", home.resolve("d").toString(), "--license", "CC BY");
    assertThat(lic.exit()).isEqualTo(2);
    assertThat(lic.err()).contains("--license");
    CliRunner.Result lf = cli.run("--db", db, "export", "--format", "llama-factory", "--dataset-dir", home.resolve("d").toString());
    assertThat(lf.exit()).isEqualTo(2);
    assertThat(lf.err()).contains("use --out");
    assertThat(home.resolve("a.jsonl")).doesNotExist();
    assertThat(home.resolve("d")).doesNotExist();
  }

  @Test
  void pairsImportedWithoutJudgmentsGoIntoTheBackupFormatAndComeBackAsTheyWere() throws Exception {
    String genmoDb = home.resolve("genmo-db/evenhand").toString();
    assertThat(cli.run("--db", genmoDb, "import", "genmo", dev.evenhand.testing.Genmo.fixture().toString()).exit()).isZero();
    long stored = JSON.readTree(dev.evenhand.testing.Genmo.fixture().toFile()).size();
    Path backup = home.resolve("backup/genmo.evenhand.jsonl");
    CliRunner.Result accepted = cli.run("--db", genmoDb, "export", "--format", "evenhand", "--out", backup.toString());
    assertThat(accepted.exit()).as(accepted.err()).isEqualTo(3);
    assertThat(accepted.err()).as("the default status, accepted, leaves them out: the hint says what takes them")
        .contains("no judgments yet and status pending: --status all (or pending) takes them").doesNotContain("generate --from-set");
    CliRunner.Result later = cli.run("--db", genmoDb, "export", "--format", "evenhand", "--since", "2030-01-01", "--out", backup.toString());
    assertThat(later.exit()).isEqualTo(3);
    assertThat(later.err()).as("the hint counts only the imported pairs the other filters take (none stored since 2030)")
        .doesNotContain("no judgments yet");
    CliRunner.Result trainer = cli.run("--db", genmoDb, "export", "--format", "trl-dpo", "--out", home.resolve("backup/t.jsonl").toString());
    assertThat(trainer.exit()).as(trainer.err()).isEqualTo(3);
    assertThat(trainer.err()).as("a trainer export names the set whose pairs wait for judgments (it printed NAME)")
        .contains("`evenhand generate --from-set genmo --model TAG`").doesNotContain("NAME");
    CliRunner.Result r = cli.run("--db", genmoDb, "export", "--format", "evenhand", "--status", "all", "--out", backup.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(backup);
    assertThat(lines).as("every imported pair, though none is judged yet").hasSize((int) stored).isNotEmpty();
    assertThat(JSON.readTree(lines.get(0)).path("male").path("judgments")).isEmpty();

    String back = home.resolve("back-db/evenhand").toString();
    CliRunner.Result in = cli.run("--db", back, "import", "jsonl", backup.toString());
    assertThat(in.exit()).as(in.err()).isZero();
    assertThat(in.out()).as("a backup of one set is restored into that set").contains("into set genmo");
    assertThat(JSON.readTree(cli.run("--db", back, "stats", "--json").out()).path("sets").path("genmo").asLong()).isEqualTo(stored);

    // records of two sets (or a typed --set) go into one set, as named
    Path mixed = home.resolve("backup/mixed.jsonl");
    List<String> two = new java.util.ArrayList<>(lines);
    two.set(1, two.get(1).replace("\"set\":\"genmo\"", "\"set\":\"other\""));
    Files.write(mixed, two);
    CliRunner.Result m = cli.run("--db", home.resolve("mixed-db/evenhand").toString(), "import", "jsonl", mixed.toString());
    assertThat(m.exit()).as(m.err()).isZero();
    assertThat(m.out()).contains("into set jsonl");
    CliRunner.Result named = cli.run("--db", home.resolve("named-db/evenhand").toString(), "import", "jsonl", backup.toString(), "--set", "mine");
    assertThat(named.out()).contains("into set mine");
    CliRunner.Result twice = cli.run("--db", back, "import", "jsonl", backup.toString(), "--set", "other");
    assertThat(twice.exit()).as(twice.err()).isZero();
    assertThat(twice.err()).as("stored in genmo, so nothing goes to set other; it says so")
        .contains("every pair in the file is already stored, in whichever set holds it").contains("nothing was added to set other");
    Path again = home.resolve("backup/again.evenhand.jsonl");
    assertThat(cli.run("--db", back, "export", "--format", "evenhand", "--status", "all", "--out", again.toString()).exit()).isZero();
    assertThat(Files.mismatch(backup, again)).as("the round trip (first differing byte)").isEqualTo(-1L);

    // they stay out of the review queue, and the formats that train on judgments still have nothing to write
    CliRunner.Result dpo = cli.run("--db", back, "export", "--format", "trl-dpo", "--status", "all", "--out", home.resolve("backup/dpo.jsonl").toString());
    assertThat(dpo.exit()).as(dpo.err()).isEqualTo(3);
    assertThat(dpo.err()).contains("no judgments yet, so trl-dpo leaves them out").contains("the backup (--format evenhand --status all) writes them");
  }
}
