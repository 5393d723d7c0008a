package dev.evenhand.method;

import java.util.List;
import java.util.Objects;

/**
 * Agreement between two reviewers on the pairs both decided: Cohen's kappa on accept / reject, and the
 * share of identical edits among pairs both accepted with edits. Kappa = (p_o - p_e) / (1 - p_e), where
 * p_o is the observed share of equal decisions and p_e the share expected by chance from each
 * reviewer's own accept rate (Cohen 1960).
 */
public final class Agreement {
  /**
   * One pair both reviewers decided.
   *
   * @param acceptedByA true when reviewer A accepted (with or without edits)
   * @param acceptedByB true when reviewer B accepted
   * @param editA       A's balanced judgment text when A accepted with edits, else null
   * @param editB       B's balanced judgment text when B accepted with edits, else null
   */
  public record Decision(boolean acceptedByA, boolean acceptedByB, String editA, String editB) {}

  /**
   * The figures.
   *
   * @param pairs          pairs both reviewers decided
   * @param agreed         pairs with the same decision
   * @param kappa          Cohen's kappa; NaN when undefined (no pair, or both always made the same single decision)
   * @param bothEdited     pairs both accepted with edits
   * @param identicalEdits of those, pairs whose edited texts are identical
   */
  public record Result(int pairs, int agreed, double kappa, int bothEdited, int identicalEdits) {
    /** @return identicalEdits / bothEdited, NaN when no pair was edited by both */
    public double identicalEditShare() { return bothEdited == 0 ? Double.NaN : (double) identicalEdits / bothEdited; }
  }

  private Agreement() {}

  /** @return the agreement over the decisions */
  public static Result of(List<Decision> decisions) {
    int n = decisions.size();
    int agreed = 0;
    int aYes = 0;
    int bYes = 0;
    int both = 0;
    int same = 0;
    for (Decision d : decisions) {
      if (d.acceptedByA() == d.acceptedByB()) agreed++;
      if (d.acceptedByA()) aYes++;
      if (d.acceptedByB()) bYes++;
      if (d.editA() != null && d.editB() != null) {
        both++;
        if (Objects.equals(d.editA().strip(), d.editB().strip())) same++;
      }
    }
    double kappa = Double.NaN;
    if (n > 0) {
      double po = (double) agreed / n;
      double pa = (double) aYes / n;
      double pb = (double) bYes / n;
      double pe = pa * pb + (1 - pa) * (1 - pb);
      if (pe < 1) kappa = (po - pe) / (1 - pe);
    }
    return new Result(n, agreed, kappa, both, same);
  }
}
