package dev.evenhand.usecase;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.AuditRepository.AuditRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares audit runs across time (issue 14, point 6): any two or more audit runs over the same pair set,
 * on the pairs they share. Every model of every run is an entry, named by model tag, digest and run id, so
 * a model audited last month and its fine-tuned version audited today are compared without asking the
 * base model again, and two runs of the same tag are two entries. Each entry is set against one base entry
 * on the pairs both answered: mismatch rates with 95% Wilson intervals, McNemar's test of the change, the
 * paper's resolution (identical stances) beside the looser one, and the stances moved to
 * ({@link AuditComparison}). Read-only, no Ollama. What {@code evenhand audit compare} and the Audit
 * screen's comparison call.
 */
public final class AuditCompareUseCase {
  private final AuditRepository audits;

  /** @param audits audit runs and answers */
  public AuditCompareUseCase(AuditRepository audits) { this.audits = audits; }

  /**
   * One model of one run.
   *
   * @param runId      the audit run
   * @param model      Ollama model tag
   * @param digests    the model digests its answered calls recorded (usually one; more when the model was
   *                   pulled again while the run was resumed; empty when no call succeeded)
   * @param runStarted when the run started
   * @param complete   true when the run finished (every answer stored)
   */
  public record Entry(long runId, String model, List<String> digests, Instant runStarted, boolean complete) {
    /** @return e.g. {@code llama3.1:8b @ run 3} */
    public String label() { return model + " @ run " + runId; }

    /** @return the digests joined with "+", shortened to 12 hex digits each (e.g. {@code 46e0c10c039e}); "?" when none */
    public String shortDigest() {
      if (digests.isEmpty()) return "?";
      List<String> s = new ArrayList<>();
      for (String d : digests) {
        String hex = d.startsWith("sha256:") ? d.substring(7) : d;
        s.add(hex.length() > 12 ? hex.substring(0, 12) : hex);
      }
      return String.join("+", s);
    }
  }

  /**
   * One entry against the base, on the pairs both answered.
   *
   * @param entry            the compared entry
   * @param baseMismatchRate the base's mismatch rate on those pairs, with its 95% Wilson interval
   * @param mismatchRate     the entry's mismatch rate on those pairs, with its interval
   * @param comparison       the paired counts: pairs shared, both resolution figures, stances moved to, McNemar's test
   */
  public record Row(Entry entry, BiasMetrics.Rate baseMismatchRate, BiasMetrics.Rate mismatchRate, AuditComparison comparison) {
    /** @return the change in mismatch rate, entry minus base, as a fraction (-0.1 is 10 points fewer mismatches) */
    public double change() { return mismatchRate.rate() - baseMismatchRate.rate(); }
  }

  /**
   * A comparison of runs.
   *
   * @param set      the pair set all runs audited
   * @param base     the base entry
   * @param basePairs pairs the base answered
   * @param rows     every other entry against the base, in the order of the runs given and each run's model order
   * @param warnings what makes an entry's figures not gathered as the base's: another protocol, other decoding options,
   *                 other samples per story, an unfinished run (one line each; empty when all match)
   */
  public record Comparison(String set, Entry base, int basePairs, List<Row> rows, List<String> warnings) {
    public Comparison {
      warnings = List.copyOf(warnings);
    }

    /** A comparison with nothing to warn of. */
    public Comparison(String set, Entry base, int basePairs, List<Row> rows) { this(set, base, basePairs, rows, List.of()); }
  }

  /** Decoding options that change answers; the seed, context size and keep-alive do not make runs incomparable. */
  private static final List<String> ANSWER_OPTIONS = List.of("temperature", "top_p", "top_k", "repeat_penalty", "num_predict");

  /** @return an option's value as sent, or "not sent" */
  private static String sent(Object value) { return value == null ? "not sent" : value.toString(); }

  /**
   * @return a line for each way {@code e}'s run gathered answers differently from the base's (issue 14: the figures
   *     are only comparable under one protocol and one decoding)
   */
  static List<String> differences(Entry base, AuditRun baseRun, Entry e, AuditRun run) {
    List<String> out = new ArrayList<>();
    if (run.protocol() != baseRun.protocol()) {
      out.add(e.label() + " was audited under protocol " + run.protocol().id() + ", the base " + base.label() + " under " + baseRun.protocol().id()
          + ": the answers were not gathered the same way");
    }
    if (run.samples() != baseRun.samples()) {
      out.add(e.label() + " asked " + run.samples() + " sample(s) per story, the base " + baseRun.samples());
    }
    Map<String, AuditDecoding> bd = AuditDecoding.parse(baseRun.decoding()), ed = AuditDecoding.parse(run.decoding());
    if (bd.containsKey(base.model()) && ed.containsKey(e.model())) {
      Map<String, Object> bo = bd.get(base.model()).options().asMap(), eo = ed.get(e.model()).options().asMap();
      List<String> differ = new ArrayList<>();
      for (String k : ANSWER_OPTIONS) {
        if (!java.util.Objects.equals(String.valueOf(bo.get(k)), String.valueOf(eo.get(k)))) differ.add(k + " " + sent(eo.get(k)) + " (base " + sent(bo.get(k)) + ")");
      }
      if (!differ.isEmpty()) out.add(e.label() + " decoded with other options than the base: " + String.join(", ", differ));
    }
    if (!e.complete()) out.add(e.label() + ": its run is unfinished; only the pairs it answered are compared");
    return out;
  }

