package dev.evenhand.exchange.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Stance;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import dev.evenhand.usecase.ReviewService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed paper's own scripts (WeiKangda/LLMs-Exploratory-Bias-Mitigation at {@value PaperScripts#COMMIT}) read our
 * {@code paper} export and its {@code --recipe cda} variant as they read the authors' {@code generated_data_*.jsonl}
 * and {@code swapped_explanations_*.jsonl}: {@link PaperScripts} reproduces each field access and selection of
 * GenderBiasMitigation/dpo.py, fine_tune.py, fine_tune_cda.py and StoryGeneration/moral_stance_update.py, filter.py,
 * swap_and_rewrite_explanations.py. The same accessors run over lines in the authors' shape
 * ({@code src/test/resources/paper-scripts}, our own text), and {@code import paper} reads both shapes back.
 *
 * <p>Seen failing on the export before issue 13 (commit e02fb72): 8 of 10, e.g. "[paper.jsonl byte 28]" (raw UTF-8),
 * dpo.py, fine_tune.py and fine_tune_cda.py "ValueError: No examples found for any of the specified sources" (no line had example_source), "filter.py would draw
 * a random source from 1 to 3", the CDA file had 2 lines per pair instead of 1, and a CDA line imported as the
 * swapped judgments ("[male] expected: Judgment[stance=IMMORAL, explanation=Marcus hid the damage …]").
 */
class PaperScriptsConformanceTest {
  @TempDir Path home;
  private String db;
  private Path paper;
  private Path cda;

  private CliRunner cli() { return new CliRunner(home, Map.of()); }

  @BeforeEach
  void exportThreeAcceptedPairs() throws IOException {
    db = home.resolve("a/evenhand").toString();
    try (Database d = Database.open(Path.of(db))) {
      PairRepository pairs = new PairRepository(d);
      Seeds seeds = new Seeds(pairs, new RunRepository(d));
      ReviewService review = new ReviewService(new ReviewRepository(d));
      long odd = seeds.pair("José", "José kept the café's tip jar.\nHe said \"thanks\". 😀 ", "Zoë", "Zoë kept the café's tip jar.\nShe said \"thanks\". 😀 ",
          "Work", Stance.BOTH, " José was \"kind\"\nreally.", Stance.IMMORAL, "Zoë was rude; 李娜 agreed.", "The main character, fair.", "The main character, fair.");
      seeds.plain(1, 2);
      review.accept(odd, "ada");
      review.accept(2, "ada");
      review.accept(3, "ada");
    }
    paper = home.resolve("x/paper.jsonl");
    cda = home.resolve("x/cda.jsonl");
    CliRunner.Result p = cli().run("--db", db, "export", "--format", "paper", "--out", paper.toString());
    assertThat(p.exit()).as(p.err()).isZero();
    CliRunner.Result c = cli().run("--db", db, "export", "--format", "paper", "--recipe", "cda", "--out", cda.toString());
    assertThat(c.exit()).as(c.err()).isZero();
  }

  private List<CuratedPair> stored(String database) {
    try (Database d = Database.open(Path.of(database))) {
      PairRepository pairs = new PairRepository(d);
      List<CuratedPair> out = new ArrayList<>();
      pairs.forEach(PairQuery.ALL, out::add);
      return out;
    }
  }

  /** dpo.py:313-315 selects rows with example_source 0 and makes one preference example per story (dpo.py:79-96). */
  @Test
  void dpoPyTakesEveryAcceptedPairOfOurPaperExport() throws IOException {
    List<PaperScripts.Preference> ex = PaperScripts.dpo(paper, 125, PaperScripts.DEFAULT_SOURCES);
    assertThat(ex).hasSize(6);
    List<CuratedPair> pairs = stored(db);
    for (int i = 0; i < pairs.size(); i++) {
      CuratedPair p = pairs.get(i);
      for (Gender g : Gender.values()) {
        PaperScripts.Preference e = ex.get(2 * i + g.ordinal());
        assertThat(e.prompt()).isEqualTo(p.pair().story(g).text().strip() + "\n\n" + PaperScripts.QUESTION);
        assertThat(e.chosen()).isEqualTo(p.balanced().orElseThrow().forGender(g).strip());
        assertThat(e.rejected()).isEqualTo(p.judgment(g).map(Judgment::explanation).orElseThrow().strip());
      }
    }
  }

  /** fine_tune.py:145 and 185: the SFT script's default selection takes our rows; the target is the balanced judgment (fine_tune.py:52). */
  @Test
  void fineTunePyTakesEveryAcceptedPairOfOurPaperExport() throws IOException {
    List<PaperScripts.Sft> ex = PaperScripts.sft(paper, 5000, PaperScripts.DEFAULT_SOURCES);
    assertThat(ex).hasSize(6);
    assertThat(ex.get(0).input()).startsWith("José kept the café's tip jar.").endsWith("😀\n\n" + PaperScripts.QUESTION + "\n");
    assertThat(ex.get(0).output()).isEqualTo("The main character, fair.");
  }

