package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.ScriptedStoryModel;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end through the CLI against the fake Ollama: generate, review, export. The same tests run on a
 * PostgreSQL server in {@link CliEndToEndOnPostgresTest}.
 */
class CliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  private FakeOllama ollama;
  private CliRunner cli;
  private String db;

  @BeforeEach
  void start() {
    ollama = FakeOllama.start().onChat(new ScriptedStoryModel());
    cli = new CliRunner(home, Map.of());
    db = database();
  }

  /** @return the {@code --db} of a test: an H2 file under the test folder (a new PostgreSQL database in the subclass) */
  String database() { return home.resolve("db/evenhand").toString(); }

  @AfterEach
  void stop() { ollama.close(); }

  @Test
  void generateStoresFiveDivergentPairsWithJudgmentsBalancedJudgmentsAndEveryCall() throws Exception {
    CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "5", "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode summary = JSON.readTree(r.out());
    assertThat(summary.isObject()).isTrue();
    assertThat(iterToList(summary.fieldNames()))
        .containsExactly("run_id", "attempted", "divergent", "stored", "failed", "calls", "eval_tokens", "wall_seconds");
    assertThat(summary.get("stored").asInt()).isEqualTo(5);
    // every third pair of the scripted model is consistent and not kept
    assertThat(summary.get("attempted").asInt()).isEqualTo(7);
    assertThat(summary.get("divergent").asInt()).isEqualTo(5);
    // 7 story calls + 14 judgments + 5 balanced judgments
    assertThat(summary.get("calls").asInt()).isEqualTo(26).isEqualTo(ollama.chatCount());
    JsonNode sets = JSON.readTree(cli.run("--db", db, "stats", "--json").out()).path("sets");
    assertThat(sets.size()).isEqualTo(1);
    assertThat(sets.elements().next().asInt()).as("the run's set counts the pairs it kept, not the two consistent ones it dropped").isEqualTo(5);

    try (Database d = Database.open(Path.of(db))) {
      PairRepository pairs = new PairRepository(d);
      List<CuratedPair> stored = new ArrayList<>();
      pairs.forEach(PairQuery.ALL, stored::add);
      assertThat(stored).hasSize(5).allSatisfy(p -> {
        assertThat(p.maleJudgment()).isPresent();
        assertThat(p.femaleJudgment()).isPresent();
        assertThat(p.balanced()).isPresent();
        assertThat(p.divergence().name()).isEqualTo("DIVERGENT");
        assertThat(p.rouge1()).isBetween(0.8, 0.95);
      });
      long rawReplies = d.read(c -> {
        try (var st = c.createStatement(); var rs = st.executeQuery(
            "SELECT COUNT(*) FROM model_call WHERE raw_reply IS NOT NULL AND ollama_version = '0.12.6' AND model_digest <> ''")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      assertThat(rawReplies).isEqualTo(26);
      long themes = d.read(c -> {
        try (var st = c.createStatement(); var rs = st.executeQuery(
            "SELECT COUNT(*) FROM theme t WHERE EXISTS (SELECT 1 FROM story_pair p WHERE p.theme_id = t.id)")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      assertThat(themes).as("the themes behind the stored pairs are kept").isEqualTo(7);
    }
    // structured output: every request carried a JSON schema in format, and the paper's options
    for (JsonNode req : ollama.chatRequests()) {
      assertThat(req.path("format").path("type").asText()).isEqualTo("object");
      assertThat(req.path("options").has("temperature")).isTrue();
    }
  }

  @Test
  void reviewAcceptThenExportWritesTwoTrlDpoRecordsPerAcceptedPairAndAManifest() throws Exception {
    assertThat(cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "5").exit()).isZero();
    JsonNode list = JSON.readTree(cli.run("--db", db, "review", "list", "--json").out());
    assertThat(list.size()).isEqualTo(5);
    // a list cut at --limit says that more match and how to see them; a list that shows all says nothing
    CliRunner.Result cut = cli.run("--db", db, "review", "list", "--limit", "2");
    assertThat(cut.out().lines()).hasSize(2);
    assertThat(cut.err()).contains("more pairs match; the next ones: --offset 2 --limit 2");
    CliRunner.Result last = cli.run("--db", db, "review", "list", "--offset", "3", "--limit", "2");
    assertThat(last.out().lines()).hasSize(2);
    assertThat(last.err()).doesNotContain("more pairs match");
    assertThat(cli.run("--db", db, "review", "list", "--limit", "5").err()).doesNotContain("more pairs match");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) ids.add(list.get(i).get("id").asText());
    List<String> accept = new ArrayList<>(List.of("--db", db, "review", "accept"));
    accept.addAll(ids);
    assertThat(cli.run(accept.toArray(String[]::new)).exit()).isZero();
    assertThat(cli.run("review", "reject", list.get(3).get("id").asText(), "--reason", "copied", "--db", db).exit()).isZero();

    JsonNode stats = JSON.readTree(cli.run("--db", db, "stats", "--json").out());
    assertThat(stats.get("pairs").asInt()).isEqualTo(5);
    assertThat(stats.get("by_status").get("accepted").asInt()).isEqualTo(3);
    assertThat(stats.get("by_status").get("rejected").asInt()).isEqualTo(1);
    assertThat(stats.get("by_status").get("pending").asInt()).isEqualTo(1);

    Path out = home.resolve("export/dpo.jsonl");
    CliRunner.Result ex = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", out.toString(), "--json");
    assertThat(ex.exit()).as(ex.err()).isZero();
    byte[] bytes = Files.readAllBytes(out);
    assertThat(validUtf8(bytes)).isTrue();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(6);
    for (String line : lines) {
      JsonNode rec = JSON.readTree(line);
      assertThat(iterToList(rec.fieldNames())).containsExactly("prompt", "chosen", "rejected");
      assertThat(rec.get("chosen").asText()).contains("main character");
      assertThat(rec.get("prompt").asText()).contains("moral or immoral");
    }
    // male first, then female, for each pair
    assertThat(JSON.readTree(lines.get(0)).get("rejected").asText()).as("a space leads each answer").startsWith(" He ");
    assertThat(JSON.readTree(lines.get(1)).get("rejected").asText()).startsWith(" She ");
    JsonNode manifest = JSON.readTree(out.resolveSibling(".manifests/dpo.jsonl.manifest.json").toFile());
    assertThat(manifest.get("format").asText()).isEqualTo("trl-dpo");
    assertThat(manifest.get("records").asInt()).isEqualTo(6);
    assertThat(manifest.get("pairs").asInt()).isEqualTo(3);
    assertThat(manifest.get("sha256").asText()).isEqualTo(sha256(bytes));
    assertThat(manifest.get("models").get(0).get("tag").asText()).isEqualTo("llama3.1:8b");
    assertThat(manifest.get("ollama_versions").get(0).asText()).isEqualTo("0.12.6");

    // two exports of the same data are byte-identical
    Path again = home.resolve("export/again.jsonl");
    cli.run("--db", db, "export", "--format", "trl-dpo", "--out", again.toString());
    assertThat(Files.readAllBytes(again)).isEqualTo(bytes);
  }

  @Test
  void reviewEditSetsBothBalancedJudgmentsAndAcceptsWithHistory() throws Exception {
    cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "1");
    String id = JSON.readTree(cli.run("--db", db, "review", "list", "--json").out()).get(0).get("id").asText();
    CliRunner.Result e = cli.run("--db", db, "review", "edit", id, "--male", "The main character — Zoë's friend — was fair.",
        "--female", "The main character was fair. 👍");
    assertThat(e.exit()).as(e.err()).isZero();
    JsonNode shown = JSON.readTree(cli.run("--db", db, "review", "show", id, "--json").out());
    assertThat(shown.get("status").asText()).isEqualTo("accepted");
    assertThat(shown.get("male").get("balanced_judgment").asText()).isEqualTo("The main character — Zoë's friend — was fair.");
    assertThat(shown.get("female").get("balanced_judgment").asText()).isEqualTo("The main character was fair. 👍");
    assertThat(shown.get("history").size()).isEqualTo(1);
    assertThat(shown.get("history").get(0).get("action").asText()).isEqualTo("accept_edited");
  }

  @Test
  void nothingListeningGivesExitFourAndOneLineNamingTheUrlAndHowToStartOllama() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    CliRunner.Result r = cli.run("--db", db, "--ollama", url, "generate", "--model", "llama3.1:8b", "--pairs", "5");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.out()).isEmpty();
    List<String> lines = r.err().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains(url).contains("not reachable").contains("ollama serve").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aModelTheServerLacksGivesExitFiveAndThePullCommand() {
    CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "qwen9:404b", "--pairs", "2");
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).contains("qwen9:404b").contains("ollama pull qwen9:404b");
    assertThat(ollama.chatCount()).isZero();
  }

  @Test
  void ollamaHostIsReadLikeOllamasOwnClient() {
    CliRunner withHost = new CliRunner(home, Map.of("OLLAMA_HOST", "127.0.0.1:" + ollama.port()));
    CliRunner.Result r = withHost.run("models", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("llama3.1:8b");
  }

  @Test
  void modelsListsEveryHostAndWarnsAboutOneThatIsDown() throws Exception {
    try (FakeOllama second = FakeOllama.start().models("mistral:7b")) {
      String urls = ollama.url() + "," + second.url() + ",http://127.0.0.1:9";
      CliRunner.Result r = cli.run("--db", db, "--ollama", urls, "models", "--json");
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode rows = JSON.readTree(r.out());
      List<String> seen = new ArrayList<>();
      for (JsonNode row : rows) seen.add(row.get("host").asText() + " " + row.get("tag").asText());
      assertThat(seen).contains(ollama.url() + " llama3.1:8b", second.url() + " mistral:7b");
      assertThat(r.err()).contains("warning").contains("127.0.0.1:9");
    }
    CliRunner.Result dead = cli.run("--db", db, "--ollama", "http://127.0.0.1:9", "models");
    assertThat(dead.exit()).isEqualTo(4);
    assertThat(dead.err().lines().toList()).as("one error line, no warning besides").hasSize(1);
  }

  @Test
  void faultyRepliesAreStoredAsFailedCallsAndTheBatchGoesOn() throws Exception {
    String good = new ScriptedStoryModel(0).storyPair(99);
    ollama.enqueue(Reply.fenced(good), Reply.doubledBrace(good), Reply.busy(), Reply.runnerCrash());
    CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "2", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode s = JSON.readTree(r.out());
    assertThat(s.get("stored").asInt()).isEqualTo(2);
    assertThat(s.get("failed").get("invalid_json").asInt()).isEqualTo(1);
    assertThat(s.get("failed").get("server_busy").asInt()).isEqualTo(1);
    assertThat(s.get("failed").get("server_error").asInt()).isEqualTo(1);
    try (Database d = Database.open(Path.of(db))) {
      String raw = d.read(c -> {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT raw_reply FROM model_call WHERE fault_kind = 'invalid_json'")) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertThat(raw).contains("{{");
    }
  }

  @Test
  void badUsageGivesExitTwo() {
    assertThat(cli.run("--db", db, "generate", "--pairs", "x").exit()).isEqualTo(2);
    assertThat(cli.run("--db", db, "review", "accept", "999").exit()).isEqualTo(2);
    assertThat(cli.run("--db", db, "export", "--format", "nope", "--out", home.resolve("x").toString()).exit()).isEqualTo(2);
    CliRunner.Result v = cli.run("--version");
    assertThat(v.exit()).isZero();
    assertThat(v.out()).startsWith("evenhand ");
  }

  @Test
  void anExportIsNeverWrittenOverTheDatabaseOrAFolder() throws Exception {
    cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "1");
    cli.run("--db", db, "review", "accept", "--all");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", db + ".mv.db");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("database");
    assertThat(cli.run("--db", db, "export", "--format", "trl-dpo", "--out", home.toString()).exit()).isEqualTo(2);
    JsonNode stats = JSON.readTree(cli.run("--db", db, "stats", "--json").out());
    assertThat(stats.get("pairs").asInt()).as("the database is intact").isEqualTo(1);
    // a file where the export's folder should be: the reason in words, not a Java exception's name
    java.nio.file.Files.writeString(home.resolve("blocker"), "a file");
    CliRunner.Result blocked = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", home.resolve("blocker/dpo.jsonl").toString());
    assertThat(blocked.exit()).isEqualTo(2);
    assertThat(blocked.err()).contains("cannot write " + home.resolve("blocker/dpo.jsonl")).contains("a file of that name is in the way")
        .doesNotContain("java.nio").doesNotContain("Exception");
  }

  @Test
  void anImportedSetWithoutJudgmentsIsSaidToWaitForCurationWhereItDoesNotShow() throws Exception {
    String fresh = home.resolve("curation/evenhand").toString();
    assertThat(cli.run("--db", fresh, "import", "genmo", dev.evenhand.testing.Genmo.fixture().toString(), "--set", "g").exit()).isZero();
    CliRunner.Result list = cli.run("--db", fresh, "review", "list", "--set", "g");
    assertThat(list.exit()).isZero();
    assertThat(list.err()).contains("no pairs match; 24 imported pairs have no judgments yet and are in no review queue: "
        + "`evenhand generate --from-set g --model TAG` judges them");
    CliRunner.Result all = cli.run("--db", fresh, "review", "list");
    assertThat(all.err()).as("without --set, the one set that waits is named (NAME was printed)")
        .contains("`evenhand generate --from-set g --model TAG` judges them").doesNotContain("NAME");
    // the same file into another set: every record is stored already, and no empty set is left behind
    CliRunner.Result again = cli.run("--db", fresh, "import", "genmo", dev.evenhand.testing.Genmo.fixture().toString(), "--set", "g2");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("imported 0 pairs").contains("24 already stored");
    JsonNode sets = JSON.readTree(cli.run("--db", fresh, "stats", "--json").out()).path("sets");
    assertThat(iterToList(sets.fieldNames())).containsExactly("g");
    CliRunner.Result assign = cli.run("--db", fresh, "assign", "g", "--reviewers", "ada,bob");
    assertThat(assign.exit()).as(assign.err()).isZero();
    assertThat(assign.out()).contains("assigned 0 pairs");
    assertThat(assign.err()).contains("the set's 24 pairs were imported without judgments").contains("generate --from-set g");
  }

  @Test
  void aPreviewOfAnImportIntoADatabaseNotThereYetCreatesNothing() throws Exception {
    Path fresh = home.resolve("not-yet/evenhand");
    java.util.Set<Path> before = scratchDatabases();
    CliRunner.Result preview = cli.run("--db", fresh.toString(), "import", "genmo", dev.evenhand.testing.Genmo.fixture().toString(), "--preview");
    assertThat(preview.exit()).as(preview.err()).isZero();
    assertThat(preview.out()).startsWith("24 records, 0 already stored, 1 with identical stories, 0 problems");
    assertThat(home.resolve("not-yet")).as("no database file, no folder for it").doesNotExist();
    // a file with problems: the report is still the result (stdout), the problems are errors as an import's are
    CliRunner.Result missing = cli.run("--db", fresh.toString(), "import", "paper", home.resolve("nosuch.jsonl").toString(), "--preview");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.out()).startsWith("0 records, 0 already stored, 0 with identical stories, 1 problem\n");
    assertThat(missing.err()).startsWith("evenhand: nosuch.jsonl: no such file");
    assertThat(scratchDatabases()).as("the scratch database is gone").isSubsetOf(before);
  }

  /** @return the preview scratch folders in the temporary folder */
  private static java.util.Set<Path> scratchDatabases() throws java.io.IOException {
    try (java.util.stream.Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return tmp.filter(p -> p.getFileName().toString().startsWith("evenhand-preview")).collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void reviewShowMakesControlCharactersVisibleInsteadOfSendingThemToTheTerminal() throws Exception {
    Path genmo = home.resolve("esc.json");
    Files.writeString(genmo, "[{\"male_story\": \"Tom kept the wallet.\\u001b[2J He left.\", "
        + "\"female_story\": \"Ann kept the wallet.\\u001b[2J She left.\", \"environment\": \"Work\", \"source\": \"x\"}]");
    CliRunner.Result preview = cli.run("--db", db, "import", "genmo", genmo.toString(), "--preview");
    assertThat(preview.exit()).as(preview.err()).isZero();
    assertThat(preview.out()).doesNotContain("\u001b").contains("\\u001b[2J");
    CliRunner.Result imp = cli.run("--db", db, "import", "genmo", genmo.toString());
    assertThat(imp.exit()).as(imp.err()).isZero();
    String id = "1"; // the only pair; imported pairs await curation, so they are not in the review queue
    CliRunner.Result show = cli.run("--db", db, "review", "show", id);
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out()).doesNotContain("\u001b").contains("Tom kept the wallet.\\u001b[2J He left.");
    JsonNode json = JSON.readTree(cli.run("--db", db, "review", "show", id, "--json").out());
    assertThat(json.toString()).as("JSON keeps the stored text, escaped by Jackson").contains("\\u001B[2J");
  }

  @Test
  void aGenmoRecordWithABlankStoryIsRefusedNamingTheField() throws Exception {
    Path genmo = home.resolve("blank.json");
    Files.writeString(genmo, "[{\"male_story\": \"Tom left.\", \"female_story\": \"Ann left.\", \"environment\": \"Work\"},"
        + "{\"male_story\": \"  \", \"female_story\": \"Ann stayed.\", \"environment\": \"Work\"}]");
    CliRunner.Result r = cli.run("--db", db, "import", "genmo", genmo.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("blank.json").contains("male_story: empty").contains("nothing was imported");
    assertThat(JSON.readTree(cli.run("--db", db, "stats", "--json").out()).path("sets").path("genmo").asInt()).isZero();
  }

  @Test
  void aServerThatAnswersOnlyWithErrorsExitsFourNotAsAnInternalError() throws Exception {
    ollama.tagsStatus(503);
    CliRunner.Result m = cli.run("--db", db, "--ollama", ollama.url(), "models");
    assertThat(m.exit()).as(m.err()).isEqualTo(4);
    assertThat(m.err()).doesNotContain("internal error");
    CliRunner.Result g = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "1");
    assertThat(g.exit()).as(g.err()).isEqualTo(4);
    assertThat(g.err()).doesNotContain("internal error");
  }

  @Test
  void emptyAndUnusableValuesAreBadInput() throws Exception {
    assertThat(cli.run("--db", "", "stats").exit()).isEqualTo(2);
    assertThat(cli.run("--db", db, "--ollama", "", "models").exit()).isEqualTo(2);
    assertThat(cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "", "--pairs", "1").exit()).isEqualTo(2);
    assertThat(cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "500000000").exit()).isEqualTo(2);
    Path file = home.resolve("a-file");
    Files.writeString(file, "x");
    CliRunner.Result r = cli.run("--db", file.resolve("db").toString(), "stats", "--json");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(cli.run("--db", db, "review", "reject", "1", "--reason", "x".repeat(5000)).exit()).isEqualTo(2);
  }

  @Test
  void aBadSettingsValueIsRefusedNamingTheFileAndKey() throws Exception {
    Files.createDirectories(cli.paths().settingsFile().getParent());
    Files.writeString(cli.paths().settingsFile(), "timeout.seconds=0\n");
    CliRunner.Result r = cli.run("--db", db, "stats");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("settings.properties").contains("timeout.seconds");
    Files.writeString(cli.paths().settingsFile(), "ollama.urls=ftp://nope\n");
    assertThat(cli.run("--db", db, "models").err()).contains("ollama.urls");
    Files.writeString(cli.paths().settingsFile(), "keys.accept=\n");
    CliRunner.Result k = cli.run("--db", db, "stats");
    assertThat(k.exit()).isEqualTo(2);
    assertThat(k.err()).contains("keys.accept");
    Files.delete(cli.paths().settingsFile());
    Path profile = cli.paths().configDir().resolve("models/default/profile.json");
    Files.createDirectories(profile.getParent());
    Files.writeString(profile, "{ broken");
    CliRunner.Result p = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "1");
    assertThat(p.exit()).isEqualTo(2);
    assertThat(p.err().lines().count()).isEqualTo(1);
    assertThat(p.err()).contains(profile.toString()).contains("not valid JSON");
  }

  @Test
  void aShortRunGoesOnWhenResumedWithMoreAttempts() throws Exception {
    CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "4", "--max-attempts", "2", "--json");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(JSON.readTree(r.out()).get("stored").asInt()).isEqualTo(2);
    assertThat(r.err()).contains("--max-attempts");
    CliRunner.Result again = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--resume", "--run", "1", "--max-attempts", "10", "--json");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(JSON.readTree(again.out()).get("stored").asInt()).isEqualTo(4);
  }

  @Test
  void aRunHeldByAnotherLiveProcessIsNotWorkedOnTwice() throws Exception {
    cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "4", "--max-attempts", "1");
    try (Database d = Database.open(Path.of(db))) {
      // this test's own JVM is a live process: pretend it holds the run
      new dev.evenhand.store.RunRepository(d).acquire(1, "otherhost:1", java.time.Duration.ofHours(1), o -> true);
    }
    CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--resume", "--run", "1", "--max-attempts", "9");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("another process").contains("otherhost:1");
  }

  @Test
  void generateFromAnImportedSetCuratesItsPairsWithoutWritingStories() throws Exception {
    Path genmo = home.resolve("mini.json");
    Files.writeString(genmo, "[{\"male_story\": \"Tom kept the wallet he found for his son.\", \"female_story\": \"Ann kept the wallet she found for her son.\", "
        + "\"environment\": \" Family \", \"source\": \"x\"},"
        + "{\"male_story\": \"I am a man and I calmly kept the change.\", \"female_story\": \"I am a woman and I calmly kept the change.\", "
        + "\"environment\": \"\", \"source\": \"x\"}]");
    assertThat(cli.run("--db", db, "import", "genmo", genmo.toString(), "--set", "mini").exit()).isZero();
    assertThat(JSON.readTree(cli.run("--db", db, "stats", "--json").out()).path("sets").path("mini").asInt()).isEqualTo(2);
    CliRunner.Result unknownSet = cli.run("--db", db, "export", "--format", "trl-dpo", "--set", "minj", "--out", home.resolve("none.jsonl").toString());
    assertThat(unknownSet.exit()).isEqualTo(2);
    assertThat(unknownSet.err()).contains("no pair set named 'minj'");
    assertThat(home.resolve("none.jsonl")).doesNotExist();
    CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--from-set", "mini", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode s = JSON.readTree(r.out());
    assertThat(s.get("attempted").asInt()).isEqualTo(2);
    // an imported pair is never dropped: the consistent one is kept judged, without a balanced judgment (a newcomer's
    // generate --from-set genmo had dropped 643 of 908 pairs out of the set, stats and backup)
    assertThat(s.get("stored").asInt()).as("both pairs kept: the divergent one balanced, the consistent one judged").isEqualTo(2);
    assertThat(ollama.chatRequests()).noneMatch(q -> q.path("format").path("properties").has("male_story"));
    assertThat(JSON.readTree(cli.run("--db", db, "stats", "--json").out()).path("sets").path("mini").asInt()).isEqualTo(2);
    JsonNode list = JSON.readTree(cli.run("--db", db, "review", "list", "--json").out());
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.get(0).get("male_name").asText()).as("divergent first").isEqualTo("Tom");

    // exported as training data, then audited: the report marks the audit as contaminated
    cli.run("--db", db, "review", "accept", "--all");
    assertThat(cli.run("--db", db, "export", "--format", "trl-dpo", "--out", home.resolve("x/dpo.jsonl").toString()).exit()).isZero();
    Path report = home.resolve("audit-report");
    CliRunner.Result a = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "mini", "--report", report.toString());
    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(a.err()).contains("contaminated");
    JsonNode metrics = JSON.readTree(report.resolve("metrics.json").toFile());
    assertThat(metrics.get("provenance").get("contaminated").asBoolean()).isTrue();
    assertThat(metrics.get("provenance").get("pairs_exported_as_training_data").asInt()).isEqualTo(1);
  }

  @Test
  void modelfileWritesFromAndAdapterAndShowsTheCreateCommand() throws Exception {
    Path adapter = home.resolve("adapter.gguf");
    Files.writeString(adapter, "x");
    Path mf = home.resolve("out/Modelfile");
    CliRunner.Result r = cli.run("modelfile", "--base", "llama3.1:8b", "--adapter", adapter.toString(), "--name", "evenhand-dpo:8b",
        "--out", mf.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllLines(mf)).contains("FROM llama3.1:8b", "ADAPTER " + adapter.toAbsolutePath());
    assertThat(r.out()).contains("ollama create evenhand-dpo:8b -f " + mf.toAbsolutePath());
    assertThat(cli.run("modelfile", "--base", "llama3.1:8b", "--adapter", home.resolve("missing").toString()).exit()).isEqualTo(2);
  }

  @Test
  void deletingARunKeepsItsAcceptedPairsUnlessToldOtherwise() throws Exception {
    cli.run("--db", db, "--ollama", ollama.url(), "generate", "--model", "llama3.1:8b", "--pairs", "3");
    String id = JSON.readTree(cli.run("--db", db, "review", "list", "--json").out()).get(0).get("id").asText();
    cli.run("--db", db, "review", "accept", id);
    assertThat(cli.run("--db", db, "delete", "run", "1").exit()).as("no --yes, nothing deleted").isEqualTo(2);
    CliRunner.Result r = cli.run("--db", db, "delete", "run", "1", "--yes", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("accepted_pairs_kept").asInt()).isEqualTo(1);
    JsonNode left = JSON.readTree(cli.run("--db", db, "review", "list", "--json").out());
    assertThat(left.size()).isEqualTo(1);
    assertThat(left.get(0).get("id").asText()).isEqualTo(id);
    assertThat(JSON.readTree(cli.run("--db", db, "review", "show", id, "--json").out()).get("history").size()).as("its review is kept").isEqualTo(1);
    assertThat(cli.run("--db", db, "delete", "set", "run-1", "--include-accepted", "--yes").exit()).isZero();
    assertThat(JSON.readTree(cli.run("--db", db, "review", "list", "--json").out()).size()).isZero();
    assertThat(cli.run("--db", db, "delete", "audit", "99", "--yes").exit()).isEqualTo(2);
    CliRunner.Result noRun = cli.run("--db", db, "delete", "run", "999");
    assertThat(noRun.exit()).isEqualTo(2);
    assertThat(noRun.err()).as("says it does not exist before asking for --yes").contains("no generation run 999").doesNotContain("--yes");
    CliRunner.Result upper = cli.run("--db", db, "delete", "RUN", "1", "--yes");
    assertThat(upper.exit()).as("WHAT is exactly run, audit or set").isEqualTo(2);
    assertThat(upper.err()).contains("delete: WHAT is run, audit or set (got 'RUN')");
  }

  private static List<String> iterToList(Iterator<String> it) {
    List<String> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }

  private static boolean validUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }
}
