package dev.evenhand.usecase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.exchange.audit.ReportHeader;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.AuditRepository;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an audit run's report states about how it was gathered ({@link ReportHeader}), read from what the store
 * recorded: the run (set, limit, models, start), its finish time, its pairs exported as training data, and its successful model calls
 * ({@code model_call}: each model tag's digest, the Ollama version, the options sent). The protocol's own fields
 * (name, samples, decoding options) are filled in one place, {@link #protocol}.
 */
public final class AuditProvenance {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AuditRepository audits;

  /** @param audits audit runs and their calls */
  public AuditProvenance(AuditRepository audits) { this.audits = audits; }

  /**
   * The audit protocol of a run.
   *
   * @param name     the protocol's name, e.g. {@code evenhand}
   * @param samples  answers asked per story, at least 1
   * @param decoding per model tag, in the run's order: decoding option name to value as text
   */
  public record Protocol(String name, int samples, Map<String, Map<String, String>> decoding) {}

  /**
   * @param runId the run
   * @return its report header
   * @throws InvalidInputException when there is no such run
   */
  public ReportHeader header(long runId) {
    AuditRepository.AuditRun run = audits.find(runId).orElseThrow(() -> new InvalidInputException("no audit run " + runId));
    Map<String, Set<String>> digests = new LinkedHashMap<>();
    Map<String, Map<String, Set<String>>> options = new LinkedHashMap<>();
    for (String m : run.models()) {
      digests.put(m, new LinkedHashSet<>());
      options.put(m, new LinkedHashMap<>());
    }
    Set<String> versions = new LinkedHashSet<>();
    for (AuditRepository.CallProvenance c : audits.provenance(runId)) {
      if (c.modelDigest() != null && !c.modelDigest().isBlank()) digests.computeIfAbsent(c.modelTag(), k -> new LinkedHashSet<>()).add(c.modelDigest());
      if (c.ollamaVersion() != null && !c.ollamaVersion().isBlank()) versions.add(c.ollamaVersion());
      Map<String, Set<String>> o = options.computeIfAbsent(c.modelTag(), k -> new LinkedHashMap<>());
      readOptions(c.options()).forEach((k, v) -> o.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
    }
    Map<String, String> digest = new LinkedHashMap<>();
    digests.forEach((m, d) -> digest.put(m, d.isEmpty() ? "unknown" : String.join(", ", d)));
    Map<String, Map<String, String>> recorded = new LinkedHashMap<>();
    options.forEach((m, o) -> {
      Map<String, String> flat = new LinkedHashMap<>();
      o.forEach((k, v) -> flat.put(k, String.join(" | ", v)));
      recorded.put(m, flat);
    });
    Protocol p = protocol(run, recorded);
    return new ReportHeader(run.id(), run.setName(), Optional.ofNullable(run.limit()), p.name(), p.samples(), p.decoding(), digest,
        versions.isEmpty() ? "unknown" : String.join(", ", versions), run.createdAt(), audits.finishedAt(runId), audits.exportedPairs(runId));
  }

  /**
   * A run's protocol fields (issue 14, point 1): its protocol, samples per story and per model the decoding options
   * recorded on the run ({@code audit_run.decoding}, V11: the options, where they come from, whether the model's own
   * defaults were known). A run made before V11 recorded no decoding: the options its successful calls sent stand in.
   *
   * @param run      the run
   * @param recorded per model tag: the options its successful calls sent (an option sent with different values
   *                 holds them joined by " | ")
   * @return the run's protocol
   */
  Protocol protocol(AuditRepository.AuditRun run, Map<String, Map<String, String>> recorded) {
    Map<String, Map<String, String>> decoding = new LinkedHashMap<>();
    try {
      JsonNode n = run.decoding() == null || run.decoding().isBlank() ? null : JSON.readTree(run.decoding());
      if (n != null && n.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          // the options sent; where they come from stays in metrics.json (too long for a caption), an unknown model's
          // fallback is said in one word
          Map<String, String> options = readOptions(e.getValue().toString());
          options.remove("source");
          if ("false".equals(options.remove("model_defaults_known"))) options.put("model_defaults", "unknown, greedy used");
          decoding.put(e.getKey(), options);
        }
      }
    } catch (java.io.IOException e) {
      decoding.clear(); // unreadable: the calls' options stand in
    }
    return new Protocol(run.protocol().id(), run.samples(), decoding.isEmpty() ? recorded : decoding);
  }

  /** @return the options JSON object as name to value text, in its order; empty for null, blank or non-object text */
  static Map<String, String> readOptions(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json == null || json.isBlank()) return out;
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.isObject()) return out;
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
      }
    } catch (java.io.IOException e) {
      return Map.of();
    }
    return out;
  }
}
