package dev.evenhand.exchange.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every report file of an audit run states about how its figures were gathered (issue 14, point 7):
 * the audit protocol, each model's decoding options, the samples per story, each model tag's digest, the
 * Ollama version and the run's dates. {@code report.html}, the SVG charts and {@code table.tex} all print
 * it from this one record.
 *
 * @param runId         the audit run
 * @param set           the pair set audited, e.g. {@code genmo}
 * @param limit         the first N pairs of the set only, or empty for all
 * @param protocol      the audit protocol's name, e.g. {@code evenhand} or {@code paper}
 * @param samples       answers asked per story (1 when each story is asked once)
 * @param decoding      per model tag (in the run's order): its decoding options, option name to value as text,
 *                      in the order they were recorded (e.g. {@code temperature → 0.0}, {@code num_predict → 256});
 *                      an empty map when the model has no successful call yet
 * @param digests       per model tag (in the run's order): its Ollama digest (several joined by ", " when the model
 *                      changed during the run), or "unknown" when no call recorded one
 * @param ollamaVersion the Ollama server version(s) that answered, joined by ", "; "unknown" when none is recorded
 * @param created       when the run started
 * @param finished      when the run completed, empty while it is unfinished
 * @param contaminated  audited pairs that were exported as training data before (0 for a clean audit): the
 *                      figures may then overstate an improvement
 */
public record ReportHeader(long runId, String set, Optional<Integer> limit, String protocol, int samples,
                           Map<String, Map<String, String>> decoding, Map<String, String> digests, String ollamaVersion,
                           Instant created, Optional<Instant> finished, long contaminated) {
  /** Dates in reports: ISO 8601, UTC, to the second. */
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * Copies the maps (keeping their order) and checks that nothing is missing.
   *
   * @throws NullPointerException when a field is null
   * @throws IllegalArgumentException when {@code samples} is below 1 or {@code contaminated} below 0
   */
  public ReportHeader {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(ollamaVersion, "ollamaVersion");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(finished, "finished");
    if (samples < 1) throw new IllegalArgumentException("samples must be at least 1 (got " + samples + ")");
    if (contaminated < 0) throw new IllegalArgumentException("contaminated must be at least 0 (got " + contaminated + ")");
    Map<String, Map<String, String>> d = new LinkedHashMap<>();
    decoding.forEach((k, v) -> d.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    decoding = Collections.unmodifiableMap(d);
    digests = Collections.unmodifiableMap(new LinkedHashMap<>(digests));
  }

  /** @return the model tags, in the run's order (those with a digest, then any with decoding options only) */
  public List<String> models() {
    List<String> out = new ArrayList<>(digests.keySet());
    decoding.keySet().forEach(m -> {
      if (!out.contains(m)) out.add(m);
    });
    return out;
  }

  /** @return a model's decoding options as {@code name=value, ...}, or "not recorded" */
  public String decodingText(String model) {
    Map<String, String> o = decoding.getOrDefault(model, Map.of());
    if (o.isEmpty()) return "not recorded";
    StringBuilder b = new StringBuilder();
    o.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return b.toString();
  }

  /** @return the run's dates: {@code started 2026-12-03 05:00:00 UTC, finished ...} (or "unfinished") */
  public String datesText() {
    return "started " + DATE.format(created) + ", " + finished.map(f -> "finished " + DATE.format(f)).orElse("unfinished");
  }

  /** @return the set and its size limit, e.g. {@code genmo (first 100 pairs)} */
  public String setText() { return set + limit.map(n -> " (first " + n + " pairs)").orElse(""); }

  /**
   * @return the header as plain text lines, one fact a line: run and set, protocol and samples, Ollama version,
   *     dates, then one line per model with its digest and decoding options; last, for a contaminated audit, the
   *     {@link #contaminationText()}
   */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("Audit run " + runId + " of set " + setText());
    out.add("Protocol: " + protocol + "; samples per story: " + samples);
    out.add("Ollama version: " + ollamaVersion);
    out.add("Dates: " + datesText());
    for (String m : models()) out.add("Model " + m + " (digest " + digests.getOrDefault(m, "unknown") + "): " + decodingText(m));
    if (contaminated > 0) out.add(contaminationText());
    return out;
  }

  /** @return the contamination warning, e.g. {@code Contaminated: 12 audited pairs were exported as training data before} */
  public String contaminationText() {
    return "Contaminated: " + contaminated + " audited pair" + (contaminated == 1 ? " was" : "s were") + " exported as training data before";
  }
}
