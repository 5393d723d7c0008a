package dev.evenhand.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model calls of one story pair as {@link PairArchive} holds them: read for the lossless export, written back
 * by an import (linked to the pair, without a run). Audit calls are not the pair's generation and are left out.
 */
final class PairCalls {
  private PairCalls() {}

  /** The calls of a pair, oldest first, and each call's index by its row id. */
  record Read(List<PairArchive.CallRow> calls, Map<Long, Integer> index) {
    /** @return the index of a call id, or null for none or a call that is not among the pair's */
    Integer of(ResultSet rs, String column) throws SQLException {
      long id = rs.getLong(column);
      return rs.wasNull() ? null : index.get(id);
    }
  }

  static Read read(Connection c, long pairId) throws SQLException {
    List<Long> ids = new ArrayList<>();
    List<PairArchive.CallRow> calls = Sql.list(c, "SELECT * FROM model_call WHERE pair_id = ? AND audit_run_id IS NULL ORDER BY id", rs -> {
      ids.add(rs.getLong("id"));
      return new PairArchive.CallRow(rs.getString("step"), rs.getString("model_tag"), rs.getString("model_digest"), rs.getString("ollama_version"),
          rs.getString("host_url"), rs.getString("template_id"), rs.getInt("template_version"),
          new String(rs.getBytes("options"), StandardCharsets.UTF_8), rs.getString("request_text"), rs.getString("raw_reply"),
          rs.getString("outcome"), rs.getString("fault_kind"), rs.getString("error_message"), rs.getString("done_reason"),
          Sql.longOrNull(rs, "total_duration_ns"), Sql.longOrNull(rs, "load_duration_ns"), intOrNull(rs, "prompt_eval_count"),
          Sql.longOrNull(rs, "prompt_eval_duration_ns"), intOrNull(rs, "eval_count"), Sql.longOrNull(rs, "eval_duration_ns"), rs.getLong("wall_ms"),
          Sql.instant(rs, "started_at"));
    }, pairId);
    Map<Long, Integer> index = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) index.put(ids.get(i), i);
    return new Read(calls, index);
  }

  /**
   * Stores the calls of an imported pair, linked to it, in order.
   *
   * @return the new rows' ids, by index
   */
  static List<Long> insert(Connection c, long pairId, List<PairArchive.CallRow> calls) throws SQLException {
    List<Long> ids = new ArrayList<>();
    if (calls.isEmpty()) return ids;
    try (PreparedStatement ps = c.prepareStatement(insert(Dialect.of(c)), Statement.RETURN_GENERATED_KEYS)) {
      for (PairArchive.CallRow k : calls) {
        bind(ps, pairId, k);
        ps.executeUpdate();
        try (ResultSet rs = ps.getGeneratedKeys()) {
          rs.next();
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  /** @return the insert of one call row linked to a pair; parameters as {@link #bind} sets them */
  static String insert(Dialect d) {
    return "INSERT INTO model_call(pair_id, step, model_tag, model_digest, ollama_version, host_url, template_id, "
      + "template_version, options, request_text, raw_reply, outcome, fault_kind, error_message, done_reason, total_duration_ns, "
      + "load_duration_ns, prompt_eval_count, prompt_eval_duration_ns, eval_count, eval_duration_ns, wall_ms, started_at) "
      + "VALUES (?,?,?,?,?,?,?,?," + d.json() + ",?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  }

  /** Binds one call of a pair to {@link #insert}. */
  static void bind(PreparedStatement ps, long pairId, PairArchive.CallRow k) throws SQLException {
    Sql.bind(ps, pairId, k.step(), k.modelTag(), k.modelDigest(), k.ollamaVersion(), k.hostUrl(), k.templateId(), k.templateVersion(), k.options(),
        k.requestText(), k.rawReply(), k.outcome(), k.faultKind(), k.errorMessage(), k.doneReason(), k.totalDurationNs(), k.loadDurationNs(),
        k.promptEvalCount(), k.promptEvalDurationNs(), k.evalCount(), k.evalDurationNs(), k.wallMs(), k.startedAt());
  }

  /** @return the stored id of the call at {@code index}, or null */
  static Long id(List<Long> ids, Integer index) { return index == null ? null : ids.get(index); }

  static Integer intOrNull(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }
}