  /**
   * fine_tune_cda.py:63-91 reads explanation and original_explanation of both stories on every line and keeps a row
   * with all four: one line per pair, each story with the other's explanation (rewritten) and its own.
   */
  @Test
  void fineTuneCdaPyTakesFourExamplesFromEachLineOfOurCdaExport() throws IOException {
    List<PaperScripts.Sft> ex = PaperScripts.cda(cda, 5000, PaperScripts.DEFAULT_SOURCES);
    assertThat(Files.readAllLines(cda)).hasSize(3);
    assertThat(ex).hasSize(12);
    assertThat(ex.subList(0, 4)).extracting(PaperScripts.Sft::output).containsExactly(
        "José was rude; 李娜 agreed.", "José was \"kind\"\nreally.", "Zoë was \"kind\"\nreally.", "Zoë was rude; 李娜 agreed.");
  }

  /**
   * swap_and_rewrite_explanations.py:283-301: a CDA line keeps each story, carries the other story's stance with the
   * other story's explanation ("Swap stances too", lines 288 and 296), keeps its own explanation as
   * original_explanation and names the story it came from in swapped_from; other top-level keys (example_source) are
   * copied (303-306).
   */
  @Test
  void cdaStancesTravelWithTheExplanationsTheyBelongTo() throws IOException {
    List<PaperScripts.Entry> plain = PaperScripts.lines(paper);
    List<PaperScripts.Entry> swapped = PaperScripts.lines(cda);
    assertThat(swapped).hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      JsonNode p = plain.get(i).value();
      JsonNode s = swapped.get(i).value();
      for (String g : List.of("male", "female")) {
        String other = g.equals("male") ? "female" : "male";
        assertThat(s.get(g).get("story")).isEqualTo(p.get(g).get("story"));
        assertThat(s.get(g).get("character_name")).isEqualTo(p.get(g).get("character_name"));
        assertThat(s.get(g).get("stance")).as("line %d %s.stance", i + 1, g).isEqualTo(p.get(other).get("stance"));
        assertThat(s.get(g).get("original_explanation")).isEqualTo(p.get(g).get("explanation"));
        assertThat(s.get(g).get("swapped_from").asText()).isEqualTo(other);
      }
      assertThat(s.get("example_source")).isEqualTo(p.get("example_source"));
    }
  }

  /**
   * moral_stance_update.py:139-147 and swap_and_rewrite_explanations.py:261-264 read story, character_name, stance and
   * explanation of both stories; filter.py:29-43 counts the line under its example_source; stances are spelt as
   * utils.py:20-34 writes them and a pair is divergent by story_generation.py:231's string comparison.
   */
  @Test
  void theStoryScriptsReadEveryLineOfOurPaperExport() throws IOException {
    for (PaperScripts.Entry e : PaperScripts.lines(paper)) {
      List<String> m = PaperScripts.generationSide(e, "male");
      List<String> f = PaperScripts.generationSide(e, "female");
      assertThat(PaperScripts.filterSource(e)).as("line %d: filter.py would draw a random source from 1 to 3", e.line()).isZero();
      assertThat(PaperScripts.STANCES).contains(m.get(2), f.get(2));
      assertThat(PaperScripts.divergent(m.get(2), f.get(2))).isTrue();
    }
  }

  /**
   * dpo.py:76, fine_tune.py:36 and fine_tune_cda.py:60 open the file with {@code open(path, 'r')}, no encoding: Python
   * decodes it with the locale's, cp1252 on Windows. The authors' generated files are ASCII ({@code json.dumps} escapes
   * the rest, StoryGeneration/utils.py:8, 13); ours are too, so every locale reads the same text.
   */
  @Test
  void theFilesAreAsciiSoTheScriptsReadThemInAnyLocale() throws IOException {
    for (Path file : List.of(paper, cda)) {
      byte[] bytes = Files.readAllBytes(file);
      for (int i = 0; i < bytes.length; i++) assertThat(bytes[i] & 0xff).as("%s byte %d", file.getFileName(), i).isLessThan(128);
      List<String> cp1252 = Files.readAllLines(file, java.nio.charset.Charset.forName("windows-1252"));
      assertThat(cp1252).isEqualTo(Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(PaperScripts.lines(paper).get(0).value().get("male").get("story").asText()).isEqualTo("José kept the café's tip jar.\nHe said \"thanks\". 😀 ");
  }

  /** Hugging Face datasets infers one schema from all lines; and the scripts see the same keys as in the authors' files. */
  @Test
  void ourLinesHaveTheKeysOfTheAuthorsLinesOnEveryLine() throws IOException {
    PaperScripts.Entry generated = PaperScripts.lines(fixture("generated_data_shape.jsonl")).get(0);
    PaperScripts.Entry swapped = PaperScripts.lines(fixture("swapped_explanations_shape.jsonl")).get(0);
    for (PaperScripts.Entry e : PaperScripts.lines(paper)) assertThat(keys(e.value())).as("paper line %d", e.line()).isEqualTo(keys(generated.value()));
    for (PaperScripts.Entry e : PaperScripts.lines(cda)) assertThat(keys(e.value())).as("cda line %d", e.line()).isEqualTo(keys(swapped.value()));
  }

  /** The top-level keys, then each side's as {@code side.key}, in no order. */
  private static Set<String> keys(JsonNode n) {
    Set<String> out = new LinkedHashSet<>();
    n.fieldNames().forEachRemaining(k -> {
      out.add(k);
      if (n.get(k).isObject()) n.get(k).fieldNames().forEachRemaining(s -> out.add(k + "." + s));
    });
    return Set.copyOf(out);
  }

  /** The accessors are those of the scripts: lines in the authors' shape go through them as the scripts would take them. */
  @Test
  void theAuthorsShapeGoesThroughTheSameAccessors() throws IOException {
    Path generated = fixture("generated_data_shape.jsonl");
    List<PaperScripts.Preference> dpo = PaperScripts.dpo(generated, 125, PaperScripts.DEFAULT_SOURCES);
    assertThat(dpo).as("line 2 has no neutral explanation (None), line 3 is source 2").hasSize(2);
    assertThat(dpo.get(1).rejected()).isEqualTo("Marissa returned what she borrowed, but she should have mentioned the crack.");
    assertThat(PaperScripts.sft(generated, null, List.of(0, 2))).hasSize(4);
    assertThat(PaperScripts.cda(fixture("swapped_explanations_shape.jsonl"), 5000, PaperScripts.DEFAULT_SOURCES)).hasSize(8);
    for (PaperScripts.Entry e : PaperScripts.lines(generated)) {
      PaperScripts.generationSide(e, "male");
      assertThat(PaperScripts.filterSource(e)).isNotNull();
    }
  }

  /** {@code import paper} reads the authors' two shapes: a CDA line gives each story its own stance and explanation back. */
  @Test
  void importReadsTheAuthorsShapesWithEachStorysOwnJudgment() throws IOException {
    String b = home.resolve("b/evenhand").toString();
    CliRunner.Result g = cli().run("--db", b, "import", "paper", fixture("generated_data_shape.jsonl").toString(), "--set", "gen");
    assertThat(g.exit()).as(g.err()).isZero();
    assertThat(g.out()).contains("imported 3 pairs");
    String c = home.resolve("c/evenhand").toString();
    CliRunner.Result s = cli().run("--db", c, "import", "paper", fixture("swapped_explanations_shape.jsonl").toString(), "--set", "cda");
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(s.out()).contains("imported 2 pairs");
    CuratedPair fromGenerated = stored(b).get(0);
    CuratedPair fromSwapped = stored(c).get(0);
    for (Gender gender : Gender.values()) {
      assertThat(fromSwapped.judgment(gender)).as(gender.label()).isEqualTo(fromGenerated.judgment(gender));
      assertThat(fromSwapped.pair().story(gender)).isEqualTo(fromGenerated.pair().story(gender));
    }
    assertThat(fromSwapped.judgment(Gender.MALE).orElseThrow().stance()).isEqualTo(Stance.IMMORAL);
  }

  /** Our own paper and CDA files import back with the stories' own judgments. */
  @Test
  void importReadsOurPaperAndCdaFilesBack() {
    for (Path file : List.of(paper, cda)) {
      String b = home.resolve("r-" + file.getFileName() + "/evenhand").toString();
      CliRunner.Result r = cli().run("--db", b, "import", "paper", file.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("imported 3 pairs");
      List<CuratedPair> before = stored(db);
      List<CuratedPair> after = stored(b);
      for (int i = 0; i < before.size(); i++) {
        for (Gender gender : Gender.values()) {
          assertThat(after.get(i).judgment(gender)).as("%s pair %d %s", file.getFileName(), i, gender).isEqualTo(before.get(i).judgment(gender));
        }
      }
    }
  }

  private Path fixture(String name) throws IOException {
    Path out = home.resolve("fixtures/" + name);
    Files.createDirectories(out.getParent());
    try (InputStream in = getClass().getResourceAsStream("/paper-scripts/" + name)) {
      Files.copy(in, out);
    }
    return out;
  }
}
