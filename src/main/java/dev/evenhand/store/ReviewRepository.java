package dev.evenhand.store;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.GenderedWord;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Review actions: each is saved at once, with the pair's new state, as one row of history holding the
 * state before and after, in a single transaction (never only the latest state).
 */
public final class ReviewRepository {
  private final Database db;

  /** @param db the open database */
  public ReviewRepository(Database db) { this.db = db; }

  /** @return the database this repository writes to (the drafts beside it use the same) */
  Database database() { return db; }

  /**
   * Applies one review action.
   *
   * @param pairId   the pair (must be in the queue)
   * @param reviewer who acts
   * @param action   what is done
   * @param after    the status afterwards, or null to keep it (skip, flag)
   * @param balanced the new balanced judgment, or empty to keep the current one
   * @param reason   a reason (reject), may be empty
   * @return the history row written
   * @throws IllegalArgumentException when the pair does not exist or is not in the review queue
   */
  public Review apply(long pairId, String reviewer, ReviewAction action, ReviewStatus after, Optional<BalancedJudgment> balanced,
                      String reason) {
    return apply(pairId, reviewer, action, after, balanced, reason, null, List.of());
  }

  /**
   * Applies one review action that the neutrality gate checked (issue 12): the action is saved only if the pair's
   * balanced judgment is still the one checked, and the findings accepted anyway are saved with its history row.
   *
   * @param checked  the balanced judgment the gate checked (null for none: no check); the pair's stored one must
   *                 equal it unless {@code balanced} replaces it
   * @param override the lint findings accepted anyway; empty for none
   * @return the history row written, with its override
   * @throws IllegalArgumentException when the pair does not exist or is not in the review queue
   * @throws IllegalStateException when the stored balanced judgment is no longer the one checked (changed meanwhile)
   */
  public Review apply(long pairId, String reviewer, ReviewAction action, ReviewStatus after, Optional<BalancedJudgment> balanced,
                      String reason, BalancedJudgment checked, List<GenderedWord> override) {
    return apply(pairId, reviewer, action, after, balanced, reason, checked, override, -1);
  }

  /**
   * As {@link #apply(long, String, ReviewAction, ReviewStatus, Optional, String, BalancedJudgment, List)}, made on a
   * known version of the pair (optimistic concurrency, issue 15 point 3): checked after the pair's row is locked.
   *
   * @param onVersion the pair's version the decision was made on ({@link ReviewPresenceRepository#version}); negative: no check
   * @throws ReviewConflictException when another decision replaced that version meanwhile: the pair is not changed, and
   *     an accept, accept with edits or reject is kept as this reviewer's own decision (a blind history row, which counts
   *     for agreement but changes neither status nor balanced judgment; its id is {@link ReviewConflictException#keptAs()})
   */
  public Review apply(long pairId, String reviewer, ReviewAction action, ReviewStatus after, Optional<BalancedJudgment> balanced,
                      String reason, BalancedJudgment checked, List<GenderedWord> override, long onVersion) {
    try {
      return decide(pairId, reviewer, action, after, balanced, reason, checked, override, onVersion);
    } catch (ReviewConflictException e) {
      if (action != ReviewAction.ACCEPT && action != ReviewAction.ACCEPT_EDITED && action != ReviewAction.REJECT) throw e;
      // nothing of the refused decision is lost: it is kept as this reviewer's own decision (a blind row: the pair stays)
      Review kept = applyBlind(pairId, reviewer, action != ReviewAction.REJECT, balanced,
          cut("not applied: pair decided meanwhile by " + e.latest().reviewer() + " (#" + e.latest().actionId() + ")"
              + (reason == null || reason.isEmpty() ? "" : "; " + reason), 4000));
      throw e.keptAs(kept.id());
    }
  }

