package dev.evenhand.ui.review;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairSummary;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ReviewUseCase;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.ObservableList;

/**
 * The review queue a page at a time. The list holds only row numbers; the rows (pair summaries) are
 * fetched {@value #PAGE} at a time as the list shows them and at most about 20 pages are kept, so 100,000
 * pairs never sit in memory. A search takes all matching ids in its one pass over the texts (matches are
 * few) and fetches the rows of those ids page by page.
 */
final class QueuePager {
  /** Rows fetched at once when the list needs one. */
  static final int PAGE = 200;
  private final ReviewUseCase review;
  private final TaskExecutor tasks;
  private final ReviewMessages messages;
  private final IndexList queue = new IndexList();
  private final Map<Integer, PairSummary> rows = new HashMap<>();
  private final Set<Integer> pagesLoading = new HashSet<>();
  private final IntegerProperty rowsVersion = new SimpleIntegerProperty();
  private final IntegerProperty queueLoads = new SimpleIntegerProperty();
  private final BooleanProperty counting = new SimpleBooleanProperty();
  private PairQuery current = PairQuery.ALL;
  private List<Long> searchIds;
  private long token;
  /** The count of the list loaded last, until {@link #countNow()} starts it; null when there is none to start. */
  private Runnable countLater;

  /**
   * @param review   reads the queue
   * @param tasks    runs the reads
   * @param messages where a failed read is shown
   */
  QueuePager(ReviewUseCase review, TaskExecutor tasks, ReviewMessages messages) {
    this.review = review;
    this.tasks = tasks;
    this.messages = messages;
  }

  /**
   * The list's first page and its size; with a search, every matching id too.
   *
   * @param counted false when {@code size} is only the first page's: the list is being counted
   */
  private record FirstPage(long size, List<PairSummary> rows, List<Long> allIds, boolean counted) {}

  /**
   * Loads the queue of a query: its first page in one background task, so the first pair shows at once, and its size
   * with it when that is known without a COUNT (a status-only filter, a search, a list shorter than a page); else the
   * list first holds the first page and grows to its full size when a second task, started by {@link #countNow()}, has
   * counted it (issue 15, point 8: counting a million pairs took longer than showing the first one). A newer load makes
   * an older one's results be dropped.
   *
   * @param q         the filters and order
   * @param knownSize the list's size when already known (no COUNT then), else null
   * @param then      runs on the UI side once the list has its first page (and its size, when known)
   * @param counted   runs on the UI side when the list has grown to its counted size (not when the size came with the page)
   */
  void load(PairQuery q, Long knownSize, Runnable then, Runnable counted) {
    long mine = ++token;
    BackgroundTask.wrap(c -> first(q, knownSize)).onSuccess(f -> {
      if (mine != token) return;
      searchIds = f.allIds();
      rows.clear();
      pagesLoading.clear();
      for (int i = 0; i < f.rows().size(); i++) rows.put(i, f.rows().get(i));
      pagesLoading.add(0);
      current = q;
      // the fetched rows first, then the rest as an addition: ListViewSkin marks every row of a replacement dirty, one
      // layout request each (a reset to 600,000 rows took 200 ms of the FX thread at a million pairs), an addition not
      queue.reset(f.rows().size());
      if (f.size() > f.rows().size()) queue.grow((int) Math.min(f.size(), Integer.MAX_VALUE));
      counting.set(!f.counted());
      countLater = f.counted() ? null : () -> count(q, mine, counted);
      then.run();
      queueLoads.set(queueLoads.get() + 1);
    }).onFailure(messages::failed).executeWith(tasks);
  }

  /**
   * Starts counting the list loaded last when it waits to be counted; the caller asks once the list's first pair is
   * shown, so a COUNT over a million pairs does not compete with showing it (issue 15, point 8). Does nothing when the
   * list needs no count or its count has started.
   */
  void countNow() {
    Runnable c = countLater;
    countLater = null;
    if (c != null) c.run();
  }

  /** Counts the list of a load whose first page is shown, and grows the list to that size (rows appended, selection kept). */
  private void count(PairQuery q, long mine, Runnable counted) {
    BackgroundTask.wrap(c -> review.count(q)).onSuccess(n -> {
      if (mine != token) return;
      // fewer than the page shown: pairs left the list meanwhile (another reviewer); the next refresh shows it
      if (n > queue.size()) queue.grow((int) Math.min(n, Integer.MAX_VALUE));
      counting.set(false);
      counted.run();
    }).onFailure(e -> {
      if (mine == token) counting.set(false);
      messages.failed(e);
    }).executeWith(tasks);
  }

  private FirstPage first(PairQuery q, Long knownSize) {
    if (q.search().isPresent()) {
      // a search reads every pair's text once: take all matching ids in that one pass rather than a count
      // and then a page, which would read every text twice
      List<Long> all = review.ids(q);
      return new FirstPage(all.size(), review.summaries(all.subList(0, Math.min(PAGE, all.size()))), all, true);
    }
    List<PairSummary> page = review.page(q, 0, PAGE);
    if (knownSize != null) return new FirstPage(knownSize, page, null, true);
    return new FirstPage(page.size(), page, null, page.size() < PAGE);
  }

