package dev.evenhand.usecase;

import dev.evenhand.method.InvalidInputException;
import dev.evenhand.method.ReviewAssignment;
import dev.evenhand.store.AssignmentRepository;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Assignment (issue 15, point 4), as {@code evenhand assign}, {@code evenhand assignments} and the Review screen's
 * "assigned to me" filter and Assignments view use it: a set's pairs split among named reviewers with an overlap
 * ({@link ReviewAssignment#split}), stored, and each reviewer's progress (assigned, decided, left). Blocks on the
 * database.
 */
public final class AssignmentUseCase {
  private final AssignmentRepository repo;

  /** @param repo the assignments in the store */
  public AssignmentUseCase(AssignmentRepository repo) { this.repo = Objects.requireNonNull(repo, "repo"); }

  /**
   * What an assignment did.
   *
   * @param set        the set's name
   * @param pairs      pairs of the set in the review queue, each assigned to {@code overlap} reviewers
   * @param overlap    k
   * @param perReviewer pairs assigned to each reviewer, by name
   */
  public record Assigned(String set, int pairs, int overlap, Map<String, Integer> perReviewer) {}

  /**
   * Splits the set's queue pairs among the reviewers, each pair to {@code overlap} of them, replacing any earlier
   * assignment of the set (decisions already made stay).
   *
   * @throws InvalidInputException for an unknown set, or reviewers and overlap {@link ReviewAssignment#split} refuses
   */
  public Assigned assign(String set, List<String> reviewers, int overlap) {
    long setId = setId(set);
    for (String r : reviewers) {
      if (r.strip().length() > ReviewService.MAX_REVIEWER) throw new InvalidInputException("--reviewers: a name is longer than " + ReviewService.MAX_REVIEWER + " characters");
    }
    Map<Long, List<String>> split = ReviewAssignment.split(repo.queuePairs(setId), reviewers, overlap);
    repo.replace(setId, split, Instant.now());
    Map<String, Integer> per = new LinkedHashMap<>();
    reviewers.stream().map(String::strip).sorted().forEach(r -> per.put(r, 0));
    split.values().forEach(rs -> rs.forEach(r -> per.merge(r, 1, Integer::sum)));
    return new Assigned(set, split.size(), overlap, per);
  }

  /** @return each assigned reviewer's progress on the set, by name; empty when it was never assigned @throws InvalidInputException for an unknown set */
  public List<AssignmentRepository.Progress> progress(String set) { return repo.progress(setId(set)); }

  /** @return the names of the sets that have an assignment, sorted */
  public List<String> assignedSets() { return repo.assignedSets(); }

  /** @return one reviewer's progress over every set assigned to them */
  public AssignmentRepository.Progress progressOf(String reviewer) { return repo.progressOf(reviewer); }

  /** @return the reviewers of each pair of the set, by pair id @throws InvalidInputException for an unknown set */
  public Map<Long, List<String>> reviewersByPair(String set) { return repo.reviewersByPair(setId(set)); }

  private long setId(String set) { return repo.setId(set).orElseThrow(() -> new InvalidInputException("no pair set named '" + set + "'")); }
}
