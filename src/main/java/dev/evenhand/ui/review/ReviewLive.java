package dev.evenhand.ui.review;

import dev.evenhand.domain.Review;
import dev.evenhand.store.AssignmentRepository;
import dev.evenhand.store.ReviewConflictException;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ReviewUseCase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * Reviewers side by side on the Review screen (issue 15, point 3). The shown pair's version is read before the pair
 * itself, and every accept or reject states it, so a decision another reviewer made meanwhile is never overwritten:
 * the refusal shows as a notice naming who decided what and when and the pair's state now (the refused decision is
 * kept in its history as this reviewer's own, the edited text as their draft). Every {@link #POLL} the screen calls
 * {@link #poll()}: a heartbeat renews this reviewer's "open" mark on the shown pair, the marks of the others come
 * back (shown in the queue and the pair view), the queue's rows and counts are read again when the last review
 * action id moved, and a notice says so when the shown pair itself was decided by someone else.
 */
public final class ReviewLive {
  /** How often the screen polls: 3 s. */
  public static final Duration POLL = Duration.ofSeconds(3);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReviewLive.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private final ReviewUseCase review;
  private final String reviewer;
  private final TaskExecutor tasks;
  private final ReviewMessages messages;
  private final Runnable othersActed;
  private final ObservableMap<Long, String> others = FXCollections.observableHashMap();
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper openBy = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
  private final javafx.beans.property.ReadOnlyBooleanWrapper anyAssigned = new javafx.beans.property.ReadOnlyBooleanWrapper(false);
  private long shownId = -1;
  private long shownVersion = -1;
  private long lastSeen = -1;
  private boolean polling;

  /**
   * @param review      versions, marks, the last action id and assignment progress
   * @param reviewer    this reviewer
   * @param tasks       runs the reads
   * @param messages    the bundle and where a failed read shows
   * @param othersActed reloads the queue's rows and the counts (on the UI side)
   */
  ReviewLive(ReviewUseCase review, String reviewer, TaskExecutor tasks, ReviewMessages messages, Runnable othersActed) {
    this.review = review;
    this.reviewer = reviewer;
    this.tasks = tasks;
    this.messages = messages;
    this.othersActed = othersActed;
  }

  /** @return the pair's version, read on the background side before the pair itself (so a decision on it is never on a newer one) */
  long versionOf(long pairId) { return review.presence().version(pairId); }

  /** A pair shows (UI side), read at {@code version}; a notice about another pair goes. */
  void shown(long pairId, long version) {
    if (pairId != shownId) notice.set("");
    shownId = pairId;
    shownVersion = version;
    showOpenBy();
    beat();
  }

  /** No pair shows. */
  void none() {
    shownId = -1;
    shownVersion = -1;
    notice.set("");
    showOpenBy();
    beat();
  }

  /** Drops the notice (the reviewer reloads the pair). */
  void clearNotice() { notice.set(""); }

  /** @return the version of the shown pair its decisions are made on, -1 when none shows */
  long version() { return shownVersion; }

  /**
   * @param e why an action failed
   * @return true when it was refused because another reviewer decided the pair meanwhile: the notice then says who
   *     did what and when and the pair's state now
   */
  boolean refused(Throwable e) {
    if (!(e instanceof ReviewConflictException c)) return false;
    notice.set(String.format(messages.text("review.live.conflict"), c.latest().reviewer(), did(c.latest().action()), time(c.latest().at()),
        c.pairId(), messages.text("status." + c.latest().status().label())));
    return true;
  }

  private String did(dev.evenhand.domain.ReviewAction a) { return messages.text("review.live.did." + a.label()); }

  private static String time(Instant t) { return TIME.format(t); }

  private void beat() {
    long id = shownId;
    BackgroundTask.wrap(c -> {
      markQuietly(id);
      return null;
    }).executeWith(tasks);
  }

  /** Renews this reviewer's mark; a mark is a courtesy to the others, so a database that takes no writes (read-only) only loses it. */
  private void markQuietly(long pairId) {
    try {
      review.presence().heartbeat(pairId, reviewer);
    } catch (RuntimeException e) {
      LOG.debug("editing mark not written", e);
    }
  }

  /** What one poll read ({@code mine} null: not read again, nothing changed). */
  private record Seen(long last, Map<Long, List<String>> editing, long version, Optional<Review> decided, AssignmentRepository.Progress mine,
                      boolean anyAssigned) {}

  /** One poll (the screen calls it every {@link #POLL}; a poll still running makes the next one do nothing). */
  public void poll() {
    if (polling) return;
    polling = true;
    long id = shownId;
    long was = shownVersion;
    long seen = lastSeen;
    boolean hadAny = anyAssigned.get();
    BackgroundTask.wrap(c -> {
      markQuietly(id);
      long v = id < 0 ? -1 : review.presence().version(id);
      Optional<Review> decided = id < 0 || v == was ? Optional.empty() : review.history(id).stream().filter(r -> r.id() == v).findFirst();
      long last = review.presence().lastActionId();
      boolean any = !review.assignments().assignedSets().isEmpty();
      // progress reads every assigned pair's decisions: only when someone acted or the assignments came or went
      AssignmentRepository.Progress mine = any && (last != seen || !hadAny) ? review.assignments().progressOf(reviewer) : null;
      return new Seen(last, review.presence().editing(), v, decided, mine, any);
    }).onSuccess(s -> {
      polling = false;
      Map<Long, String> now = new HashMap<>();
      s.editing().forEach((pair, who) -> {
        List<String> rest = who.stream().filter(r -> !r.equals(reviewer)).toList();
        if (!rest.isEmpty()) now.put(pair, String.join(", ", rest));
      });
      others.keySet().retainAll(now.keySet());
      others.putAll(now);
      showOpenBy();
      if (s.last() != lastSeen) othersActed.run(); // the first poll too: someone may have acted while the queue loaded
      lastSeen = s.last();
      if (id == shownId && s.decided().isPresent() && !s.decided().get().reviewer().equals(reviewer) && notice.get().isEmpty()) {
        Review r = s.decided().get();
        notice.set(String.format(messages.text("review.live.changed"), r.reviewer(), did(r.action()), time(r.at()), messages.text("status." + r.after().label())));
      }
      anyAssigned.set(s.anyAssigned());
      var p = s.mine();
      if (!s.anyAssigned()) progress.set("");
      else if (p != null) progress.set(p.assigned() == 0 ? "" : String.format(messages.text("review.assigned.progress"), p.assigned(), p.decided(), p.left()));
    }).onFailure(e -> {
      polling = false;
      messages.failed(e);
    }).executeWith(tasks);
  }

  private void showOpenBy() {
    String who = shownId < 0 ? null : others.get(shownId);
    openBy.set(who == null ? "" : String.format(messages.text("review.live.openBy"), who));
  }

  /** Removes this reviewer's marks (the screen closes or hides). */
  public void stop() {
    BackgroundTask.wrap(c -> {
      review.presence().release(reviewer);
      return null;
    }).executeWith(tasks);
  }

  /** @return a view model of the Assignments view: who has done what on every assigned set */
  public AssignmentsViewModel assignments() { return new AssignmentsViewModel(review.assignments(), tasks); }

  /** @return true once a poll found any set assigned to reviewers (the screen then offers its assignment controls) */
  public javafx.beans.property.ReadOnlyBooleanProperty anyAssigned() { return anyAssigned.getReadOnlyProperty(); }

  /** @return the pairs open in other reviewers' Review screens, with their names ("bob, cy") */
  public ObservableMap<Long, String> others() { return others; }

  /** @return a notice on the shown pair: a refused decision, or a decision by someone else meanwhile; empty for none */
  public ReadOnlyStringProperty notice() { return notice.getReadOnlyProperty(); }

  /** @return "also open by NAME" for the shown pair, empty when no one else has it open */
  public ReadOnlyStringProperty openBy() { return openBy.getReadOnlyProperty(); }

  /** @return this reviewer's assignment progress ("7 assigned · 2 decided · 5 left"), empty when nothing is assigned to them */
  public ReadOnlyStringProperty progress() { return progress.getReadOnlyProperty(); }
}
