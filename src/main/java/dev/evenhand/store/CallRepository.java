package dev.evenhand.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.ChatExchange;
import dev.evenhand.domain.FaultKind;
import dev.evenhand.domain.ModelCall;
import dev.evenhand.domain.Outcome;
import dev.evenhand.domain.Step;
import dev.evenhand.domain.Timings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every model call with its request, raw reply, timings and outcome (DESIGN.md, data flow). */
public final class CallRepository {
  private final Database db;
  private final ObjectMapper json = new ObjectMapper();

  /** @param db the open database */
  public CallRepository(Database db) { this.db = db; }

  /**
   * Stores one call at once, in its own transaction.
   *
   * @param runId  the generation run, or null
   * @param pairId the story pair it concerns, or null (a story-pair request before the pair exists)
   * @param call   the call
   * @return the new row's id
   */
  public long insert(Long runId, Long pairId, ModelCall call) { return insert(runId, pairId, null, call); }

  /**
   * Stores one call made for an attempt of a generation run.
   *
   * @param attemptNo the run's attempt number, or null
   * @return the new row's id
   */
  public long insert(Long runId, Long pairId, Integer attemptNo, ModelCall call) { return insert(runId, pairId, attemptNo, null, call); }

  /**
   * Stores one call made for an audit run, marked as the run's in the same insert (its provenance goes
   * into the run's report; a separate update could be lost to a kill).
   *
   * @param auditRunId the audit run
   * @param pairId     the pair whose story was asked about
   * @return the new row's id
   */
  public long insertForAudit(long auditRunId, long pairId, ModelCall call) { return insert(null, pairId, null, auditRunId, call); }

  private long insert(Long runId, Long pairId, Integer attemptNo, Long auditRunId, ModelCall call) {
    ChatExchange ex = call.exchange();
    Timings t = ex.timings();
    String options;
    try {
      options = json.writeValueAsString(call.options());
    } catch (Exception e) {
      throw new StoreException("cannot write call options as JSON", e);
    }
    return db.inTransaction(c -> Sql.insert(c, "INSERT INTO model_call(run_id, pair_id, step, model_tag, model_digest, "
            + "ollama_version, host_url, template_id, template_version, options, request_text, raw_reply, outcome, fault_kind, "
            + "error_message, done_reason, total_duration_ns, load_duration_ns, prompt_eval_count, prompt_eval_duration_ns, "
            + "eval_count, eval_duration_ns, wall_ms, started_at, attempt_no, audit_run_id) "
            + "VALUES (?,?,?,?,?,?,?,?,?," + Dialect.of(c).json() + ",?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        runId, pairId, call.step().id(), call.model().tag(), call.model().digest(), call.model().ollamaVersion(), ex.hostUrl(),
        call.template().id(), call.template().version(), options, ex.requestBody(), ex.rawReply(), call.outcome().label(),
        call.fault() == null ? null : call.fault().label(), truncate(call.error()), ex.doneReason(), t.totalDurationNs(),
        t.loadDurationNs(), t.promptEvalCount(), t.promptEvalDurationNs(), t.evalCount(), t.evalDurationNs(), ex.wallMs(),
        ex.startedAt(), attemptNo, auditRunId));
  }

  /**
   * The provenance of one stored call, as the Review screen shows it.
   *
   * @param id              call id
   * @param step            the step that made the call
   * @param modelTag        model tag
   * @param modelDigest     model digest
   * @param ollamaVersion   server version
   * @param hostUrl         the Ollama host
   * @param templateId      prompt template id
   * @param templateVersion prompt template version
   * @param options         the options sent, as JSON
   * @param outcome         whether the reply was read
   * @param faultKind       why not, empty when ok
   * @param doneReason      stop or length, empty when none
   * @param loadNs          load_duration in ns (0 when not reported)
   * @param promptEvalNs    prompt_eval_duration in ns
   * @param evalNs          eval_duration in ns
   * @param totalNs         total_duration in ns
   * @param evalCount       tokens generated
   * @param startedAt       when the call started
   */
  public record CallInfo(long id, Step step, String modelTag, String modelDigest, String ollamaVersion, String hostUrl,
                         String templateId, int templateVersion, String options, Outcome outcome, Optional<FaultKind> faultKind,
                         String doneReason, long loadNs, long promptEvalNs, long evalNs, long totalNs, int evalCount,
                         Instant startedAt) {}

  /** @return every call made for a pair, oldest first */
  public List<CallInfo> forPair(long pairId) {
    return db.read(c -> Sql.list(c, "SELECT * FROM model_call WHERE pair_id = ? ORDER BY id", rs -> new CallInfo(rs.getLong("id"),
        Step.parse(rs.getString("step")), rs.getString("model_tag"), rs.getString("model_digest"), rs.getString("ollama_version"),
        rs.getString("host_url"), rs.getString("template_id"), rs.getInt("template_version"),
        new String(rs.getBytes("options"), StandardCharsets.UTF_8), Outcome.parse(rs.getString("outcome")),
        Optional.ofNullable(rs.getString("fault_kind")).map(FaultKind::parse), nz(rs.getString("done_reason")), rs.getLong("load_duration_ns"),
        rs.getLong("prompt_eval_duration_ns"), rs.getLong("eval_duration_ns"), rs.getLong("total_duration_ns"),
        rs.getInt("eval_count"), Sql.instant(rs, "started_at")), pairId));
  }

  private static String nz(String s) { return s == null ? "" : s; }

  /**
   * @return per run: number of calls, of eval tokens, and failed calls by fault kind
   */
  public RunCallStats stats(long runId) {
    return db.read(c -> {
      long calls = Sql.count(c, "SELECT COUNT(*) FROM model_call WHERE run_id = ?", runId);
      long tokens = Sql.count(c, "SELECT COALESCE(SUM(eval_count), 0) FROM model_call WHERE run_id = ?", runId);
      Map<FaultKind, Long> failed = new EnumMap<>(FaultKind.class);
      for (var row : Sql.list(c, "SELECT fault_kind, COUNT(*) FROM model_call WHERE run_id = ? AND outcome = 'failed' "
          + "AND fault_kind IS NOT NULL GROUP BY fault_kind", rs -> Map.entry(FaultKind.parse(rs.getString(1)), rs.getLong(2)), runId)) {
        failed.put(row.getKey(), row.getValue());
      }
      return new RunCallStats(calls, tokens, failed);
    });
  }

  /**
   * Call figures of one run.
   *
   * @param calls      model calls made
   * @param evalTokens tokens generated (sum of eval_count)
   * @param failedCalls failed calls by fault kind, in the enum's order
   */
  public record RunCallStats(long calls, long evalTokens, Map<FaultKind, Long> failedCalls) {}

  private static String truncate(String s) { return s == null || s.length() <= 4000 ? s : s.substring(0, 3999) + "…"; }
}
