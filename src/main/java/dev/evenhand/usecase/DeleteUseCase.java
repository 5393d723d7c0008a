package dev.evenhand.usecase;

import dev.evenhand.domain.DeleteTarget;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.DeleteRepository;

/**
 * Delete a generation run, an audit run or a pair set, keeping accepted pairs unless asked otherwise. The
 * one implementation both {@code evenhand delete} and the Settings screen call.
 */
public final class DeleteUseCase {
  private final DeleteRepository deletes;

  /** @param deletes the store's deletes */
  public DeleteUseCase(DeleteRepository deletes) { this.deletes = deletes; }

  /**
   * What a delete removed.
   *
   * @param target         what was deleted
   * @param which          its id or name, as given
   * @param pairsDeleted   pairs removed (0 for an audit)
   * @param acceptedKept   accepted pairs kept (0 for an audit)
   * @param attemptsDeleted attempts a run's rules had dropped, removed with the pairs (never shown as pairs; 0 for an audit)
   */
  public record Deleted(DeleteTarget target, String which, long pairsDeleted, long acceptedKept, long attemptsDeleted) {
    /** @return one line for the researcher, e.g. {@code deleted run 3: 12 pairs deleted, 2 accepted pairs kept} */
    public String line() { return "deleted " + what(); }

    /** @return what was deleted, without the verb, e.g. {@code run 3: 12 pairs deleted, 2 accepted pairs kept} */
    public String what() {
      return target.word() + " " + which + (target.hasPairs() ? ": " + pairs(pairsDeleted) + " deleted" + (attemptsDeleted == 0 ? ""
          : " (and " + attemptsDeleted + " attempt" + (attemptsDeleted == 1 ? "" : "s") + " the run's rules had dropped)") + ", " + acceptedKept
          + " accepted " + (acceptedKept == 1 ? "pair" : "pairs") + " kept" : "");
    }

    private static String pairs(long n) { return n + (n == 1 ? " pair" : " pairs"); }
  }

  /**
   * Checks that the thing exists, before the caller asks for confirmation.
   *
   * @param target what to delete
   * @param which  the run or audit id, or the set name
   * @throws InvalidInputException when the id is not a number or there is no such thing
   */
  public void check(DeleteTarget target, String which) {
    String missing = deletes.missing(target, target.byId() ? id(target, which) : which);
    if (missing != null) throw new InvalidInputException(missing);
  }

  /**
   * Checks it exists ({@link #check}) and says how large it is, for the question that asks to confirm.
   *
   * @param target what to delete
   * @param which  the run or audit id, or the set name
   * @return a run's or set's pairs (accepted ones included), or an audit's answers
   * @throws InvalidInputException when the id is not a number or there is no such thing
   */
  public long size(DeleteTarget target, String which) {
    check(target, which);
    return deletes.size(target, target.byId() ? id(target, which) : which);
  }

  /**
   * @param target what to delete
   * @param which  its id or name
   * @return the sentence that asks the researcher to confirm, naming what goes with it
   */
  public static String warning(DeleteTarget target, String which) {
    return "delete " + target.word() + " " + which + " removes it for good"
        + (target.hasPairs() ? ", with its pairs (accepted ones kept unless --include-accepted)" : "")
        + (target == DeleteTarget.SET ? " and the audits of the set when no pair is left" : "");
  }

  /**
   * Deletes it, all or nothing.
   *
   * @param target          what to delete
   * @param which           the run or audit id, or the set name
   * @param includeAccepted also delete pairs a reviewer accepted
   * @return what was deleted
   * @throws InvalidInputException when the id is not a number, there is no such thing, or a live process
   *                               is generating it (naming the process)
   */
  public Deleted delete(DeleteTarget target, String which, boolean includeAccepted) {
    try {
      return switch (target) {
        case RUN -> {
          DeleteRepository.Deleted r = deletes.deleteRun(id(target, which), !includeAccepted);
          yield new Deleted(target, which.strip(), r.pairsDeleted(), r.pairsKept(), r.attemptsDeleted());
        }
        case AUDIT -> {
          deletes.deleteAudit(id(target, which));
          yield new Deleted(target, which.strip(), 0, 0, 0);
        }
        case SET -> {
          DeleteRepository.Deleted r = deletes.deleteSet(which, !includeAccepted);
          yield new Deleted(target, which, r.pairsDeleted(), r.pairsKept(), r.attemptsDeleted());
        }
      };
    } catch (InvalidInputException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  private static long id(DeleteTarget target, String which) {
    try {
      return Long.parseLong(which.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw new InvalidInputException("delete " + target.word() + ": not an id: '" + which + "'");
    }
  }
}
