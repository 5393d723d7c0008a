package dev.evenhand.ui.review;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.GenderedWord;
import dev.evenhand.method.BalancedLint;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The Review screen's neutrality gate (issue 12): an accept of a balanced judgment the lint flags waits for the
 * reviewer's explicit confirmation, which the controller asks for as a dialog naming the flagged words (Cancel is
 * its default button). Confirm accepts with the override (saved with the findings); Cancel leaves the pair as it was.
 */
public final class GenderedConfirmation {
  /**
   * An accept waiting for confirmation.
   *
   * @param pairId   the pair
   * @param findings the flagged words of both texts (male text first)
   * @param words    the findings as one line, e.g. {@code male "he" (gendered pronoun), female "Ann" (protagonist's name)}
   */
  public record Request(long pairId, List<GenderedWord> findings, String words) {}

  private final ReadOnlyObjectWrapper<Request> pending = new ReadOnlyObjectWrapper<>();
  private Runnable onConfirm;

  GenderedConfirmation() {}

  /**
   * @param p    the shown pair (its names are linted for)
   * @param text the texts to accept
   * @return the lint's findings on both texts; empty for a gender-neutral judgment
   */
  static List<GenderedWord> findings(CuratedPair p, BalancedJudgment text) {
    return BalancedLint.check(text, p.pair());
  }

  /**
   * Asks for confirmation: the request shows until {@link #confirm} or {@link #cancel}.
   *
   * @param pairId    the pair
   * @param findings  the flagged words (not empty)
   * @param onConfirm the accept with override, run on confirmation
   */
  void ask(long pairId, List<GenderedWord> findings, Runnable onConfirm) {
    this.onConfirm = onConfirm;
    pending.set(new Request(pairId, List.copyOf(findings), findings.stream().map(GenderedWord::toString).collect(Collectors.joining(", "))));
  }

  /** Confirms the waiting accept: it runs with the override. Nothing happens when none waits. */
  void confirm() {
    Runnable r = onConfirm;
    onConfirm = null;
    pending.set(null);
    if (r != null) r.run();
  }

  /** Drops the waiting accept: nothing is saved. @return true when one was waiting */
  boolean cancel() {
    boolean waiting = pending.get() != null;
    onConfirm = null;
    pending.set(null);
    return waiting;
  }

  /** @return the accept waiting for confirmation, null when none */
  ReadOnlyObjectProperty<Request> pending() { return pending.getReadOnlyProperty(); }
}
