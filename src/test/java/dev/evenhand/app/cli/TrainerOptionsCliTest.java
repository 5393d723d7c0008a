package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.Stance;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import dev.evenhand.usecase.ReviewService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer formats' layout options through the real CLI (issue 13): {@code --answer-separator} for trl-dpo / trl-sft,
 * {@code --axolotl-type} for axolotl-dpo, {@code llama-factory-sft}; a value outside the list is bad usage (exit 2).
 */
class TrainerOptionsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NEUTRAL = "The main character weighed need against honesty; their choice was understandable.";
  @TempDir Path home;
  private String db;
  private CliRunner cli;

  @BeforeEach
  void seed() {
    db = home.resolve("db/evenhand").toString();
    try (Database d = Database.open(Path.of(db))) {
      long id = new Seeds(new PairRepository(d), new RunRepository(d)).pair("Tom", "Tom kept the wallet.", "Ann", "Ann kept the wallet.", "Work",
          Stance.MORAL, "He needed it.", Stance.IMMORAL, "She stole it.", NEUTRAL, NEUTRAL);
      new ReviewService(new ReviewRepository(d)).accept(id, "ada");
    }
    cli = new CliRunner(home, Map.of());
  }

  @Test
  void theSeparatorAndTheAxolotlTypeAskedForAreWrittenAndBadValuesAreRefused() throws Exception {
    Path sft = home.resolve("out/sft.jsonl");
    CliRunner.Result r = cli.run("--db", db, "export", "--format", "trl-sft", "--out", sft.toString(), "--answer-separator", "newline");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode first = JSON.readTree(Files.readAllLines(sft).get(0));
    assertThat(first.get("prompt").asText()).endsWith("Explain why.\n");
    assertThat(first.get("completion").asText()).isEqualTo(NEUTRAL);

    Path dpo = home.resolve("out/dpo.jsonl");
    r = cli.run("--db", db, "export", "--format", "axolotl-dpo", "--out", dpo.toString(), "--axolotl-type", "chatml.prompt_pairs");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(JSON.readTree(home.resolve("out/.manifests/dpo.jsonl.manifest.json").toFile()).get("axolotl_config").asText()).contains("type: chatml.prompt_pairs");

    Path lf = home.resolve("out/sft.json");
    r = cli.run("--db", db, "export", "--format", "llama-factory-sft", "--out", lf.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(JSON.readTree(lf.toFile()).get(0).get("output").asText()).isEqualTo(NEUTRAL);

    CliRunner.Result bad = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", dpo.toString(), "--answer-separator", "tab");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--answer-separator: space or newline");
    bad = cli.run("--db", db, "export", "--format", "axolotl-dpo", "--out", dpo.toString(), "--axolotl-type", "chatml");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--axolotl-type").contains("llama3.prompt_pairs");
    // an option a format does not use is refused, not silently ignored
    bad = cli.run("--db", db, "export", "--format", "openai-dpo", "--out", dpo.toString(), "--answer-separator", "newline");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--answer-separator: only for trl-dpo and trl-sft").contains("openai-dpo does not use it");
    bad = cli.run("--db", db, "export", "--format", "trl-dpo", "--out", dpo.toString(), "--axolotl-type", "llama3.prompt_pairs");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--axolotl-type: only for axolotl-dpo");
  }
}
