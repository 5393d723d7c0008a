package dev.evenhand.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A {@link PairQuery} as SQL over {@code story_pair p}: the WHERE clause with its arguments, and the
 * ORDER BY. The only place that knows which columns a query's fields and orders stand for.
 *
 * @param where the WHERE clause, starting with {@code WHERE}
 * @param args  its arguments, in order
 */
record PairSql(String where, List<Object> args) {
  PairSql {
    args = List.copyOf(args);
  }

  /** @return the arguments with {@code more} appended (e.g. LIMIT and OFFSET) */
  Object[] argsAnd(Object... more) {
    List<Object> all = new ArrayList<>(args);
    Collections.addAll(all, more);
    return all.toArray();
  }

  /** @return {@code first} followed by the arguments (e.g. the values of an UPDATE's SET) */
  Object[] argsAfter(Object... first) {
    List<Object> all = new ArrayList<>();
    Collections.addAll(all, first);
    all.addAll(args);
    return all.toArray();
  }

  /** @return the filter of a query */
  static PairSql of(PairQuery q) {
    List<Object> args = new ArrayList<>();
    StringBuilder w = new StringBuilder(q.ids().isPresent() ? "WHERE TRUE" : "WHERE p.stage = 'complete'");
    q.ids().ifPresent(ids -> {
      if (ids.isEmpty()) {
        w.append(" AND FALSE");
        return;
      }
      w.append(" AND p.id IN (").append(placeholders(ids.size())).append(")");
      args.addAll(ids);
    });
    q.status().ifPresent(s -> { w.append(" AND p.status = ?"); args.add(s.label()); });
    // divergence as a range of the queue key (0: divergent, 1: consistent, times 2^40, plus id): an index range, not a scan
    q.divergent().ifPresent(d -> w.append(d ? " AND p.queue_key < " + PairRows.QUEUE_CLASS
        : " AND p.queue_key >= " + PairRows.QUEUE_CLASS + " AND p.queue_key < " + 2 * PairRows.QUEUE_CLASS));
    q.setName().ifPresent(s -> { w.append(" AND p.set_id = (SELECT id FROM pair_set WHERE name = ?)"); args.add(s); });
    q.environment().ifPresent(e -> { w.append(" AND p.environment = ?"); args.add(e); });
    q.modelTag().ifPresent(m -> { w.append(" AND p.model_tag = ?"); args.add(m); });
    if (q.fidelityFlagged()) w.append(" AND p.fidelity_flags > 0");
    q.reviewer().ifPresent(r -> { w.append(" AND EXISTS (SELECT 1 FROM review_action ra WHERE ra.reviewer = ? AND ra.pair_id = p.id)"); args.add(r); });
    q.assignedTo().ifPresent(me -> {
      w.append(" AND EXISTS (SELECT 1 FROM review_assignment asg WHERE asg.pair_id = p.id AND asg.reviewer = ?) AND NOT ")
          .append(AssignmentRepository.decidedBy("p.id"));
      args.add(me);
      args.add(me);
    });
    q.since().ifPresent(t -> { w.append(" AND p.created_at >= ?"); args.add(t); });
    q.blindFor().ifPresent(me -> {
      w.append(" AND EXISTS (SELECT 1 FROM review_action ra WHERE ra.pair_id = p.id AND ra.reviewer <> ? AND ra.action IN ('accept','accept_edited','reject'))"
          + " AND NOT EXISTS (SELECT 1 FROM review_action ra WHERE ra.pair_id = p.id AND ra.reviewer = ?)");
      args.add(me);
      args.add(me);
    });
    q.search().ifPresent(text -> {
      for (String word : text.toLowerCase(Locale.ROOT).split("\\s+")) {
        if (word.isEmpty()) continue;
        w.append(" AND p.id IN (SELECT pair_id FROM pair_search WHERE text LIKE ? ESCAPE '\\')");
        args.add("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      }
    });
    return new PairSql(w.toString(), args);
  }

  /**
   * The ORDER BY of a query. For the default order it names the equality-filtered columns first (stage,
   * and status when filtered): that changes nothing in the order, but lets H2 read the page from the
   * index (stage[, status], queue_key) instead of sorting every matching row.
   */
  static String orderBy(PairQuery q) {
    return switch (q.sort()) {
      case DIVERGENT_FIRST -> q.ids().isPresent() ? "p.queue_key" : q.status().isPresent() ? "p.stage, p.status, p.queue_key" : "p.stage, p.queue_key";
      case OLDEST -> "p.id";
      case NEWEST -> "p.id DESC";
      case MOST_FLAGS -> "p.fidelity_flags DESC NULLS LAST, p.id";
    };
  }

  /** @return {@code n} comma-separated {@code ?} */
  static String placeholders(int n) { return String.join(",", Collections.nCopies(n, "?")); }
}
