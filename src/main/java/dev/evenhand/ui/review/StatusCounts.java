package dev.evenhand.ui.review;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.store.PairQuery;
import java.util.Map;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The status bar's counts (reviewed of total, pending, accepted, rejected, in this list) and the share of
 * pairs reviewed. Keeps the last counts, so a filter on the status alone needs no COUNT over the queue.
 */
final class StatusCounts {
  private final StringProperty line = new SimpleStringProperty("");
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final ReviewMessages messages;
  private Map<ReviewStatus, Long> last;

  /** @param messages gives the line's text ({@code review.counts}) */
  StatusCounts(ReviewMessages messages) { this.messages = messages; }

  /**
   * @param byStatus  queue pairs by review status
   * @param listSize  pairs in the list shown, or -1 while the list is being counted
   */
  void show(Map<ReviewStatus, Long> byStatus, int listSize) {
    last = byStatus;
    long pending = byStatus.getOrDefault(ReviewStatus.PENDING, 0L);
    long accepted = byStatus.getOrDefault(ReviewStatus.ACCEPTED, 0L);
    long rejected = byStatus.getOrDefault(ReviewStatus.REJECTED, 0L);
    long total = pending + accepted + rejected;
    line.set(listSize < 0 ? String.format(messages.text("review.countsCounting"), accepted + rejected, total, pending, accepted, rejected)
        : String.format(messages.text("review.counts"), accepted + rejected, total, pending, accepted, rejected, listSize));
    progress.set(total == 0 ? 0 : (double) (accepted + rejected) / total);
  }

  /** Shows the last counts again with a new list size; nothing before the first counts arrived. */
  void showAgain(int listSize) {
    if (last != null) show(last, listSize);
  }

  /**
   * @return the size of the list a query gives, from the last counts, when the query filters on the
   *     status alone (or on nothing); null when it must be counted
   */
  Long knownSize(PairQuery q) {
    Map<ReviewStatus, Long> known = last;
    if (known == null || !onlyStatus(q)) return null;
    return q.status().map(st -> known.getOrDefault(st, 0L)).orElseGet(() -> known.values().stream().mapToLong(Long::longValue).sum());
  }

  private static boolean onlyStatus(PairQuery q) {
    // compared as a whole, so a filter added to PairQuery later (e.g. assignedTo) is never mistaken for none
    return q.equals(PairQuery.ALL.withStatus(q.status().orElse(null)).withSort(q.sort()));
  }

  /** @return reviewed of total, by status */
  StringProperty line() { return line; }

  /** @return the share of pairs reviewed, 0 to 1 */
  DoubleProperty progress() { return progress; }
}
