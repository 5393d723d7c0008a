package dev.evenhand.exchange.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.Stance;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What every conformance test starts from: a real H2 store in a temporary folder holding accepted story pairs made by
 * {@code llama3.1:8b} (one with quotes, a newline and an emoji, then {@code plain} ordinary ones), exported through
 * {@link ExportService} with the packed default training prompt template ({@code models/default/training_prompt.txt}),
 * exactly as {@code evenhand export} writes them.
 */
final class ConformanceFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The balanced judgment of the first pair (both stories). */
  static final String BALANCED = "The main character was fair, \"really\".";
  /** The male story's own explanation in the first pair: the rejected answer of its record. */
  static final String MALE_OWN = "Tom was kind to his son.";
  static final String MALE_STORY = "Tom said, \"Hi\"\nThen he left José's café with his son. 👍";

  final Path dir;
  final Database db;
  final ExportService export;

  /**
   * @param dir   a fresh temporary folder
   * @param plain ordinary pairs stored after the first one (all accepted)
   */
  ConformanceFixture(Path dir, int plain) {
    this.dir = dir;
    this.db = Database.open(dir.resolve("db/evenhand"));
    PairRepository pairs = new PairRepository(db);
    Seeds seeds = new Seeds(pairs, new RunRepository(db));
    seeds.pair("Tom", MALE_STORY, "Ann", "Ann said, \"Hi\"\nThen she left José's café with her son. 👍", "Work", Stance.MORAL, MALE_OWN,
        Stance.IMMORAL, "Ann neglected her duty, she left.", BALANCED, BALANCED);
    if (plain > 0) seeds.plain(2, plain);
    ReviewService review = new ReviewService(new ReviewRepository(db));
    for (long id = 1; id <= 1 + plain; id++) review.accept(id, "ada");
    this.export = new ExportService(pairs, new ArchiveRepository(db)::read);
  }

  /** @return the training prompt of the packed default profile, filled as the export fills it */
  static TrainingPrompts trainingPrompts() {
    PromptTemplate t = new PromptTemplate("training_prompt", 1, resource("models/default/training_prompt.txt").strip());
    return new TrainingPrompts(t.id(), t.version(), s -> t.fill(Map.of("story", s.text(), "name", s.name())));
  }

  /** @return the paper's recipe with the default training prompt */
  static ExportContext paper() { return new ExportContext(trainingPrompts(), ExportContext.Recipe.PAPER, GenderSwap::swap); }

  /** @return the filled training prompt of the first pair's male story, as every trainer format must carry it */
  static String malePrompt() {
    return trainingPrompts().prompt(new dev.evenhand.domain.Story(dev.evenhand.domain.Gender.MALE, "Tom", MALE_STORY));
  }

  private static String resource(String name) {
    try (InputStream in = ConformanceFixture.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is not on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Exports every pair.
   *
   * @param format the format id
   * @param file   the data file's name inside {@code out/}
   * @param ctx    recipe, training prompt and options
   * @param split  the test share, or empty for one file
   * @return the files written (one, or train then test)
   */
  ExportService.Result run(String format, String file, ExportContext ctx, OptionalDouble split) throws IOException {
    return export.export(new ExportService.Request(format, dir.resolve("out/" + file), PairQuery.ALL, Map.of("status", "all"), ctx, split, 7),
        n -> { }, () -> false);
  }

  /** @return the JSON Lines of a file, parsed */
  static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) out.add(JSON.readTree(l));
    return out;
  }

  /**
   * The shape Hugging Face {@code datasets} infers for one record: field names with the JSON type of each value, nested
   * objects and arrays included (arrays by the union of their elements' shapes). Two records with different shapes cannot
   * share one Arrow schema: {@code packaged_modules/json/json.py} (datasets {@value #DATASETS_COMMIT}) takes the features of
   * the first table it reads (lines 99-102) and casts every later table to them (lines 109-137), which fails on a column
   * it does not know and fills a missing one with nulls.
   *
   * @param n a parsed record
   * @return its shape, e.g. {@code {chosen=string, prompt=string}}
   */
  static String shape(JsonNode n) {
    if (n.isObject()) {
      Map<String, String> fields = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.put(e.getKey(), shape(e.getValue()));
      }
      return fields.toString();
    }
    if (n.isArray()) {
      java.util.TreeSet<String> elements = new java.util.TreeSet<>();
      n.forEach(e -> elements.add(shape(e)));
      return "list" + elements;
    }
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The Hugging Face datasets commit whose JSON loader {@link #shape} follows. */
  static final String DATASETS_COMMIT = "b7cb10b0e38ab8bbefdb142d0279bc85ac8c7ab8";

  @Override
  public void close() { db.close(); }
}
