package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.domain.FaultKind;
import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.Outcome;
import dev.evenhand.domain.Step;
import dev.evenhand.store.PairArchive;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The provenance part of the lossless {@code evenhand} record (FORMATS.md), written and read back here so the two
 * stay one layout. A record's {@code calls} holds every model call made for the pair (the story pair, the judgments,
 * the balanced judgment; audits are not the pair's), oldest first, with every column the store keeps
 * ({@code model_call}, V1): model tag, digest, Ollama version, host, prompt template id and version, the options
 * sent (as JSON text, so every line has the same keys and types), outcome, fault, Ollama's timings (ns) and token
 * counts, wall time (ms), start time, the request body and the raw reply. A judgment names its call by index
 * ({@code call}) and repeats the call's {@code digest} and {@code ollama_version}; a balanced judgment's
 * {@code proposal} repeats its call's model, digest, Ollama version and prompt template. Absent values are null;
 * every key is written on every record.
 */
final class EvenhandProvenance {
  private EvenhandProvenance() {}

  /** The keys of one call. */
  static final Set<String> CALL = Set.of("step", "model", "digest", "ollama_version", "host", "template_id", "template_version", "options", "outcome",
      "fault_kind", "error", "done_reason", "total_duration_ns", "load_duration_ns", "prompt_eval_count", "prompt_eval_duration_ns", "eval_count",
      "eval_duration_ns", "wall_ms", "started_at", "request", "reply");
  /** The keys of a balanced judgment's {@code proposal}. */
  static final Set<String> PROPOSAL = Set.of("model", "digest", "ollama_version", "template_id", "template_version", "call");

  // ---- writing ---------------------------------------------------------------------------------------

