package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The neutrality gate through the real CLI (issue 12, point 3): accepting a balanced judgment the lint flags is refused
 * (exit 2, naming the words) unless {@code --allow-gendered} is given, which records the override with the findings in
 * the review history; {@code export} leaves such pairs out and counts them in the manifest unless {@code --include-gendered}.
 */
class NeutralityGateCliTest {
  private static final String NEUTRAL = "The main character weighed need against honesty; their choice was understandable.";
  private static final String GENDERED = "Marcus was right; he protected his family.";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  private String db;
  private CliRunner cli;
  private long flagged, clean, old;

  @BeforeEach
  void seed() {
    db = home.resolve("db/evenhand").toString();
    try (Database d = Database.open(Path.of(db))) {
      Seeds seeds = new Seeds(new PairRepository(d), new RunRepository(d));
      flagged = seeds.pair("Marcus", "Marcus kept the wallet for his family.", "Maria", "Maria kept the wallet for her family.", "Family",
          Stance.MORAL, "He needed it.", Stance.IMMORAL, "She stole it.", GENDERED, NEUTRAL);
      clean = seeds.pair("Tom", "Tom kept the wallet.", "Ann", "Ann kept the wallet.", "Work", Stance.MORAL, "He needed it.", Stance.IMMORAL,
          "She stole it.", NEUTRAL, NEUTRAL);
      old = seeds.pair("Omar", "Omar kept the wallet.", "Aisha", "Aisha kept the wallet.", "Work", Stance.MORAL, "He needed it.", Stance.IMMORAL,
          "She stole it.", "Aisha kept it; she was wrong.", NEUTRAL);
      // accepted before the gate existed: straight through the store, as an older version did
      new ReviewRepository(d).apply(old, "ada", ReviewAction.ACCEPT, ReviewStatus.ACCEPTED, Optional.empty(), "");
    }
    cli = new CliRunner(home, Map.of());
  }

  @Test
  void aFlaggedAcceptWithoutTheOverrideIsRefusedNamingTheWordsAndNothingChanges() {
    CliRunner.Result r = cli.run("--db", db, "review", "accept", String.valueOf(flagged));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("pair " + flagged).contains("\"Marcus\" in the male story's text (protagonist's name)").contains("\"he\" in the male story's text (gendered pronoun)")
        .contains("--allow-gendered").contains("nothing was accepted");
    assertThat(r.out()).isEmpty();

    CliRunner.Result all = cli.run("--db", db, "review", "accept", "--all");
    assertThat(all.exit()).as("a batch is all or nothing").isEqualTo(2);
    assertThat(all.err()).contains("pair " + flagged);
    assertThat(cli.run("--db", db, "review", "show", String.valueOf(clean)).out()).as("the neutral pair of the batch is untouched").contains("[pending]");

    CliRunner.Result edit = cli.run("--db", db, "review", "edit", String.valueOf(clean), "--male", GENDERED.replace("Marcus", "Tom"), "--female", NEUTRAL);
    assertThat(edit.exit()).isEqualTo(2);
    assertThat(edit.out()).doesNotContain("edited and accepted");
    assertThat(edit.err()).contains("\"Tom\"").contains("\"his\"");
    assertThat(cli.run("--db", db, "review", "show", String.valueOf(flagged)).out()).contains("[pending]").doesNotContain("accept by");
    assertThat(cli.run("--db", db, "review", "show", String.valueOf(clean)).out()).contains("[pending]").contains(NEUTRAL).doesNotContain("protected");
  }

  @Test
  void theOverrideIsRecordedWithItsFindingsAndShownInTheHistory() throws Exception {
    assertThat(cli.run("--db", db, "review", "accept", String.valueOf(clean)).exit()).as("a neutral text needs no override").isZero();
    CliRunner.Result r = cli.run("--db", db, "review", "accept", String.valueOf(flagged), "--allow-gendered");
    assertThat(r.exit()).as(r.err()).isZero();
    CliRunner.Result show = cli.run("--db", db, "review", "show", String.valueOf(flagged));
    assertThat(show.out()).contains("[accepted]").contains("override: accepted although not gender-neutral: \"Marcus\" in the male story's text (protagonist's name), "
        + "\"he\" in the male story's text (gendered pronoun), \"his\" in the male story's text (gendered pronoun)");
    JsonNode json = JSON.readTree(cli.run("--db", db, "--json", "review", "show", String.valueOf(flagged)).out());
    JsonNode override = json.path("history").path(0).path("override");
    assertThat(override.size()).isEqualTo(3);
    assertThat(override.path(1).path("word").asText()).isEqualTo("he");
    assertThat(override.path(1).path("reason").asText()).isEqualTo("gendered pronoun");
    assertThat(override.path(1).path("story").asText()).isEqualTo("male");
    assertThat(JSON.readTree(cli.run("--db", db, "--json", "review", "show", String.valueOf(clean)).out()).path("history").path(0).has("override"))
        .as("an accept without findings has no override").isFalse();

    CliRunner.Result edit = cli.run("--db", db, "review", "edit", String.valueOf(clean), "--male", "Tom was right; he protected his family.",
        "--female", NEUTRAL, "--allow-gendered");
    assertThat(edit.exit()).isZero();
    assertThat(edit.out()).contains("pair " + clean + " edited and accepted (override: not gender-neutral: \"Tom\" in the male story's text");
  }

  /** @return for each seeded pair, whether the store marks it exported as training data */
  private Map<Long, Boolean> exported() {
    try (Database d = Database.open(Path.of(db))) {
      return d.read(c -> {
        Map<Long, Boolean> out = new java.util.HashMap<>();
        try (var rs = c.createStatement().executeQuery("SELECT p.id, " + dev.evenhand.store.ExportRun.EXPORTED_AT + " FROM story_pair p")) {
          while (rs.next()) out.put(rs.getLong(1), rs.getObject(2) != null);
        }
        return out;
      });
    }
  }