  private Review decide(long pairId, String reviewer, ReviewAction action, ReviewStatus after, Optional<BalancedJudgment> balanced,
                        String reason, BalancedJudgment checked, List<GenderedWord> override, long onVersion) {
    return db.inTransaction(c -> {
      ReviewStatus before = statusInQueue(c, pairId, " FOR UPDATE");
      ReviewPresenceRepository.check(c, pairId, onVersion, action, before);
      ReviewStatus newStatus = after == null ? before : after;
      Optional<BalancedJudgment> old = PairRows.balanced(c, pairId);
      if (checked != null && balanced.isEmpty() && !old.map(checked::equals).orElse(false))
        throw new IllegalStateException("pair " + pairId + ": its balanced judgment changed while it was being accepted; nothing was saved, try again");
      if (balanced.isPresent()) {
        for (Gender g : Gender.values()) {
          int n = Sql.update(c, "UPDATE balanced_judgment SET text = ?, updated_at = ? WHERE pair_id = ? AND gender = ?",
              balanced.get().forGender(g), Instant.now(), pairId, g.label());
          if (n == 0) Sql.update(c, "INSERT INTO balanced_judgment(pair_id, gender, proposed_text, text, updated_at) VALUES (?,?,?,?,?)",
              pairId, g.label(), "", balanced.get().forGender(g), Instant.now());
        }
      }
      Optional<BalancedJudgment> now = balanced.isPresent() ? balanced : old;
      Sql.update(c, "UPDATE story_pair SET status = ?, flagged = CASE WHEN ? THEN TRUE ELSE flagged END WHERE id = ?",
          newStatus.label(), action == ReviewAction.FLAG, pairId);
      if (balanced.isPresent()) PairRows.refreshSearchText(c, pairId);
      return history(c, new Review(0, pairId, reviewer, action, before, newStatus, old.orElse(null), now.orElse(null), reason, Instant.now(),
          override), false);
    });
  }

  /**
   * The names and balanced judgment the neutrality gate lints before an accept.
   *
   * @param maleName   the male protagonist's name, empty for none
   * @param femaleName the female protagonist's name, empty for none
   * @param balanced   the stored balanced judgment, if any
   */
  public record Texts(String maleName, String femaleName, Optional<BalancedJudgment> balanced) {}

  /** @return the pair's protagonists' names and balanced judgment, empty when there is no such pair */
  public Optional<Texts> texts(long pairId) {
    return db.read(c -> {
      List<String> names = Sql.list(c, "SELECT name FROM story WHERE pair_id = ? ORDER BY CASE gender WHEN 'male' THEN 0 ELSE 1 END",
          rs -> rs.getString(1), pairId);
      if (names.size() < 2) return Optional.<Texts>empty();
      return Optional.of(new Texts(names.get(0) == null ? "" : names.get(0), names.get(1) == null ? "" : names.get(1), PairRows.balanced(c, pairId)));
    });
  }

  /**
   * @return the pairs whose current status was set by an accept with an override (the latest history row that set a status,
   *     blind rows aside, carries findings), in id order
   */
  public java.util.Set<Long> acceptedWithOverride() {
    return db.read(c -> new java.util.TreeSet<>(Sql.list(c, "SELECT ra.pair_id FROM review_action ra WHERE ra.blind = FALSE "
        + "AND ra.status_after = 'accepted' AND EXISTS (SELECT 1 FROM review_override o WHERE o.action_id = ra.id) "
        + "AND ra.id = (SELECT MAX(r2.id) FROM review_action r2 WHERE r2.pair_id = ra.pair_id AND r2.blind = FALSE "
        + "AND r2.action NOT IN ('skip', 'flag'))", rs -> rs.getLong(1))));
  }

