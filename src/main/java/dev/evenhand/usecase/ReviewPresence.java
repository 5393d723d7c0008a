package dev.evenhand.usecase;

import dev.evenhand.store.ReviewPresenceRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reviewers side by side (issue 15, point 3), as the Review screen and the {@code review} command use it: the
 * version of a pair a decision is made on (optimistic concurrency: a decision on a replaced version is refused with a
 * {@link dev.evenhand.store.ReviewConflictException}), the last review action id a screen polls to refresh its
 * queue when others act, and short-lived "open by NAME" marks renewed by a heartbeat. Blocks on the database.
 */
public final class ReviewPresence {
  /** How long an editing mark lasts without a heartbeat: 20 s (a screen renews it every few seconds). */
  public static final Duration MARK_TTL = Duration.ofSeconds(20);
  private final ReviewPresenceRepository repo;
  private final Clock clock;

  /** @param repo the marks and versions in the store */
  public ReviewPresence(ReviewPresenceRepository repo) { this(repo, Clock.systemUTC()); }

  /**
   * @param repo  the marks and versions in the store
   * @param clock the time marks are written and read with
   */
  public ReviewPresence(ReviewPresenceRepository repo, Clock clock) {
    this.repo = Objects.requireNonNull(repo, "repo");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @return the pair's version: the id of its latest decision (not blind, not skip or flag), 0 before any */
  public long version(long pairId) { return repo.version(pairId); }

  /** @return the id of the newest review action in the database, 0 when none: it changes whenever anyone acts */
  public long lastActionId() { return repo.lastActionId(); }

  /**
   * Marks the pair as open by the reviewer for {@link #MARK_TTL} (a heartbeat renews it); their other marks go.
   *
   * @param pairId the pair shown, negative for none (only removes the reviewer's marks)
   */
  public void heartbeat(long pairId, String reviewer) { repo.mark(pairId, reviewer, clock.instant(), MARK_TTL); }

  /** Removes the reviewer's marks (the screen closes). */
  public void release(String reviewer) { repo.release(reviewer); }

  /** @return for each pair open in someone's Review screen (marks not expired), the reviewers, sorted; by pair id */
  public Map<Long, List<String>> editing() {
    Map<Long, List<String>> out = new TreeMap<>();
    for (var e : repo.editing(clock.instant())) out.computeIfAbsent(e.pairId(), k -> new ArrayList<>()).add(e.reviewer());
    return out;
  }
}
