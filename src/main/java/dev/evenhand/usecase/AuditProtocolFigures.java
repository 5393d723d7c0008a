package dev.evenhand.usecase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evenhand.domain.AuditProtocol;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.NoiseFloor;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.AuditRepository.AuditRun;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of issue 14 that go beside every audit's metrics: the protocol and every decoding option of the
 * run, the noise floor of each model ({@link NoiseFloor}, from the K samples per story), and the per-environment
 * mismatch rates with the paper's exact labels ({@link BiasMetrics#exactLabels}) with the pairs they drop.
 */
public final class AuditProtocolFigures {
  private final AuditRepository audits;
  private final ObjectMapper json = new ObjectMapper();

  /** @param audits audit runs and answers */
  public AuditProtocolFigures(AuditRepository audits) { this.audits = audits; }

  /**
   * One model's figures.
   *
   * @param noise           the noise floor over all samples
   * @param exact           per-environment rates with the exact labels (sample 0, as the headline metrics)
   * @param unlabelledPairs pairs whose label as imported is not recorded (imported before V11, or generated): their
   *                        stored label stands in for it
   */
  public record ModelFigures(NoiseFloor.Result noise, BiasMetrics.ExactLabels exact, int unlabelledPairs) {}

  /**
   * @param run the run
   * @return per model tag, in the run's order
   */
  public Map<String, ModelFigures> of(AuditRun run) {
    Map<Long, AuditRepository.SourceLabel> labels = new HashMap<>();
    for (AuditRepository.SourceLabel l : audits.sourceLabels(run)) labels.put(l.pairId(), l);
    Map<String, List<BiasMetrics.PairJudgments>> exact = new LinkedHashMap<>();
    Map<String, int[]> unlabelled = new HashMap<>();
    for (String m : run.models()) exact.put(m, new ArrayList<>());
    for (AuditRepository.Row r : audits.rows(run.id())) {
      AuditRepository.SourceLabel l = labels.get(r.pairId());
      String label = l == null || l.source() == null ? r.environment() : l.source();
      if (l == null || l.source() == null) unlabelled.computeIfAbsent(r.model(), k -> new int[1])[0]++;
      exact.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(new BiasMetrics.PairJudgments(label, r.male(), r.female()));
    }
    Map<String, Map<Long, List<List<Stance>>>> samples = new LinkedHashMap<>();
    for (AuditRepository.SampleAnswer a : audits.sampleAnswers(run.id())) {
      List<List<Stance>> both = samples.computeIfAbsent(a.model(), k -> new LinkedHashMap<>())
          .computeIfAbsent(a.pairId(), k -> List.of(new ArrayList<>(), new ArrayList<>()));
      both.get(a.gender() == Gender.MALE ? 0 : 1).add(a.stance());
    }
    Map<String, ModelFigures> out = new LinkedHashMap<>();
    Map<String, AuditDecoding> decoding = AuditDecoding.parse(run.decoding());
    for (String m : exact.keySet()) {
      // a greedy model's samples of a story are one answer repeated: counted as independent draws they would give a
      // narrow interval and a "significant" gender effect from a single pair (the break pass of issue 14); its noise
      // floor keeps only the first sample, so nothing that needs two draws is estimated
      boolean greedy = decoding.containsKey(m) && !decoding.get(m).options().sampling();
      List<NoiseFloor.PairSamples> pairs = new ArrayList<>();
      samples.getOrDefault(m, Map.of()).values().forEach(b -> pairs.add(greedy
          ? new NoiseFloor.PairSamples(b.get(0).subList(0, Math.min(1, b.get(0).size())), b.get(1).subList(0, Math.min(1, b.get(1).size())))
          : new NoiseFloor.PairSamples(b.get(0), b.get(1))));
      out.put(m, new ModelFigures(NoiseFloor.of(pairs), BiasMetrics.exactLabels(exact.get(m)), unlabelled.getOrDefault(m, new int[1])[0]));
    }
    return out;
  }

  /**
   * @param run the run
   * @return one line naming the protocol, the samples and each model's decoding, e.g. {@code protocol paper, 1 sample per
   *     story; llama3.1:8b: temperature 0.6, top_p 0.9, top_k 50, ...}
   */
  public static String describe(AuditRun run) {
    StringBuilder sb = new StringBuilder("protocol " + run.protocol().id() + ", " + run.samples() + " sample" + (run.samples() == 1 ? "" : "s")
        + " per story");
    Map<String, AuditDecoding> d = AuditDecoding.parse(run.decoding());
    if (d.isEmpty()) return sb.append("; decoding: the profile's audit options (not recorded on runs before V11; see each call)").toString();
    d.forEach((m, x) -> {
      sb.append("; ").append(m).append(": ");
      List<String> parts = new ArrayList<>();
      x.options().asMap().forEach((k, v) -> parts.add(k + " " + v));
      sb.append(String.join(", ", parts)).append(x.options().sampling() ? " (sampling)" : " (greedy)");
    });
    return sb.toString();
  }

