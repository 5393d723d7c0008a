package dev.evenhand.exchange.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed paper's training scripts' reading of a data file, in Java, field access by field access
 * (WeiKangda/LLMs-Exploratory-Bias-Mitigation at {@value #COMMIT}). Python's {@code d[k]} is {@link #item}
 * (a missing key stops the script with a {@code KeyError}, here an {@link AssertionError} naming the line),
 * {@code d.get(k)} is {@link #get}, {@code if not x} is {@link #falsy}, {@code str.strip()} is
 * {@link String#strip()}. Each method names the lines it follows.
 */
final class PaperScripts {
  /** The commit of the paper's repository these reproductions follow. */
  static final String COMMIT = "a19f209170298512580982d2582354f02362f458";
  /** Where the scripts live in that repository. */
  static final String DPO = "GenderBiasMitigation/dpo.py", SFT = "GenderBiasMitigation/fine_tune.py", CDA = "GenderBiasMitigation/fine_tune_cda.py",
      SWAP = "StoryGeneration/swap_and_rewrite_explanations.py", UPDATE = "StoryGeneration/moral_stance_update.py", FILTER = "StoryGeneration/filter.py",
      UTILS = "StoryGeneration/utils.py";
  /**
   * The sources every script selects by default: dpo.py:314 ({@code example_source = [0]}), fine_tune.py:145 and
   * fine_tune_cda.py:195 ({@code --example_source} default {@code [0]}); 0 is the zero-shot story prompt (story_generation.py:147-151, 183).
   */
  static final List<Integer> DEFAULT_SOURCES = List.of(0);
  /** The question the training scripts put after the story (dpo.py:71, fine_tune.py:48-51, fine_tune_cda.py:74-77). */
  static final String QUESTION = "Explain whether this action is moral or immoral, and why.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PaperScripts() {}

  /** A line of a data file as {@code json.loads(line)} reads it, with its number for messages. */
  record Entry(long line, JsonNode value) {}

  /** {@code for line in f: entry = json.loads(line)} (dpo.py:76-78, fine_tune.py:36-38, fine_tune_cda.py:60-62): every line, none skipped. */
  static List<Entry> lines(Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    long n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) out.add(new Entry(++n, JSON.readTree(line)));
    return out;
  }

  /** Python's {@code d[key]}: a missing key is a KeyError that stops the script. */
  static JsonNode item(Entry e, JsonNode d, String key, String where) {
    JsonNode v = d.get(key);
    if (v == null) throw new AssertionError("line " + e.line() + ": KeyError: '" + key + "' at " + where + " @ " + COMMIT.substring(0, 7));
    return v;
  }

  /** Python's {@code d.get(key)}: None (null here) when missing. */
  static JsonNode get(JsonNode d, String key) {
    JsonNode v = d.get(key);
    return v == null || v.isNull() ? null : v;
  }

  /** Python's {@code not x} for the values these files hold: None, "" and 0 are false. */
  static boolean falsy(JsonNode v) {
    return v == null || v.isNull() || v.isTextual() && v.asText().isEmpty() || v.isNumber() && v.doubleValue() == 0 || v.isBoolean() && !v.booleanValue();
  }

  /** {@code source in example_source} for a list of ints: a JSON number equal to one of them (Python: 0 == 0.0); a string never is. */
  static Integer selected(JsonNode source, List<Integer> sources) {
    if (source == null || !source.isNumber()) return null;
    for (int s : sources) if (source.doubleValue() == s) return s;
    return null;
  }

  /** A text as the script reads it: {@code .strip()} needs a str (an AttributeError otherwise). */
  static String text(Entry e, JsonNode v, String where) {
    if (v == null || !v.isTextual()) throw new AssertionError("line " + e.line() + ": AttributeError: no strip() on " + v + " at " + where);
    return v.asText();
  }

  /** A DPO example of dpo.py:90-94. */
  record Preference(String prompt, String chosen, String rejected) {}

  /** An SFT example of fine_tune.py:53 and fine_tune_cda.py:79, 88. */
  record Sft(String input, String output) {}

  /**
   * dpo.py:59-125 {@code load_dpo_dataset(path, max_examples, example_source)}, called at dpo.py:313-315 with
   * {@code example_source = [0]}: rows whose {@code entry.get('example_source')} is selected (line 79-80); per gender
   * {@code entry[gender]}, {@code data["story"]}, {@code data['neutral_explanation']} (skipped when falsy, 86-87) and
   * {@code data['explanation']}; a row counts only with both genders (95); {@code max_examples // len(sources)} rows
   * per source (108-112); no row at all is a ValueError (104-105).
   */
  static List<Preference> dpo(Path file, Integer maxExamples, List<Integer> sources) throws IOException {
    Map<Integer, List<List<Preference>>> bySource = new LinkedHashMap<>();
    for (int s : sources) bySource.put(s, new ArrayList<>());
    for (Entry e : lines(file)) {
      Integer s = selected(get(e.value(), "example_source"), sources);
      if (s == null) continue;
      List<Preference> row = new ArrayList<>();
      for (String gender : List.of("male", "female")) {
        JsonNode data = item(e, e.value(), gender, DPO + ":83");
        String prompt = text(e, item(e, data, "story", DPO + ":84"), DPO + ":84").strip() + "\n\n" + QUESTION;
        JsonNode neutral = item(e, data, "neutral_explanation", DPO + ":85");
        if (falsy(neutral)) continue;
        row.add(new Preference(prompt, text(e, neutral, DPO + ":88").strip(), text(e, item(e, data, "explanation", DPO + ":89"), DPO + ":89").strip()));
      }
      if (row.size() == 2) bySource.get(s).add(row);
    }
    return perSource(bySource, maxExamples, DPO);
  }

  /**
   * fine_tune.py:21-84 {@code load_and_preprocess} with the default {@code --example_source [0]} (145): as
   * {@link #dpo} but each gender gives {@code {"input": story.strip() + "\n\n" + question + "\n", "output": neutral.strip()}} (48-53).
   */
  static List<Sft> sft(Path file, Integer maxExamples, List<Integer> sources) throws IOException {
    Map<Integer, List<List<Sft>>> bySource = new LinkedHashMap<>();
    for (int s : sources) bySource.put(s, new ArrayList<>());
    for (Entry e : lines(file)) {
      Integer s = selected(get(e.value(), "example_source"), sources);
      if (s == null) continue;
      List<Sft> row = new ArrayList<>();
      for (String gender : List.of("male", "female")) {
        JsonNode data = item(e, e.value(), gender, SFT + ":43");
        String story = text(e, item(e, data, "story", SFT + ":44"), SFT + ":44");
        JsonNode neutral = item(e, data, "neutral_explanation", SFT + ":45");
        if (falsy(neutral)) continue;
        row.add(new Sft(story.strip() + "\n\n" + QUESTION + "\n", text(e, neutral, SFT + ":52").strip()));
      }
      if (row.size() == 2) bySource.get(s).add(row);
    }
    return perSource(bySource, maxExamples, SFT);
  }

  /**
   * fine_tune_cda.py:45-120 {@code load_and_preprocess} with the default {@code --example_source [0]} (195): per
   * gender {@code data['explanation']} (the swapped explanation, 69) and {@code data['original_explanation']} (70),
   * both read with {@code []} on every line; each truthy one is an example (73-88); a row counts only with all
   * four (90).
   */
  static List<Sft> cda(Path file, Integer maxExamples, List<Integer> sources) throws IOException {
    Map<Integer, List<List<Sft>>> bySource = new LinkedHashMap<>();
    for (int s : sources) bySource.put(s, new ArrayList<>());
    for (Entry e : lines(file)) {
      Integer s = selected(get(e.value(), "example_source"), sources);
      if (s == null) continue;
      List<Sft> row = new ArrayList<>();
      for (String gender : List.of("male", "female")) {
        JsonNode data = item(e, e.value(), gender, CDA + ":67");
        String story = text(e, item(e, data, "story", CDA + ":68"), CDA + ":68");
        JsonNode current = item(e, data, "explanation", CDA + ":69");
        JsonNode original = item(e, data, "original_explanation", CDA + ":70");
        if (!falsy(current)) row.add(new Sft(story.strip() + "\n\n" + QUESTION + "\n", text(e, current, CDA + ":78").strip()));
        if (!falsy(original)) row.add(new Sft(story.strip() + "\n\n" + QUESTION + "\n", text(e, original, CDA + ":87").strip()));
      }
      if (row.size() == 4) bySource.get(s).add(row);
    }
    return perSource(bySource, maxExamples, CDA);
  }

  /** dpo.py:98-121 (fine_tune.py:57-80, fine_tune_cda.py:93-116 alike): drop empty sources, a ValueError when all are; take rows per source. */
  private static <T> List<T> perSource(Map<Integer, List<List<T>>> bySource, Integer maxExamples, String script) {
    List<Integer> kept = bySource.entrySet().stream().filter(en -> !en.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    if (kept.isEmpty()) throw new AssertionError("ValueError: No examples found for any of the specified sources (" + script + ")");
    int rows = maxExamples != null ? maxExamples / kept.size() : kept.stream().mapToInt(s -> bySource.get(s).size()).min().orElse(0);
    List<T> out = new ArrayList<>();
    for (int s : kept) bySource.get(s).stream().limit(rows).forEach(out::addAll);
    return out;
  }

  /**
   * The per-side fields moral_stance_update.py:139-147 reads with {@code []} from each line of its input (a
   * generated, filtered file) and that swap_and_rewrite_explanations.py:261-264, 287-288 reads from a
   * {@code generated_data} line: story, character_name, stance, explanation.
   *
   * @return the side's values in that order
   */
  static List<String> generationSide(Entry e, String gender) {
    JsonNode side = item(e, e.value(), gender, UPDATE + ":139");
    List<String> out = new ArrayList<>();
    for (String k : List.of("story", "character_name", "stance", "explanation")) out.add(text(e, item(e, side, k, UPDATE + ":139-147"), UPDATE));
    return out;
  }

  /**
   * filter.py:29-43: a line without {@code example_source} gets a random source from 1 to 3 (so the default
   * selection [0] would drop it); with one, {@code source_stats[pair["example_source"]]} must be a key of
   * {@code {0: 0, 1: 0, 2: 0, 3: 0}} (a KeyError otherwise).
   *
   * @return the source the filter counts the line under, or null when it would draw a random one
   */
  static Integer filterSource(Entry e) {
    JsonNode s = e.value().get("example_source");
    if (s == null) return null;
    Integer key = selected(s, List.of(0, 1, 2, 3));
    if (key == null) throw new AssertionError("line " + e.line() + ": KeyError: " + s + " in source_stats at " + FILTER + ":43");
    return key;
  }

  /** utils.py:20-34 {@code get_stance}: the only stances a generated line holds besides the discarded "INVALID". */
  static final List<String> STANCES = List.of("Moral", "Immoral", "Both");

  /** story_generation.py:231: a pair is kept when the two stances differ as strings and neither is "INVALID". */
  static boolean divergent(String male, String female) {
    return !male.equals(female) && !male.equals("INVALID") && !female.equals("INVALID");
  }
}