  /** @return true when the pair is in the review queue (stage complete), so it can be accepted or rejected */
  public boolean inQueue(long pairId) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair WHERE id = ? AND stage = 'complete'", pairId) > 0);
  }

  /**
   * Saves a blind second review: a history row marked blind with the reviewer's decision and text, which
   * changes neither the pair's status nor its balanced judgment.
   *
   * @param accepted true for accept (with {@code edited} text when edited), false for reject
   * @throws IllegalArgumentException when the pair does not exist or is not in the review queue
   */
  public Review applyBlind(long pairId, String reviewer, boolean accepted, Optional<BalancedJudgment> edited, String reason) {
    return db.inTransaction(c -> {
      ReviewStatus st = statusInQueue(c, pairId, "");
      Optional<BalancedJudgment> cur = PairRows.balanced(c, pairId);
      ReviewAction action = !accepted ? ReviewAction.REJECT : edited.isPresent() ? ReviewAction.ACCEPT_EDITED : ReviewAction.ACCEPT;
      Optional<BalancedJudgment> after = edited.isPresent() ? edited : cur;
      return history(c, new Review(0, pairId, reviewer, action, st, st, cur.orElse(null), after.orElse(null), reason, Instant.now()), true);
    });
  }

  /** @return the status of a pair in the review queue @throws IllegalArgumentException when it is not in the queue */
  private static ReviewStatus statusInQueue(Connection c, long pairId, String lock) throws SQLException {
    Optional<String> status = Sql.one(c, "SELECT status FROM story_pair WHERE id = ? AND stage = 'complete'" + lock, rs -> rs.getString(1), pairId);
    if (status.isEmpty()) throw new IllegalArgumentException("no pair " + pairId + " in the review queue");
    return ReviewStatus.parse(status.get());
  }

  /** Writes one history row (its id is ignored) and returns it with the id it got. */
  private static Review history(Connection c, Review r, boolean blind) throws SQLException {
    long id = Sql.insert(c, "INSERT INTO review_action(pair_id, reviewer, action, status_before, status_after, male_before, "
            + "female_before, male_after, female_after, reason, created_at, blind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        r.pairId(), r.reviewer(), r.action().label(), r.before().label(), r.after().label(), male(r.balancedBefore()), female(r.balancedBefore()),
        male(r.balancedAfter()), female(r.balancedAfter()), r.reason() == null ? "" : r.reason(), r.at(), blind);
    saveOverride(c, id, r.override());
    GuidelinesRepository.stamp(c, id, r.pairId()); // issue 15, point 5: the guidelines version this decision was made under
    return new Review(id, r.pairId(), r.reviewer(), r.action(), r.before(), r.after(), r.balancedBefore(), r.balancedAfter(), r.reason(), r.at(),
        r.override());
  }

  private static String male(BalancedJudgment b) { return b == null ? null : b.male(); }

  private static String female(BalancedJudgment b) { return b == null ? null : b.female(); }

  /**
   * Two reviewers' latest decisions on one pair both decided.
   *
   * @param acceptedByA true when A accepted (with or without edits), false when A rejected
   * @param acceptedByB the same for B
   * @param editedByA   A's edited text (male, newline, female) when A accepted with edits, else null
   * @param editedByB   the same for B
   */
  public record BothDecided(boolean acceptedByA, boolean acceptedByB, String editedByA, String editedByB) {}

  /**
   * Each reviewer's latest decision (accept, accept with edits, reject; blind or not) on the pairs both decided.
   *
   * @return one row per pair both decided
   */
  public List<BothDecided> decisions(String a, String b) {
    String latest = "SELECT ra.pair_id, ra.action, ra.male_after || " + db.dialect().newline() + " || ra.female_after AS txt FROM review_action ra "
        + "WHERE ra.reviewer = ? AND ra.action IN ('accept','accept_edited','reject') AND ra.id = (SELECT MAX(r2.id) FROM review_action r2 "
        + "WHERE r2.pair_id = ra.pair_id AND r2.reviewer = ra.reviewer AND r2.action IN ('accept','accept_edited','reject','undo'))";
    return db.read(c -> Sql.list(c, "SELECT x.action, x.txt, y.action, y.txt FROM (" + latest + ") x JOIN (" + latest + ") y ON x.pair_id = y.pair_id",
        rs -> new BothDecided(!rs.getString(1).equals("reject"), !rs.getString(3).equals("reject"),
            rs.getString(1).equals("accept_edited") ? rs.getString(2) : null, rs.getString(3).equals("accept_edited") ? rs.getString(4) : null),
        a, b));
  }

  /**
   * One reviewer's latest decision on one pair (an undo takes it back).
   *
   * @param pairId   the pair
   * @param reviewer who decided
   * @param accepted true for accept (with or without edits), false for reject
   */
  public record LatestDecision(long pairId, String reviewer, boolean accepted) {}

  /** @return every reviewer's latest decision on every pair they decided (not taken back), by pair then reviewer */
  public List<LatestDecision> latestDecisions() {
    return db.read(c -> Sql.list(c, "SELECT ra.pair_id, ra.reviewer, ra.action FROM review_action ra WHERE ra.action IN ('accept','accept_edited','reject') "
        + "AND ra.id = (SELECT MAX(r2.id) FROM review_action r2 WHERE r2.pair_id = ra.pair_id AND r2.reviewer = ra.reviewer "
        + "AND r2.action IN ('accept','accept_edited','reject','undo')) ORDER BY ra.pair_id, ra.reviewer",
        rs -> new LatestDecision(rs.getLong(1), rs.getString(2), !rs.getString(3).equals("reject"))));
  }

  /** @return the reviewers who decided any pair, sorted */
  public List<String> reviewers() {
    return db.read(c -> Sql.list(c, "SELECT DISTINCT reviewer FROM review_action ORDER BY 1", rs -> rs.getString(1)));
  }

  /** @return the pair's review history, oldest first, each row with the findings accepted anyway (its override) */
  public List<Review> history(long pairId) {
    return db.read(c -> {
      java.util.Map<Long, List<GenderedWord>> overrides = overrides(c, pairId);
      return Sql.list(c, "SELECT * FROM review_action WHERE pair_id = ? ORDER BY id", rs -> new Review(
          rs.getLong("id"), rs.getLong("pair_id"), rs.getString("reviewer"),
          ReviewAction.valueOf(rs.getString("action").toUpperCase(java.util.Locale.ROOT)),
          ReviewStatus.parse(rs.getString("status_before")), ReviewStatus.parse(rs.getString("status_after")),
          bj(rs.getString("male_before"), rs.getString("female_before")), bj(rs.getString("male_after"), rs.getString("female_after")),
          rs.getString("reason"), Sql.instant(rs, "created_at"), overrides.getOrDefault(rs.getLong("id"), List.of())), pairId);
    });
  }

  /** @return the override findings of a pair's history rows, by history row id, each in the order saved */
  static java.util.Map<Long, List<GenderedWord>> overrides(Connection c, long pairId) throws SQLException {
    java.util.Map<Long, List<GenderedWord>> overrides = new java.util.HashMap<>();
    for (var o : Sql.list(c, "SELECT o.action_id, o.gender, o.word, o.reason FROM review_override o JOIN review_action ra ON ra.id = o.action_id "
        + "WHERE ra.pair_id = ? ORDER BY o.action_id, o.seq", rs -> java.util.Map.entry(rs.getLong(1),
        new GenderedWord(PairRows.gender(rs.getString(2)), rs.getString(3), rs.getString(4))), pairId)) {
      overrides.computeIfAbsent(o.getKey(), k -> new java.util.ArrayList<>()).add(o.getValue());
    }
    return overrides;
  }

  /**
   * Saves the override findings of one history row (issue 12); the lossless import uses it too.
   *
   * @param actionId the history row
   * @param override its findings, in order; words over 200 and reasons over 100 characters are cut
   */
  static void saveOverride(Connection c, long actionId, List<GenderedWord> override) throws SQLException {
    int seq = 0;
    for (GenderedWord w : override) {
      Sql.update(c, "INSERT INTO review_override(action_id, seq, gender, word, reason) VALUES (?,?,?,?,?)", actionId, seq++, w.story().label(),
          cut(w.word(), 200), cut(w.reason(), 100));
    }
  }

  /** @return {@code s} cut to its first {@code max} characters (the column's size) */
  static String cut(String s, int max) { return s.length() > max ? s.substring(0, max) : s; }

  private static BalancedJudgment bj(String m, String f) { return m == null || f == null ? null : new BalancedJudgment(m, f); }
}
