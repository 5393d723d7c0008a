package dev.evenhand.exchange.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.exchange.TrainingPrompts;
import dev.evenhand.method.GenderSwap;
import dev.evenhand.store.ArchiveRepository;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.Seeds;
import dev.evenhand.usecase.ReviewService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JSONL export writes the same keys, with the same JSON types, on every line and in both files of a split, as
 * Hugging Face {@code datasets} needs to load it ({@value HfDataFiles#COMMIT}, src/datasets/packaged_modules/json/json.py:
 * {@code Json._split_generators} infers the features from the first table of the first file of the first split, and
 * {@code _cast_table} casts every later table, of every split, to them: a column the first table lacks cannot be cast,
 * and a nested struct with a field more or less is another type). Null stands for any type. One test per format and
 * recipe, over pairs of every kind a store holds: accepted, accepted after edits, accepted with a neutrality override
 * (kept with {@code --include-gendered}), with a train/test split.
 */
class JsonlSchemaTest {
  /** The {@code datasets} commit this test follows. */
  static final String DATASETS_COMMIT = HfDataFiles.COMMIT;
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private Database db;
  private ExportService export;

  @BeforeEach
  void seed() {
    db = Database.open(dir.resolve("db/evenhand"));
    PairRepository pairs = new PairRepository(db);
    Seeds seeds = new Seeds(pairs, new RunRepository(db));
    seeds.plain(1, 10);
    long flagged = seeds.flaggedCarAndBike();
    ReviewRepository reviews = new ReviewRepository(db);
    ReviewService review = new ReviewService(reviews);
    for (long id = 1; id <= 9; id++) review.accept(id, "ada");
    review.acceptEdited(10, "ada", new BalancedJudgment("The main character kept it; the need was real.", "The main character kept it; the need was real."));
    review.accept(flagged, "ada", true);
    export = new ExportService(pairs, new ArchiveRepository(db)::read, reviews::acceptedWithOverride);
  }

  @AfterEach
  void close() { db.close(); }

  /** Exports with a split and checks every line of both files against the first line's structure. */
  private void sameKeysOnEveryLine(String format, ExportContext.Recipe recipe) throws Exception {
    ExportContext ctx = new ExportContext(new TrainingPrompts("training_prompt", 1, s -> s.text() + "\n\nIs what " + s.name() + " did moral or immoral?"),
        recipe, GenderSwap::swap);
    ExportService.Result r = export.export(new ExportService.Request(format, dir.resolve("out/" + format + ".jsonl"), PairQuery.ALL, Map.of(), ctx,
        OptionalDouble.of(0.3), 5, true), n -> { }, () -> false);
    List<String> lines = new ArrayList<>();
    for (ExportService.FileResult f : r.files()) lines.addAll(Files.readAllLines(f.file()));
    assertThat(lines).as("both files hold records").hasSizeGreaterThan(r.files().size());
    TreeMap<String, String> first = null;
    for (int i = 0; i < lines.size(); i++) {
      TreeMap<String, String> shape = shape(JSON.readTree(lines.get(i)), "$", new TreeMap<>());
      if (first == null) first = shape;
      TreeMap<String, String> differ = new TreeMap<>();
      for (String k : new java.util.TreeSet<>(java.util.stream.Stream.concat(first.keySet().stream(), shape.keySet().stream()).toList())) {
        String a = first.get(k), b = shape.get(k);
        boolean missing = (a == null && !underEmptyArray(k, first)) || (b == null && !underEmptyArray(k, shape));
        if (missing || (a != null && b != null && !(a.equals(b) || a.equals("null") || b.equals("null")))) differ.put(k, a + " -> " + b);
      }
      assertThat(differ).as("%s (%s): record %d against the first (schema inference takes the first)", format, recipe, i + 1).isEmpty();
    }
  }

  /**
   * @return each key path's JSON type (objects give their keys; every element of an array shares one path);
   *     a null value gives no type, and a path whose value is null everywhere still names its key
   */
  static TreeMap<String, String> shape(JsonNode n, String path, TreeMap<String, String> out) {
    if (n.isObject()) {
      out.merge(path, "object", JsonlSchemaTest::sameType);
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        shape(e.getValue(), path + "." + e.getKey(), out);
      }
    } else if (n.isArray()) {
      out.merge(path, "array", JsonlSchemaTest::sameType);
      for (JsonNode e : n) shape(e, path + "[]", out);
    } else if (n.isNull()) {
      out.putIfAbsent(path, "null");
    } else {
      out.merge(path, n.getNodeType().name().toLowerCase(java.util.Locale.ROOT), JsonlSchemaTest::sameType);
    }
    return out;
  }

  /**
   * Whether a key path missing from a record lies inside an array that record has empty (e.g. {@code $.history[].override[]}
   * when no history row has an override). pyarrow's JSON reader, which {@code datasets} uses (packaged_modules/json/json.py
   * @ b7cb10b), infers an empty list's element type as null and unifies it with the struct a later line of the same block
   * gives. Across blocks it does not: {@code datasets} casts every later table to the first table's features, so a file
   * larger than one read block whose first block never fills such an array fails to load; the docs say so for evenhand.
   */
  private static boolean underEmptyArray(String key, TreeMap<String, String> shape) {
    for (int i = key.indexOf("[]"); i >= 0; i = key.indexOf("[]", i + 2)) {
      String array = key.substring(0, i);
      if ("array".equals(shape.get(array)) && !shape.containsKey(array + "[]")) return true;
    }
    return false;
  }

  /** Two elements of one array (or a null and a value) must agree; a clash is kept visible in the shape. */
  private static String sameType(String a, String b) { return a.equals("null") ? b : b.equals("null") || a.equals(b) ? a : a + "|" + b; }

  @Test void trlDpo() throws Exception { sameKeysOnEveryLine("trl-dpo", ExportContext.Recipe.PAPER); }
  @Test void trlDpoChat() throws Exception { sameKeysOnEveryLine("trl-dpo-chat", ExportContext.Recipe.PAPER); }
  @Test void trlSft() throws Exception { sameKeysOnEveryLine("trl-sft", ExportContext.Recipe.PAPER); }
  @Test void trlSftCda() throws Exception { sameKeysOnEveryLine("trl-sft", ExportContext.Recipe.CDA); }
  @Test void trlSftChat() throws Exception { sameKeysOnEveryLine("trl-sft-chat", ExportContext.Recipe.PAPER); }
  @Test void trlSftChatCda() throws Exception { sameKeysOnEveryLine("trl-sft-chat", ExportContext.Recipe.CDA); }
  @Test void openAiDpo() throws Exception { sameKeysOnEveryLine("openai-dpo", ExportContext.Recipe.PAPER); }
  @Test void axolotlDpo() throws Exception { sameKeysOnEveryLine("axolotl-dpo", ExportContext.Recipe.PAPER); }
  @Test void paper() throws Exception { sameKeysOnEveryLine("paper", ExportContext.Recipe.PAPER); }
  @Test void paperCda() throws Exception { sameKeysOnEveryLine("paper", ExportContext.Recipe.CDA); }
  @Test void evenhand() throws Exception { sameKeysOnEveryLine("evenhand", ExportContext.Recipe.PAPER); }

  @Test
  void everyJsonlFormatIsCoveredHere() {
    List<String> covered = List.of("trl-dpo", "trl-dpo-chat", "trl-sft", "trl-sft-chat", "openai-dpo", "axolotl-dpo", "paper", "evenhand");
    assertThat(export.formatIds().stream().filter(id -> export.format(id).extension().equals("jsonl")).toList())
        .as("a new JSONL format needs its test above").containsExactlyInAnyOrderElementsOf(covered);
  }
}
