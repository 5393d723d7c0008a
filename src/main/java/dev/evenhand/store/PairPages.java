package dev.evenhand.store;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads pairs a page at a time for {@link PairRepository#forEach} (issue 13, point 8): which pairs of a window of
 * the primary key match a filter, and whole pairs by the page, four queries a page instead of five a pair.
 *
 * <p>The window is the way to page in id order through H2's primary key: with a filter on the stage, H2 2.5.252
 * picks the index {@code story_pair_created (stage, created_at)} for {@code WHERE p.stage = 'complete' AND p.id > ?
 * ORDER BY p.id LIMIT n} and sorts every matching row after {@code ?} to return the first {@code n} (EXPLAIN shows
 * no "index sorted"), so paging 100,000 pairs read and sorted about 5 million rows, spilling the sorts to disk.
 * Over {@code p.id IN (SELECT id FROM story_pair WHERE id > ? ORDER BY id LIMIT n)} H2 reads the primary key
 * ("index sorted").
 */
final class PairPages {
  /** Ids of the primary key looked at per query. */
  static final int WINDOW = 1000;

  private PairPages() {}

  /**
   * One window of the primary key.
   *
   * @param matching the ids in the window that match the filter, ascending
   * @param last     the window's last id, where the next window starts after; -1 when the window is empty (the end)
   */
  record Window(List<Long> matching, long last) {}

  /** @return the window of up to {@value #WINDOW} ids after {@code after}, with those that match the filter */
  static Window window(Connection c, PairSql f, long after) throws SQLException {
    String cond = f.where().substring("WHERE ".length());
    List<long[]> rows = Sql.list(c, "SELECT p.id, CASE WHEN " + cond + " THEN 1 ELSE 0 END FROM story_pair p WHERE p.id IN "
        + "(SELECT id FROM story_pair WHERE id > ? ORDER BY id LIMIT " + WINDOW + ") ORDER BY p.id",
        rs -> new long[] {rs.getLong(1), rs.getInt(2)}, f.argsAnd(after));
    List<Long> matching = new ArrayList<>();
    for (long[] r : rows) if (r[1] == 1) matching.add(r[0]);
    return new Window(matching, rows.isEmpty() ? -1 : rows.get(rows.size() - 1)[0]);
  }

  /** The head row of a pair. */
  private record Head(long id, String environment, double rouge1, String modelTag, String status, boolean flagged, Instant createdAt,
                      String setName, Long sourceId, String sourceSet, String setKind, boolean namesChecked) {}

  /**
   * @param ids pair ids, ascending, at most a few thousand
   * @return the pairs that exist, in the order of {@code ids}, each as {@link PairRows#find} reads it: the latest
   *     judgment of each story, the balanced judgment when both sides have one
   */
  static List<CuratedPair> find(Connection c, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) return List.of();
    long first = ids.get(0), last = ids.get(ids.size() - 1);
    String in;
    if (2L * ids.size() >= last - first + 1) {
      // a dense page (an export of a whole set): the range of ids, read by the indexes' ranges; the few ids in it that
      // are not asked for are read too and left out below. H2 2.5.252 builds a sorted set of a constant IN list's
      // values for every query, parsed anew each time: with the sorting of the range read it was about a fifth of the
      // page reader's samples in a JFR profile of ExchangeBench (issue 13, point 8)
      in = "BETWEEN " + first + " AND " + last;
    } else {
      // the ids as literals (they are longs): H2 checks each row against a constant IN list with a hash set, but
      // against a list of parameters one value after the other (ConditionIn: 1,000 comparisons a row for a full page)
      StringBuilder list = new StringBuilder("IN (");
      for (long id : ids) list.append(list.length() > 4 ? "," : "").append(id);
      in = list.append(')').toString();
    }
    java.util.Set<Long> asked = new java.util.HashSet<>(ids);
    List<Head> heads = Sql.list(c, "SELECT p.id, p.environment, p.rouge1, p.model_tag, p.status, p.flagged, p.created_at, ps.name, "
            + "p.source_id, p.source_set, COALESCE(p.source_kind, ps.kind), p.names_checked FROM story_pair p JOIN pair_set ps ON ps.id = p.set_id "
            + "WHERE p.id " + in + " ORDER BY p.id",
        rs -> new Head(rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
            Sql.instant(rs, "created_at"), rs.getString(8), Sql.longOrNull(rs, "source_id"), rs.getString(10), rs.getString(11), rs.getBoolean(12)));
    Map<Long, Map<Gender, Story>> stories = new HashMap<>();
    Sql.list(c, "SELECT pair_id, gender, name, text FROM story WHERE pair_id " + in, rs -> {
      Gender g = PairRows.gender(rs.getString(2));
      stories.computeIfAbsent(rs.getLong(1), k -> new EnumMap<>(Gender.class)).put(g, new Story(g, rs.getString(3), rs.getString(4)));
      return null;
    });
    // every judgment of the page's stories, oldest first: the last one of each story is its latest
    Map<Long, Map<Gender, Judgment>> judgments = new HashMap<>();
    Sql.list(c, "SELECT s.pair_id, s.gender, j.stance, j.explanation FROM judgment j JOIN story s ON s.id = j.story_id "
        + "WHERE s.pair_id " + in + " ORDER BY j.id", rs -> {
          judgments.computeIfAbsent(rs.getLong(1), k -> new EnumMap<>(Gender.class))
              .put(PairRows.gender(rs.getString(2)), new Judgment(Stance.valueOf(rs.getString(3)), rs.getString(4)));
          return null;
        });
    Map<Long, Map<Gender, String>> balanced = new HashMap<>();
    Sql.list(c, "SELECT pair_id, gender, text FROM balanced_judgment WHERE pair_id " + in, rs -> {
      balanced.computeIfAbsent(rs.getLong(1), k -> new EnumMap<>(Gender.class)).put(PairRows.gender(rs.getString(2)), rs.getString(3));
      return null;
    });
    List<CuratedPair> out = new ArrayList<>(heads.size());
    for (Head h : heads) {
      if (!asked.contains(h.id())) continue;
      Map<Gender, Story> s = stories.getOrDefault(h.id(), Map.of());
      Map<Gender, Judgment> j = judgments.getOrDefault(h.id(), Map.of());
      Map<Gender, String> b = balanced.getOrDefault(h.id(), Map.of());
      StoryPair pair = new StoryPair(s.get(Gender.MALE), s.get(Gender.FEMALE), h.environment());
      Optional<BalancedJudgment> bj = b.size() == 2 ? Optional.of(new BalancedJudgment(b.get(Gender.MALE), b.get(Gender.FEMALE))) : Optional.empty();
      out.add(new CuratedPair(h.id(), h.setName(), pair, h.rouge1(), Optional.ofNullable(j.get(Gender.MALE)), Optional.ofNullable(j.get(Gender.FEMALE)),
          h.modelTag() == null ? "" : h.modelTag(), bj, ReviewStatus.parse(h.status()), h.flagged(), h.createdAt(),
          h.sourceId() == null ? h.id() : h.sourceId(), h.sourceSet() == null ? h.setName() : h.sourceSet(), h.setKind(), h.namesChecked()));
    }
    return out;
  }

  /** @see PairRepository#forEach */
  static void forEach(Database db, PairSql f, Consumer<CuratedPair> each) {
    ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "evenhand-pair-pages");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<Page> next = reader.submit(() -> page(db, f, -1));
      while (true) {
        Page page = take(next);
        if (page.last() < 0) return;
        next = reader.submit(() -> page(db, f, page.last()));
        page.pairs().forEach(each);
      }
    } finally {
      // never interrupt the reader: H2 closes its file when a thread is interrupted in the middle of a read
      reader.shutdown();
      try {
        if (!reader.awaitTermination(2, TimeUnit.MINUTES)) throw new StoreException("a page of pairs took over 2 minutes to read", null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One page of {@link PairRepository#forEach}: the matching pairs of a window and the window's last id (-1 after the last window). */
  private record Page(List<CuratedPair> pairs, long last) {}

  private static Page page(Database db, PairSql f, long after) {
    PairPages.Window w = db.read(c -> PairPages.window(c, f, after));
    if (w.last() < 0) return new Page(List.of(), -1);
    return new Page(w.matching().isEmpty() ? List.of() : db.read(c -> PairPages.find(c, w.matching())), w.last());
  }

  private static Page take(Future<Page> page) {
    try {
      return page.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new StoreException("reading a page of pairs failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted while reading pairs");
    }
  }
}
