package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Genmo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stats} on a database holding only GenMO's imported pairs: the review queue is empty ("pairs": 0, which a
 * newcomer read as "nothing stored"), so the output also counts the imported pairs waiting for judgments, and prints no
 * empty "by environment" heading.
 */
class StatsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  @Test
  void importedPairsWithoutJudgmentsAreCountedBesideTheEmptyQueue() throws Exception {
    String db = home.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(home, Map.of());
    CliRunner.Result empty = cli.run("--db", db, "stats");
    assertThat(empty.exit()).as(empty.err()).isZero();
    assertThat(empty.out()).doesNotContain("review queue by environment").doesNotContain("without judgments").doesNotContain("pair sets (")
        .contains("no pair sets yet");
    CliRunner.Result imp = cli.run("--db", db, "import", "genmo", Genmo.fixture().toString());
    assertThat(imp.exit()).as(imp.err()).isZero();

    JsonNode stats = JSON.readTree(cli.run("--db", db, "stats", "--json").out());
    assertThat(stats.get("pairs").asLong()).as("the review queue").isZero();
    assertThat(stats.get("sets").get("genmo").asLong()).isEqualTo(24);
    assertThat(stats.get("awaiting_judgments").asLong()).isEqualTo(24);
    CliRunner.Result text = cli.run("--db", db, "stats");
    assertThat(text.out()).contains("pairs in the review queue: 0").contains("imported pairs without judgments").contains("): 24")
        .contains("--from-set").doesNotContain("review queue by environment");
  }
}