  /**
   * @param run the run
   * @return the protocol block of metrics.json: {@code {"name", "samples", "reader", "question", "decoding": {model: {...}},
   *     "seeds", "samples_note"}}
   */
  public ObjectNode protocolNode(AuditRun run) {
    ObjectNode p = json.createObjectNode();
    p.put("name", run.protocol().id());
    p.put("samples", run.samples());
    boolean paper = run.protocol() == AuditProtocol.PAPER;
    p.put("reader", paper ? "strict STANCE line (dev.evenhand.llm.StanceLineReader): anything else is INVALID, never a substring guess"
        : "structured output (a JSON schema in Ollama's format), validated; plain-text fallback reads an explicit answer line only");
    p.put("question", paper ? "GenMO evaluate_genmo.py: the story, then a question naming no one with the four choices (template audit_paper)"
        : "Evenhand's audit question naming the protagonist, four choices (template audit)");
    ObjectNode dec = p.putObject("decoding");
    Map<String, AuditDecoding> d = AuditDecoding.parse(run.decoding());
    d.forEach((m, x) -> dec.set(m, json.valueToTree(x.asMap())));
    p.put("seeds", paper ? "sampling: seed + 1000 x pair id + 2 x sample + (1 for the female story); greedy: the seed"
        : "the seed for sample 0, seed + sample for the others (sampling only)");
    boolean greedy = !d.isEmpty() && d.values().stream().noneMatch(x -> x.options().sampling());
    if (run.samples() > 1 && greedy) p.put("samples_note", "every model decodes greedily: the samples of a story are the same answer, so more "
        + "than one sample per story adds nothing");
    return p;
  }

  /**
   * Writes {@code judgments-samples.csv} when the run asked each story more than once: one row per answer,
   * {@code pair_id,environment,model,gender,sample,stance} (sample 0 is the answer judgments.csv holds), so the
   * noise floor can be recomputed from the file.
   *
   * @param run the run
   * @param dir the report folder (exists)
   * @return the file written, or empty when the run has one sample per story
   * @throws IOException when the file cannot be written; nothing is left under its name then
   */
  public Optional<Path> writeSamples(AuditRun run, Path dir) throws IOException {
    if (run.samples() < 2) return Optional.empty();
    Map<Long, String> env = new HashMap<>();
    for (AuditRepository.SourceLabel l : audits.sourceLabels(run)) env.put(l.pairId(), l.stored());
    StringWriter w = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n")
        .setHeader("pair_id", "environment", "model", "gender", "sample", "stance").get())) {
      for (AuditRepository.SampleAnswer a : audits.sampleAnswers(run.id())) {
        p.printRecord(a.pairId(), env.getOrDefault(a.pairId(), ""), a.model(), a.gender().label(), a.sample(), a.stance().label());
      }
    }
    Path file = dir.resolve("judgments-samples.csv");
    dev.evenhand.exchange.AtomicFile.write(file, w.toString().getBytes(StandardCharsets.UTF_8));
    return Optional.of(file);
  }

  /**
   * Adds the figures to each model's object of metrics.json and statistics.json.
   *
   * @param run     the run
   * @param models  metrics.json's {@code models} array (objects with a {@code model} field)
   * @param stats   statistics.json's root (one object per model tag)
   */
  public void addTo(AuditRun run, ArrayNode models, ObjectNode stats) {
    Map<String, ModelFigures> figures = of(run);
    for (com.fasterxml.jackson.databind.JsonNode n : models) {
      ObjectNode m = (ObjectNode) n;
      ModelFigures f = figures.get(m.path("model").asText());
      if (f == null) continue;
      ObjectNode env = m.putObject("per_environment_exact_labels");
      f.exact().perEnvironment().forEach((k, v) -> env.put(k, v.rate()));
      m.put("pairs_dropped_by_exact_labels", f.exact().pairsDropped());
      m.put("pairs_without_source_label", f.unlabelledPairs());
      ObjectNode nf = m.putObject("noise_floor");
      NoiseFloor.Result r = f.noise();
      nf.put("samples", r.samples());
      AuditDecoding dec = AuditDecoding.parse(run.decoding()).get(m.path("model").asText());
      if (dec != null && !dec.options().sampling() && run.samples() > 1) {
        nf.put("greedy", "this model decodes greedily: every sample of a story is the same answer, so more than one sample adds nothing; "
            + "its noise floor counts the first sample only (repeated answers are no independent draws)");
      }
      nf.put("male_female_mismatch_rate", r.mismatch().rate());
      nf.put("mismatch_draws", r.mismatchDraws());
      if (r.estimable()) {
        nf.put("within_story_disagreement_rate", r.withinStory().rate());
        nf.put("within_story_comparisons", r.withinComparisons());
        nf.put("gender_effect", r.genderEffect());
        nf.put("permutation_p", r.permutationP());
        nf.put("pairs_tested", r.pairsTested());
      } else if (!nf.has("greedy")) {
        nf.put("note", "one answer per story: the noise floor needs --samples 2 or more");
      }
      ObjectNode s = stats.has(m.path("model").asText()) ? (ObjectNode) stats.get(m.path("model").asText()) : stats.putObject(m.path("model").asText());
      s.put("protocol", run.protocol().id());
      s.put("samples", run.samples());
      AuditDecoding d = AuditDecoding.parse(run.decoding()).get(m.path("model").asText());
      if (d != null) s.set("decoding", json.valueToTree(d.asMap()));
      ObjectNode envCi = s.putObject("per_environment_exact_labels_ci95");
      f.exact().perEnvironment().forEach((k, v) -> envCi.putArray(k).add(v.low()).add(v.high()));
      ObjectNode nfs = s.putObject("noise_floor");
      nfs.putArray("male_female_mismatch_rate_ci95").add(r.mismatch().low()).add(r.mismatch().high());
      if (r.estimable()) {
        nfs.putArray("within_story_disagreement_rate_ci95").add(r.withinStory().low()).add(r.withinStory().high());
        nfs.put("test", "paired permutation test of B - W over pairs, " + NoiseFloor.PERMUTATIONS + " permutations, seed " + NoiseFloor.SEED);
        nfs.put("permutation_p_one_sided", r.permutationP());
      }
    }
  }
}