  /**
   * @return the row at an index if fetched; otherwise starts fetching its page and returns what is there
   *     once that returns (null until the page arrives; {@link #rowsVersion()} then changes)
   */
  PairSummary row(int index) {
    if (index < 0 || index >= queue.size()) return null;
    PairSummary r = rows.get(index);
    if (r != null) return r;
    fetchPage(index / PAGE, null);
    return rows.get(index);
  }

  /** @return the row at an index if it is fetched, else null (fetches nothing) */
  PairSummary cached(int index) { return rows.get(index); }

  /** Fetches the page of a row (again, if need be) and then runs {@code then} on the UI side. */
  void whenFetched(int index, Runnable then) { fetchPage(index / PAGE, then); }

  private void fetchPage(int page, Runnable then) {
    if (!pagesLoading.add(page) && then == null) return;
    PairQuery q = current;
    List<Long> ids = searchIds;
    long mine = token;
    BackgroundTask.wrap(c -> ids == null ? review.page(q, page * PAGE, PAGE)
        : review.summaries(ids.subList(Math.min(ids.size(), page * PAGE), Math.min(ids.size(), (page + 1) * PAGE)))).onSuccess(list -> {
          if (mine != token) return;
          if (rows.size() > 20 * PAGE) {
            rows.keySet().removeIf(i -> i / PAGE != page);
            pagesLoading.clear();
          }
          for (int i = 0; i < list.size(); i++) rows.put(page * PAGE + i, list.get(i));
          pagesLoading.add(page);
          rowsVersion.set(rowsVersion.get() + 1);
          if (then != null) then.run();
        }).onFailure(messages::failed).executeWith(tasks);
  }

  /**
   * Puts a pair's new row in place after an action (when that index still holds that pair) and has the
   * list redraw.
   */
  void update(int index, long pairId, Optional<PairSummary> row) {
    if (row.isPresent() && index >= 0 && index < queue.size() && idAt(index) == pairId) rows.put(index, row.get());
    rowsVersion.set(rowsVersion.get() + 1);
  }

  /**
   * Reads the fetched rows again by their pair ids (others acted: statuses changed) and puts each in place while its
   * index still holds that pair; the list keeps its size, order and selection.
   *
   * @param then runs on the UI side afterwards
   */
  void refreshRows(Runnable then) {
    Map<Integer, Long> shown = new HashMap<>();
    rows.forEach((i, r) -> shown.put(i, r.id()));
    long mine = token;
    BackgroundTask.wrap(c -> review.summaries(List.copyOf(shown.values()))).onSuccess(list -> {
      if (mine != token) return;
      Map<Long, PairSummary> byId = new HashMap<>();
      for (PairSummary r : list) byId.put(r.id(), r);
      shown.forEach((i, id) -> { if (idAt(i) == id && byId.containsKey(id)) rows.put(i, byId.get(id)); });
      rowsVersion.set(rowsVersion.get() + 1);
      then.run();
    }).onFailure(messages::failed).executeWith(tasks);
  }

  /** @return the row of a pair id among the fetched rows, or -1 */
  int indexOf(long pairId) {
    if (pairId < 0) return -1;
    for (Map.Entry<Integer, PairSummary> e : rows.entrySet()) if (e.getValue().id() == pairId) return e.getKey();
    return -1;
  }

  /** @return the pair id at a row, or -1 when that row is not fetched */
  long idAt(int index) {
    PairSummary r = rows.get(index);
    return r == null ? -1 : r.id();
  }

  /**
   * @return the next row after {@code at} whose status is pending as far as the list knows; past the end of the list,
   *     the first pending row among the fetched rows before {@code at} (the README's "the next pending pair shows":
   *     the last pending pair of a list accepted, the reviewer is taken back to the pending ones left above it); else
   *     the next row, or {@code at} at the end of the list
   */
  int nextPending(int at) {
    for (int i = at + 1; i < queue.size() && i < at + PAGE; i++) {
      PairSummary r = rows.get(i);
      if (r == null || r.status() == ReviewStatus.PENDING) return i;
    }
    if (at + PAGE >= queue.size()) {
      for (int i = 0; i < at && i < queue.size(); i++) {
        PairSummary r = rows.get(i);
        if (r != null && r.status() == ReviewStatus.PENDING) return i;
      }
    }
    return Math.min(at + 1, queue.size() - 1);
  }

  /** @return rows in the list */
  int size() { return queue.size(); }

  /** @return the row numbers 0 to size - 1 */
  ObservableList<Integer> queue() { return queue; }

  /** @return bumped whenever fetched rows arrive or change */
  IntegerProperty rowsVersion() { return rowsVersion; }

  /** @return true while the list holds its first page only and is being counted */
  ReadOnlyBooleanProperty counting() { return counting; }

  /** @return bumped each time the queue is reloaded */
  IntegerProperty queueLoads() { return queueLoads; }
}