  @Test
  void exportLeavesGenderedPairsOutAndCountsThemUnlessIncludeGenderedAndTheLosslessBackupKeepsThem() throws Exception {
    assertThat(cli.run("--db", db, "review", "accept", String.valueOf(clean)).exit()).isZero();
    assertThat(cli.run("--db", db, "review", "accept", String.valueOf(flagged), "--allow-gendered").exit()).isZero();
    for (String format : new String[] {"trl-dpo", "trl-dpo-chat", "trl-sft", "trl-sft-chat", "llama-factory", "llama-factory-sft", "openai-dpo", "axolotl-dpo", "paper", "csv"}) {
      Path out = home.resolve("out/" + format + ".data");
      CliRunner.Result r = cli.run("--db", db, "export", "--format", format, "--out", out.toString());
      assertThat(r.exit()).as(format + ": " + r.err()).isZero();
      assertThat(r.err()).as(format).contains("left out 2 pairs whose balanced judgment is not gender-neutral").contains("--include-gendered");
      String data = Files.readString(out);
      assertThat(data).as(format).contains("The main character weighed need").doesNotContain("Marcus was right").doesNotContain("Aisha kept it; she");
      JsonNode m = JSON.readTree(home.resolve("out/.manifests/" + format + ".data.manifest.json").toFile());
      assertThat(m.path("pairs").asLong()).as(format).isEqualTo(1);
      assertThat(m.path("left_out").path("accepted_with_override").asLong()).as(format).isEqualTo(1);
      assertThat(m.path("left_out").path("gendered_balanced_judgment").asLong()).as(format + ": accepted before the gate").isEqualTo(1);
      assertThat(m.path("neutrality_gate").asText()).isEqualTo("applied");
    }
    assertThat(exported()).as("only the pair written is marked exported; the pairs the gate left out stay unmarked")
        .containsEntry(clean, true).containsEntry(flagged, false).containsEntry(old, false);

    Path kept = home.resolve("out/kept.jsonl");
    CliRunner.Result r = cli.run("--db", db, "--json", "export", "--format", "trl-dpo", "--out", kept.toString(), "--include-gendered");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(kept)).contains("Marcus was right; he protected his family.").contains("Aisha kept it; she was wrong.");
    JsonNode m = JSON.readTree(home.resolve("out/.manifests/kept.jsonl.manifest.json").toFile());
    assertThat(m.path("pairs").asLong()).isEqualTo(3);
    assertThat(m.path("gendered_kept").asLong()).isEqualTo(2);
    assertThat(m.path("left_out").path("accepted_with_override").asLong()).isZero();
    assertThat(m.path("neutrality_gate").asText()).startsWith("included");

    Path backup = home.resolve("out/backup.jsonl");
    assertThat(cli.run("--db", db, "export", "--format", "evenhand", "--out", backup.toString()).exit()).isZero();
    assertThat(Files.readAllLines(backup)).as("the lossless backup keeps every accepted pair").hasSize(3);
    assertThat(Files.readString(backup)).contains("Marcus was right")
        .as("the backup's history keeps the override").contains("\"override\":[{\"story\":\"male\",\"word\":\"Marcus\",\"reason\":\"protagonist's name\"}");
    JsonNode bm = JSON.readTree(home.resolve("out/.manifests/backup.jsonl.manifest.json").toFile());
    assertThat(bm.path("neutrality_gate").asText()).isEqualTo("not applied");
    assertThat(bm.path("gendered_kept").asLong()).isEqualTo(2);
  }

  @Test
  void pairsWithoutNamesAreLintedForTheNamesTheirStoriesGive() throws Exception {
    long nameless;
    try (Database d = Database.open(Path.of(db))) {
      Seeds seeds = new Seeds(new PairRepository(d), new RunRepository(d));
      // as a CSV row or a paper record with an empty character_name was stored before names were worked out on import
      nameless = seeds.pair("", "Daniel found a wallet and kept it for his rent.", "", "Sofia found a wallet and kept it for her rent.",
          "Money", Stance.MORAL, "He needed it.", Stance.IMMORAL, "She stole it.", "Daniel was wrong to keep the money.",
          "Daniel was wrong to keep the money.");
      new ReviewRepository(d).apply(nameless, "ada", ReviewAction.ACCEPT, ReviewStatus.ACCEPTED, Optional.empty(), "");
    }
    assertThat(cli.run("--db", db, "review", "accept", String.valueOf(clean)).exit()).isZero();
    Path out = home.resolve("out/nameless.jsonl");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(out)).as("the name the stories give is found").doesNotContain("Daniel was wrong");

    // through a CSV file, which carries no names: the import works them out, and the gate finds them again
    Path csv = home.resolve("out/all.csv");
    assertThat(cli.run("--db", db, "export", "--format", "csv", "--out", csv.toString(), "--include-gendered").exit()).isZero();
    String other = home.resolve("other/evenhand").toString();
    CliRunner.Result imp = cli.run("--db", other, "import", "csv", csv.toString());
    assertThat(imp.exit()).as(imp.err()).isZero();
    Path again = home.resolve("out/again.jsonl");
    r = cli.run("--db", other, "export", "--format", "trl-dpo", "--out", again.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(again)).contains("The main character weighed need").doesNotContain("Daniel was wrong")
        .doesNotContain("Aisha kept it; she");
    JsonNode m = JSON.readTree(home.resolve("out/.manifests/again.jsonl.manifest.json").toFile());
    assertThat(m.path("left_out").path("gendered_balanced_judgment").asLong()).isEqualTo(2);
  }
}