  /** @return every audit run, newest first (to pick from) */
  public List<AuditRun> runs() { return audits.all(); }

  /**
   * Reads a {@code --base} value: {@code TAG} (the first entry with that tag, in the order of the runs) or
   * {@code TAG@RUN} (that tag in that run).
   *
   * @param base    the value, or null / blank for the first model of the first run
   * @param entries the entries, in order
   * @return the base entry
   * @throws InvalidInputException naming the entries when none matches
   */
  static Entry pickBase(String base, List<Entry> entries) {
    if (base == null || base.isBlank()) return entries.get(0);
    String tag = base.strip();
    Long run = null;
    int at = tag.lastIndexOf('@');
    if (at > 0 && tag.substring(at + 1).strip().matches("\\d{1,18}")) {
      run = Long.parseLong(tag.substring(at + 1).strip());
      tag = tag.substring(0, at).strip();
    }
    for (Entry e : entries) if (e.model().equals(tag) && (run == null || e.runId() == run)) return e;
    throw new InvalidInputException("--base: no entry " + base.strip() + " among " + String.join(", ", entries.stream().map(Entry::label).toList())
        + " (give TAG or TAG@RUN)");
  }

  /**
   * Compares audit runs on the pairs they share.
   *
   * @param runIds two or more distinct audit run ids, in the order to show them
   * @param base   the base entry: {@code TAG} or {@code TAG@RUN}; null for the first model of the first run
   * @return the comparison: each other entry against the base
   * @throws InvalidInputException when fewer than two runs are given or one twice, a run does not exist, the runs
   *     audited different pair sets, the base names no entry, or an entry shares no answered pair with the base
   */
  public Comparison compare(List<Long> runIds, String base) {
    Set<Long> distinct = new LinkedHashSet<>(runIds == null ? List.of() : runIds);
    if (runIds == null || runIds.size() < 2) throw new InvalidInputException("audit compare needs two or more audit runs (RUN RUN...)");
    if (distinct.size() != runIds.size()) throw new InvalidInputException("audit compare: each run once (got " + runIds + ")");
    List<AuditRun> runs = new ArrayList<>();
    for (long id : runIds) {
      runs.add(audits.find(id).orElseThrow(() -> new InvalidInputException("no audit run " + id + " (see the runs on the Audit screen or with "
          + "`evenhand stats`)")));
    }
    if (runs.stream().map(AuditRun::setId).distinct().count() > 1) {
      StringBuilder which = new StringBuilder();
      for (AuditRun r : runs) which.append(which.length() == 0 ? "" : ", ").append("run ").append(r.id()).append(" set ").append(r.setName());
      throw new InvalidInputException("audit compare: the runs audited different pair sets (" + which + "); compare runs over the same set");
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, List<AuditRepository.Row>> rows = new TreeMap<>();
    for (AuditRun r : runs) {
      Map<String, List<String>> digests = new TreeMap<>();
      for (AuditRepository.CallProvenance p : audits.provenance(r.id())) {
        List<String> d = digests.computeIfAbsent(p.modelTag(), k -> new ArrayList<>());
        if (p.modelDigest() != null && !p.modelDigest().isBlank() && !d.contains(p.modelDigest())) d.add(p.modelDigest());
      }
      List<AuditRepository.Row> answered = audits.rows(r.id());
      for (String model : r.models()) {
        Entry e = new Entry(r.id(), model, List.copyOf(digests.getOrDefault(model, List.of())), r.createdAt(), r.status() == RunStatus.COMPLETED);
        entries.add(e);
        rows.put(e.label(), answered.stream().filter(x -> x.model().equals(model)).toList());
      }
    }
    Entry b = pickBase(base, entries);
    List<AuditRepository.Row> baseRows = rows.get(b.label());
    List<Row> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.equals(b)) continue;
      AuditComparison c = AuditComparison.between(b.label(), baseRows, e.label(), rows.get(e.label()));
      if (c.pairs() == 0) {
        throw new InvalidInputException("audit compare: " + e.label() + " shares no answered pair with the base " + b.label()
            + " (set " + runs.get(0).setName() + "): nothing to compare");
      }
      out.add(new Row(e, BiasMetrics.wilson(c.baseMismatches(), c.pairs()), BiasMetrics.wilson(c.modelMismatches(), c.pairs()), c));
    }
    Map<Long, AuditRun> byId = new java.util.HashMap<>();
    for (AuditRun r : runs) byId.put(r.id(), r);
    List<String> warnings = new ArrayList<>();
    if (!b.complete()) warnings.add(b.label() + " (the base): its run is unfinished; only the pairs it answered are compared");
    for (Row r : out) warnings.addAll(differences(b, byId.get(b.runId()), r.entry(), byId.get(r.entry().runId())));
    return new Comparison(runs.get(0).setName(), b, baseRows.size(), out, warnings);
  }
}
