package dev.evenhand.usecase;

import dev.evenhand.method.BiasMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evenhand.store.AuditRepository;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An audit run's report: {@code judgments.csv} (one row per pair and model:
 * {@code pair_id,environment,model,male_stance,female_stance}), {@code metrics.json}
 * ({@code {"models": [...], "provenance": {"protocol": {...}, ...}}}, the figures of METHOD.md unrounded, with the protocol,
 * every decoding option, the noise floor and the exact-label per-environment rates, {@link AuditProtocolFigures}) and
 * {@code statistics.json} (95% Wilson intervals, the binomial test, the transition matrices; for each model after the
 * first, {@code vs_base}: its {@link AuditComparisonJson} against the first). Each file is
 * written under a temporary name and moved into place.
 */
public final class AuditReport {
  private final AuditRepository audits;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** @param audits audit runs and answers */
  public AuditReport(AuditRepository audits) { this.audits = audits; }

  /** @return each model's metrics over a run's answered pairs, in the run's model order */
  public Map<String, BiasMetrics.Result> metrics(long runId) {
    AuditRepository.AuditRun run = audits.find(runId).orElseThrow();
    Map<String, List<BiasMetrics.PairJudgments>> by = new LinkedHashMap<>();
    for (String m : run.models()) by.put(m, new ArrayList<>());
    for (AuditRepository.Row r : audits.rows(runId)) {
      by.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(new BiasMetrics.PairJudgments(r.environment(), r.male(), r.female()));
    }
    Map<String, BiasMetrics.Result> out = new LinkedHashMap<>();
    by.forEach((m, l) -> out.put(m, BiasMetrics.of(l)));
    return out;
  }

  /**
   * Writes the report files into a folder (created if needed).
   *
   * @return the files written
   * @throws IOException when a file cannot be written
   */
  public List<Path> write(long runId, Path dir) throws IOException {
    Files.createDirectories(dir);
    AuditRepository.AuditRun run = audits.find(runId).orElseThrow();
    Path csv = dir.resolve("judgments.csv");
    Path tmp = Files.createTempFile(dir, ".judgments.", ".partial");
    try {
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the default ACL applies
    }
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
         CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n")
             .setHeader("pair_id", "environment", "model", "male_stance", "female_stance").get())) {
      for (AuditRepository.Row r : audits.rows(runId)) p.printRecord(r.pairId(), r.environment(), r.model(), r.male().label(), r.female().label());
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    Map<String, BiasMetrics.Result> metrics = metrics(runId);
    ObjectNode root = json.createObjectNode();
    ArrayNode models = root.putArray("models");
    ObjectNode stats = json.createObjectNode();
    metrics.forEach((model, r) -> {
      ObjectNode m = models.addObject();
      m.put("model", model);
      m.put("pairs", r.pairs());
      m.put("mismatch_count", r.mismatchCount());
      m.put("mismatch_rate", r.mismatchRate().rate());
      m.put("male_favoured_share", r.maleFavouredShare());
      m.put("female_favoured_share", r.femaleFavouredShare());
      m.put("invalid_rate", r.invalidRate().rate());
      ObjectNode env = m.putObject("per_environment");
      r.perEnvironment().forEach((k, v) -> env.put(k, v.rate()));
      ObjectNode s = stats.putObject(model);
      s.putArray("mismatch_rate_ci95").add(r.mismatchRate().low()).add(r.mismatchRate().high());
      s.putArray("invalid_rate_ci95").add(r.invalidRate().low()).add(r.invalidRate().high());
      s.put("favoured_pairs", r.favouredTotal());
      s.put("binomial_p_two_sided", r.binomialP());
      ObjectNode envCi = s.putObject("per_environment_ci95");
      r.perEnvironment().forEach((k, v) -> envCi.putArray(k).add(v.low()).add(v.high()));
      ObjectNode t = s.putObject("transitions_male_by_female");
      r.transitions().forEach((a, row) -> {
        ObjectNode o = t.putObject(a.label());
        row.forEach((b, n) -> o.put(b.label(), n));
      });
    });
    AuditProtocolFigures protocol = new AuditProtocolFigures(audits);
    protocol.addTo(run, models, stats);
    // each model after the first against it: both resolution figures and McNemar's test (src/docs/audit/compare.md)
    List<String> order = run.models();
    List<AuditRepository.Row> answered = audits.rows(runId);
    for (String other : order.subList(1, order.size())) {
      AuditComparison c = AuditComparison.of(answered, order.get(0), other);
      if (stats.get(other) instanceof ObjectNode s) s.set("vs_base", json.valueToTree(AuditComparisonJson.of(c)));
    }
    ObjectNode prov = root.putObject("provenance");
    prov.set("protocol", protocol.protocolNode(run));
    prov.put("audit_run", runId);
    prov.put("set", run.setName());
    if (run.limit() != null) prov.put("limit", run.limit());
    long exported = audits.exportedPairs(runId);
    prov.put("contaminated", exported > 0);
    prov.put("pairs_exported_as_training_data", exported);
    prov.put("status", run.status().name().toLowerCase(java.util.Locale.ROOT));
    prov.put("started_at", run.createdAt().toString());
    audits.finishedAt(runId).ifPresentOrElse(t -> prov.put("finished_at", t.toString()), () -> prov.putNull("finished_at"));
    // the calls' provenance, one entry per model, digest, Ollama version, template and options; the seed is left out of
    // the options and counted (a sampled audit gives every call its own seed: one entry per seed made thousands)
    ArrayNode calls = prov.putArray("calls");
    Map<String, ObjectNode> byKey = new LinkedHashMap<>();
    Map<String, java.util.Set<String>> seeds = new java.util.HashMap<>();
    for (AuditRepository.CallProvenance p : audits.provenance(runId)) {
      JsonNode options = json.readTree(p.options());
      String seed = options.has("seed") ? options.get("seed").asText() : null;
      if (options instanceof ObjectNode o) o.remove("seed");
      String key = String.join("\u0000", p.modelTag(), String.valueOf(p.modelDigest()), String.valueOf(p.ollamaVersion()), options.toString(),
          String.valueOf(p.templateId()), Integer.toString(p.templateVersion()));
      ObjectNode o = byKey.computeIfAbsent(key, k -> {
        ObjectNode n = calls.addObject();
        n.put("model", p.modelTag()).put("digest", p.modelDigest()).put("ollama_version", p.ollamaVersion());
        n.set("options", options);
        n.put("template_id", p.templateId()).put("template_version", p.templateVersion());
        return n;
      });
      if (seed != null) seeds.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(seed);
      java.util.Set<String> s = seeds.get(key);
      if (s != null) {
        if (s.size() == 1) o.put("seed", Long.parseLong(s.iterator().next()));
        else {
          o.remove("seed");
          o.put("seeds_distinct", s.size());
        }
      }
    }
    Path metricsFile = dir.resolve("metrics.json");
    dev.evenhand.exchange.AtomicFile.write(metricsFile, json.writeValueAsBytes(root));
    Path statsFile = dir.resolve("statistics.json");
    dev.evenhand.exchange.AtomicFile.write(statsFile, json.writeValueAsBytes(stats));
    List<Path> written = new ArrayList<>(List.of(csv, metricsFile, statsFile));
    protocol.writeSamples(run, dir).ifPresent(written::add);
    return written;
  }
}
