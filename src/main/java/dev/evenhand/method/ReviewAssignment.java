package dev.evenhand.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Splits a set's story pairs among named reviewers so that each pair goes to {@code k} of them (issue 15, point
 * 4: assignment with overlap, as Label Studio's "overlap" and Argilla's "min_submitted" distribute records).
 *
 * <p>The rule: reviewers are sorted by name (duplicates dropped), pairs taken in the order given (ascending id), and
 * the {@code P * k} review slots dealt round-robin: pair {@code i} goes to reviewers {@code (i*k + j) mod n} for
 * {@code j = 0..k-1}. Since {@code k <= n}, the {@code k} reviewers of one pair are distinct; since the slots are dealt
 * in turn, the reviewers' counts differ by at most one. The same pairs and names give the same split.
 */
public final class ReviewAssignment {
  private ReviewAssignment() {}

  /**
   * @param pairIds   the pairs, in the order to deal them (ascending id for a set)
   * @param reviewers the reviewers' names (any order; blank and repeated names are refused)
   * @param overlap   k: how many reviewers each pair goes to, 1 to the number of reviewers
   * @return for each pair, in the order given, its k reviewers (sorted by name)
   * @throws InvalidInputException when there is no reviewer, a name is blank or repeated, or k is outside 1..n
   */
  public static Map<Long, List<String>> split(List<Long> pairIds, List<String> reviewers, int overlap) {
    TreeSet<String> names = new TreeSet<>();
    for (String r : reviewers) {
      if (r == null || r.isBlank()) throw new InvalidInputException("--reviewers: a reviewer name is empty");
      if (!names.add(r.strip())) throw new InvalidInputException("--reviewers: '" + r.strip() + "' is named twice");
    }
    if (names.isEmpty()) throw new InvalidInputException("--reviewers: name at least one reviewer");
    if (overlap < 1 || overlap > names.size()) {
      throw new InvalidInputException("--overlap: must be 1 to the number of reviewers (" + names.size() + "), not " + overlap);
    }
    List<String> r = new ArrayList<>(names);
    int n = r.size();
    Map<Long, List<String>> out = new LinkedHashMap<>();
    long slot = 0;
    for (long id : pairIds) {
      List<String> who = new ArrayList<>(overlap);
      for (int j = 0; j < overlap; j++) who.add(r.get((int) (slot++ % n)));
      who.sort(null);
      out.put(id, List.copyOf(who));
    }
    return out;
  }
}
