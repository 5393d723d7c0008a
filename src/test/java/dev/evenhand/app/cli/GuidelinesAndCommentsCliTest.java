package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guidelines}, {@code comment} and {@code comments} through the real CLI (issue 15, point 5): the reviewer of the
 * settings file is the author; each edit is a new version; {@code review show} names the guidelines version each decision
 * was made under; bad input exits 2 with nothing saved.
 */
class GuidelinesAndCommentsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  private String db;
  private CliRunner cli;

  @BeforeEach
  void seed() throws Exception {
    db = home.resolve("db/evenhand").toString();
    try (Database d = Database.open(Path.of(db))) {
      new Seeds(new PairRepository(d), new RunRepository(d)).plain(1, 2);
    }
    cli = new CliRunner(home, Map.of());
    Files.createDirectories(cli.paths().settingsFile().getParent());
    Files.writeString(cli.paths().settingsFile(), "reviewer=lead\n");
  }

  private CliRunner.Result run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--db";
    all[1] = db;
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.run(all);
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(home.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void editsMakeVersionsThatShowAndListAndDecisionsRecordTheirVersion() throws Exception {
    CliRunner.Result none = run("guidelines", "run-1");
    assertThat(none.exit()).isZero();
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).contains("pair set run-1 has no guidelines yet (evenhand guidelines run-1 --edit FILE)");

    assertThat(run("review", "accept", "1").exit()).isZero();
    CliRunner.Result v1 = run("guidelines", "run-1", "--edit", file("g1.md", "\uFEFF# Rules\r\n\r\n- write *the main character*\r\n").toString());
    assertThat(v1.exit()).as(v1.err()).isZero();
    assertThat(v1.out()).isEqualTo("saved guidelines of set run-1: version 1\n");
    assertThat(run("guidelines", "run-1", "--edit", file("same.md", "# Rules\n\n- write *the main character*").toString()).out())
        .isEqualTo("unchanged guidelines of set run-1: version 1\n");
    assertThat(run("review", "reject", "1", "--reason", "gendered").exit()).isZero();
    CliRunner.Result v2 = run("--json", "guidelines", "run-1", "--edit", file("g2.md", "# Rules\n\nName no gender.").toString());
    JsonNode saved = JSON.readTree(v2.out());
    assertThat(saved.get("version").asInt()).isEqualTo(2);
    assertThat(saved.get("author").asText()).isEqualTo("lead");
    assertThat(saved.get("changed").asBoolean()).isTrue();
    assertThat(run("review", "accept", "1").exit()).isZero();

    CliRunner.Result shown = run("guidelines", "run-1");
    assertThat(shown.out()).isEqualTo("# Rules\n\nName no gender.\n");
    assertThat(shown.err()).startsWith("guidelines of set run-1, version 2 by lead, ");
    assertThat(run("guidelines", "run-1", "--show-version", "1").out()).isEqualTo("# Rules\n\n- write *the main character*\n");
    JsonNode history = JSON.readTree(run("--json", "guidelines", "run-1", "--history").out());
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("version").asInt()).isEqualTo(1);
    assertThat(history.get(0).has("text")).isFalse();

    JsonNode pair = JSON.readTree(run("--json", "review", "show", "1").out());
    JsonNode h = pair.get("history");
    assertThat(h).hasSize(3);
    assertThat(h.get(0).get("guidelines_version").isNull()).isTrue();
    assertThat(h.get(1).get("guidelines_version").asInt()).isEqualTo(1);
    assertThat(h.get(2).get("guidelines_version").asInt()).isEqualTo(2);
    assertThat(run("review", "show", "1").out()).contains("reject by lead: accepted -> rejected (gendered) [guidelines v1]")
        .contains("accept by lead: rejected -> accepted  [guidelines v2]");
  }

  @Test
  void badGuidelinesInputExitsTwoAndSavesNothing() throws Exception {
    CliRunner.Result noSet = run("guidelines", "nope", "--edit", file("g.md", "x").toString());
    assertThat(noSet.exit()).isEqualTo(2);
    assertThat(noSet.err()).isEqualTo("evenhand: no pair set named 'nope'\n");
    CliRunner.Result noFile = run("guidelines", "run-1", "--edit", home.resolve("missing.md").toString());
    assertThat(noFile.exit()).isEqualTo(2);
    assertThat(noFile.err()).contains("--edit: ").contains("missing.md");
    Path latin1 = home.resolve("latin1.md");
    Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xe9});
    CliRunner.Result notUtf8 = run("guidelines", "run-1", "--edit", latin1.toString());
    assertThat(notUtf8.exit()).isEqualTo(2);
    assertThat(notUtf8.err()).contains("not UTF-8 text");
    assertThat(run("guidelines", "run-1", "--edit", file("blank.md", " \n").toString()).err()).contains("the guidelines text is empty");
    assertThat(run("guidelines", "run-1", "--show-version", "3").err()).contains("pair set 'run-1' has no guidelines version 3");
    assertThat(run("guidelines", "run-1", "--show", "--history").exit()).isEqualTo(2);
    assertThat(JSON.readTree(run("--json", "guidelines", "run-1").out()).get("version").isNull()).isTrue();
  }

  @Test
  void commentsAreAddedByTheReviewerAndListedNewestFirst() throws Exception {
    CliRunner.Result added = run("comment", "1", "Is 'provider' gendered here?");
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out()).isEqualTo("comment #1 on pair 1 by lead\n");
    Files.writeString(cli.paths().settingsFile(), "reviewer=bo\n");
    JsonNode second = JSON.readTree(run("--json", "comment", "1", "No: it names a role.\nKeep it.").out());
    assertThat(second.get("author").asText()).isEqualTo("bo");
    assertThat(second.get("id").asLong()).isEqualTo(2);

    JsonNode list = JSON.readTree(run("--json", "comments", "1").out());
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("text").asText()).isEqualTo("No: it names a role.\nKeep it.");
    assertThat(list.get(1).get("author").asText()).isEqualTo("lead");
    CliRunner.Result text = run("comments", "1", "--limit", "1");
    assertThat(text.out()).contains("  bo\n  No: it names a role.\n  Keep it.\n").doesNotContain("lead");
    assertThat(run("comments", "2").err()).isEqualTo("pair 2 has no comments\n");

    CliRunner.Result noPair = run("comment", "9", "x");
    assertThat(noPair.exit()).isEqualTo(2);
    assertThat(noPair.err()).isEqualTo("evenhand: no pair 9\n");
    assertThat(run("comment", "1", "  ").err()).isEqualTo("evenhand: the comment is empty\n");
    assertThat(run("comments", "9").exit()).isEqualTo(2);
    assertThat(JSON.readTree(run("--json", "comments", "1").out())).hasSize(2);
  }
}
