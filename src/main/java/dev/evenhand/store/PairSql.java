package dev.evenhand.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link PairQuery} as SQL over {@code story_pair p}: the WHERE clause with its arguments, and the
 * ORDER BY. The only place that knows which columns a query's fields and orders stand for.
 *
 * @param where the WHERE clause, starting with {@code WHERE}
 * @param args  its arguments, in order
 * @param byIds true when the filter names its pairs (ids, or a search the index answered): see {@link #orderBy}
 */
record PairSql(String where, List<Object> args, boolean byIds) {
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

  /**
   * @param q       the query
   * @param dialect the database: its search words are matched through its own word index ({@link #searchWord})
   * @return the filter of a query
   */
  static PairSql of(PairQuery q, Dialect dialect) { return of(q, dialect, Optional.empty()); }

  /**
   * As {@link #of(PairQuery, Dialect)}, a search answered by the database's {@link SearchIndex} when it has one that
   * can (H2), else by the database itself.
   *
   * @param q  the query
   * @param db the database
   * @return the filter of a query
   * @throws StoreException when the database fails
   */
  static PairSql of(PairQuery q, Database db) {
    Optional<long[]> found = q.search().flatMap(text -> {
      List<String> words = searchWords(text);
      return words.isEmpty() ? Optional.empty() : db.searchIndex().flatMap(ix -> ix.pairsMatching(words));
    });
    return of(q, db.dialect(), found);
  }

  /** @return the words of a search text, lower case, none blank */
  static List<String> searchWords(String text) {
    List<String> out = new ArrayList<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("\\s+")) if (!word.isEmpty()) out.add(word);
    return out;
  }

  /** @param indexed the pairs the search index found for {@code q}'s search (then the search words are not read again) */
  private static PairSql of(PairQuery q, Dialect dialect, Optional<long[]> indexed) {
    List<Object> args = new ArrayList<>();
    StringBuilder w = new StringBuilder(q.ids().isPresent() ? "WHERE TRUE"
        : q.uncurated() ? "WHERE p.stage IN ('complete', 'imported')" : "WHERE p.stage = 'complete'");
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
    if (indexed.isPresent()) {
      long[] ids = indexed.get();
      if (ids.length == 0) {
        w.append(" AND FALSE");
      } else {
        // one array parameter, which H2 looks up in the primary key (an IN list of constants would be a new statement each time)
        w.append(" AND p.id = ANY(?)");
        args.add(java.util.Arrays.stream(ids).boxed().toArray(Long[]::new));
      }
    } else {
      q.search().ifPresent(text -> {
        for (String word : searchWords(text)) searchWord(dialect, word, w, args);
      });
    }
    return new PairSql(w.toString(), args, q.ids().isPresent() || indexed.isPresent());
  }

  /** A letter or digit: a search word without one has no word in PostgreSQL's index to look up. */
  private static final Pattern WORDY = Pattern.compile("[\\p{L}\\p{N}]");

  /** The expression PostgreSQL's GIN index {@code pair_search_words} (V18) is built on; a query must name it exactly. */
  static final String SEARCH_WORDS = "to_tsvector('simple', text)";

  /**
   * Appends the condition that a pair's search text contains {@code word} (lower case) anywhere: {@code LIKE '%word%'}.
   * On PostgreSQL a word with a letter or digit is first looked up in the GIN index over the text's words (V18,
   * {@link #SEARCH_WORDS}): every word PostgreSQL's parser makes of {@code word}, each as a prefix, all required
   * ({@code to_tsquery('simple', 'w1:* & w2:*')}); LIKE then checks the rows found. So on PostgreSQL a search word
   * matches where a word of the text starts with it ("wall" finds "wallet", "allet" finds nothing): a subset of H2's
   * matches. H2 reads all of {@code pair_search} with LIKE. Source: PostgreSQL 14 documentation, "Controlling Text
   * Search" (12.3.2, prefix matching with {@code :*}) and "GIN and GiST Index Types" (12.9).
   */
  private static void searchWord(Dialect dialect, String word, StringBuilder w, List<Object> args) {
    String like = like(word);
    if (dialect == Dialect.POSTGRESQL && WORDY.matcher(word).find()) {
      // each lexeme quoted for to_tsquery (a quote doubled, a backslash escaped), as a prefix
      w.append(" AND p.id IN (SELECT pair_id FROM pair_search WHERE ").append(SEARCH_WORDS)
          .append(" @@ (SELECT to_tsquery('simple', string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & '))")
          .append(" FROM unnest(to_tsvector('simple', ?))) AND text LIKE ? ESCAPE '\\')");
      args.add(word);
    } else {
      w.append(" AND p.id IN (SELECT pair_id FROM pair_search WHERE text LIKE ? ESCAPE '\\')");
    }
    args.add(like);
  }

  /** @return the LIKE pattern (escape character {@code \\}) of a text that contains {@code word} anywhere */
  static String like(String word) {
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  /**
   * The ORDER BY of this filter's query. For the default order it names the equality-filtered columns first (stage,
   * and status when filtered): that changes nothing in the order, but lets H2 read the page from the index
   * (stage[, status], queue_key) instead of sorting every matching row. A filter that names its pairs (ids, or a
   * search the index answered) orders by the queue key alone, so that H2 looks those pairs up by their primary key and
   * sorts them, instead of walking the whole queue index and testing each pair against the list (14 s for a search at
   * a million pairs in ReviewBench before this).
   */
  String orderBy(PairQuery q) {
    return switch (q.sort()) {
      case DIVERGENT_FIRST -> byIds ? "p.queue_key" : q.status().isPresent() ? "p.stage, p.status, p.queue_key" : "p.stage, p.queue_key";
      case OLDEST -> "p.id";
      case NEWEST -> "p.id DESC";
      case MOST_FLAGS -> "p.fidelity_flags DESC NULLS LAST, p.id";
    };
  }

  /** @return {@code n} comma-separated {@code ?} */
  static String placeholders(int n) { return String.join(",", Collections.nCopies(n, "?")); }
}