  /** Writes {@code "calls": [...]}. */
  static void writeCalls(JsonGenerator g, List<PairArchive.CallRow> calls) throws IOException {
    g.writeArrayFieldStart("calls");
    for (PairArchive.CallRow k : calls) {
      g.writeStartObject();
      g.writeStringField("step", k.step());
      g.writeStringField("model", k.modelTag());
      g.writeStringField("digest", k.modelDigest());
      g.writeStringField("ollama_version", k.ollamaVersion());
      g.writeStringField("host", k.hostUrl());
      g.writeStringField("template_id", k.templateId());
      g.writeNumberField("template_version", k.templateVersion());
      g.writeStringField("options", k.options());
      g.writeStringField("outcome", k.outcome());
      g.writeStringField("fault_kind", k.faultKind());
      g.writeStringField("error", k.errorMessage());
      g.writeStringField("done_reason", k.doneReason());
      number(g, "total_duration_ns", k.totalDurationNs());
      number(g, "load_duration_ns", k.loadDurationNs());
      number(g, "prompt_eval_count", k.promptEvalCount());
      number(g, "prompt_eval_duration_ns", k.promptEvalDurationNs());
      number(g, "eval_count", k.evalCount());
      number(g, "eval_duration_ns", k.evalDurationNs());
      g.writeNumberField("wall_ms", k.wallMs());
      g.writeStringField("started_at", k.startedAt() == null ? null : k.startedAt().toString());
      g.writeStringField("request", k.requestText());
      g.writeStringField("reply", k.rawReply());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Writes a judgment's call fields: {@code digest} and {@code ollama_version} of its call (null without one). */
  static void writeJudgmentCall(JsonGenerator g, Integer call, List<PairArchive.CallRow> calls) throws IOException {
    PairArchive.CallRow k = call == null ? null : calls.get(call);
    g.writeStringField("digest", k == null ? null : k.modelDigest());
    g.writeStringField("ollama_version", k == null ? null : k.ollamaVersion());
  }

  /** Writes {@code "proposal": {model, digest, ollama_version, template_id, template_version, call}} of a balanced judgment (nulls without a call). */
  static void writeProposal(JsonGenerator g, Integer call, List<PairArchive.CallRow> calls) throws IOException {
    PairArchive.CallRow k = call == null ? null : calls.get(call);
    g.writeObjectFieldStart("proposal");
    g.writeStringField("model", k == null ? null : k.modelTag());
    g.writeStringField("digest", k == null ? null : k.modelDigest());
    g.writeStringField("ollama_version", k == null ? null : k.ollamaVersion());
    g.writeStringField("template_id", k == null ? null : k.templateId());
    number(g, "template_version", k == null ? null : k.templateVersion());
    number(g, "call", call);
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String field, Number n) throws IOException {
    if (n == null) g.writeNullField(field);
    else if (n instanceof Integer i) g.writeNumberField(field, i);
    else g.writeNumberField(field, n.longValue());
  }

  // ---- reading ---------------------------------------------------------------------------------------

  /** Reads {@code calls}; each problem is added to {@code r}. */
  static List<PairArchive.CallRow> readCalls(JsonNode n, RecordCheck r) {
    List<PairArchive.CallRow> out = new ArrayList<>();
    for (RecordCheck.Element e : r.objects(n, "calls", "", CALL)) {
      JsonNode k = e.node();
      String p = e.path();
      String step = r.label(r.string(k, "step", p, 40, true), p + "step", Step::parse, s -> ((Step) s).id());
      String model = r.string(k, "model", p, FieldLimits.MODEL_TAG, true);
      String digest = r.string(k, "digest", p, 100, true);
      String ollama = r.string(k, "ollama_version", p, 40, true);
      String host = r.string(k, "host", p, 400, true);
      String template = r.string(k, "template_id", p, FieldLimits.TEMPLATE_ID, true);
      Long version = r.integer(k, "template_version", p, 0, Integer.MAX_VALUE, true);
      String options = r.string(k, "options", p, FieldLimits.LONG_TEXT, true);
      if (options != null && !jsonObject(options)) r.bad(p + "options", "not a JSON object in a string");
      String outcome = r.label(r.string(k, "outcome", p, 20, true), p + "outcome", Outcome::parse, o -> ((Outcome) o).label());
      String fault = r.label(r.string(k, "fault_kind", p, 40, false), p + "fault_kind", FaultKind::parse, f -> ((FaultKind) f).label());
      String error = r.string(k, "error", p, 4000, false);
      String done = r.string(k, "done_reason", p, 20, false);
      Long total = r.integer(k, "total_duration_ns", p, 0, Long.MAX_VALUE, false);
      Long load = r.integer(k, "load_duration_ns", p, 0, Long.MAX_VALUE, false);
      Long promptCount = r.integer(k, "prompt_eval_count", p, 0, Integer.MAX_VALUE, false);
      Long promptNs = r.integer(k, "prompt_eval_duration_ns", p, 0, Long.MAX_VALUE, false);
      Long evalCount = r.integer(k, "eval_count", p, 0, Integer.MAX_VALUE, false);
      Long evalNs = r.integer(k, "eval_duration_ns", p, 0, Long.MAX_VALUE, false);
      Long wall = r.integer(k, "wall_ms", p, 0, Long.MAX_VALUE, true);
      Instant started = r.time(k, "started_at", p, true);
      String request = r.string(k, "request", p, FieldLimits.LONG_TEXT, true);
      String reply = r.string(k, "reply", p, FieldLimits.LONG_TEXT, false);
      if (step == null || model == null || digest == null || ollama == null || host == null || template == null || version == null || options == null
          || outcome == null || wall == null || started == null || request == null) continue;
      out.add(new PairArchive.CallRow(step, model, digest, ollama, host, template, (int) (long) version, options, request, reply, outcome, fault,
          error, done, total, load, toInt(promptCount), promptNs, toInt(evalCount), evalNs, wall, started));
    }
    return out;
  }

  /**
   * Reads a judgment's {@code call} and checks its {@code digest} and {@code ollama_version} against that call (both
   * null without one).
   *
   * @return the call's index, or null for none (or after a problem)
   */
  static Integer readJudgmentCall(JsonNode j, String path, RecordCheck r, List<PairArchive.CallRow> calls) {
    Integer call = index(j, path, r, calls);
    PairArchive.CallRow k = call == null ? null : calls.get(call);
    same(r, path + "digest", r.string(j, "digest", path, 100, false), k == null ? null : k.modelDigest());
    same(r, path + "ollama_version", r.string(j, "ollama_version", path, 40, false), k == null ? null : k.ollamaVersion());
    return call;
  }

  /**
   * Reads a side's {@code proposal}: its {@code call}, the other fields checked against that call.
   *
   * @return the call's index, or null for none (or after a problem)
   */
  static Integer readProposal(JsonNode side, String sidePath, RecordCheck r, List<PairArchive.CallRow> calls) {
    JsonNode p = r.value(side, "proposal", sidePath, false);
    if (p == null) return null;
    String path = sidePath + "proposal.";
    if (!p.isObject()) {
      r.bad(sidePath + "proposal", "not an object (" + RecordCheck.type(p) + ")");
      return null;
    }
    r.only(p, path, PROPOSAL);
    Integer call = index(p, path, r, calls);
    PairArchive.CallRow k = call == null ? null : calls.get(call);
    same(r, path + "model", r.string(p, "model", path, FieldLimits.MODEL_TAG, false), k == null ? null : k.modelTag());
    same(r, path + "digest", r.string(p, "digest", path, 100, false), k == null ? null : k.modelDigest());
    same(r, path + "ollama_version", r.string(p, "ollama_version", path, 40, false), k == null ? null : k.ollamaVersion());
    same(r, path + "template_id", r.string(p, "template_id", path, FieldLimits.TEMPLATE_ID, false), k == null ? null : k.templateId());
    Long v = r.integer(p, "template_version", path, 0, Integer.MAX_VALUE, false);
    same(r, path + "template_version", v == null ? null : v.intValue(), k == null ? null : k.templateVersion());
    return call;
  }

  /** The {@code call} index under {@code obj}: a whole number naming one of {@code calls}, or null. */
  private static Integer index(JsonNode obj, String path, RecordCheck r, List<PairArchive.CallRow> calls) {
    Long i = r.integer(obj, "call", path, 0, Integer.MAX_VALUE, false);
    if (i == null) return null;
    if (i >= calls.size()) {
      r.bad(path + "call", i + " names no call (the record has " + calls.size() + ")");
      return null;
    }
    return (int) (long) i;
  }

  /** A field that repeats its call's value must equal it. */
  private static void same(RecordCheck r, String field, Object given, Object call) {
    if (!Objects.equals(given, call)) r.bad(field, "'" + given + "' differs from its call's ('" + call + "')");
  }

  private static boolean jsonObject(String text) {
    try {
      return ImportFiles.JSON.readTree(text).isObject();
    } catch (IOException e) {
      return false;
    }
  }

  private static Integer toInt(Long v) { return v == null ? null : (int) (long) v; }
}
