package dev.evenhand.ui.review;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.method.BalancedLint;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The two balanced-judgment editors of the shown pair, with "one text for both" and the lint
 * ({@link BalancedLint}: gendered words and the protagonists' names), redone on every edit.
 */
final class BalancedEditor {
  private final StringProperty male = new SimpleStringProperty("");
  private final StringProperty female = new SimpleStringProperty("");
  private final BooleanProperty sameForBoth = new SimpleBooleanProperty(false);
  private final ObjectProperty<BalancedLint.Lint> maleLint = new SimpleObjectProperty<>(BalancedLint.Lint.EMPTY);
  private final ObjectProperty<BalancedLint.Lint> femaleLint = new SimpleObjectProperty<>(BalancedLint.Lint.EMPTY);
  private CuratedPair pair;

  BalancedEditor() {
    sameForBoth.addListener((o, was, now) -> { if (now) female.set(male.get()); });
    male.addListener((o, a, b) -> {
      if (sameForBoth.get()) female.set(b);
      relint();
    });
    female.addListener((o, a, b) -> relint());
  }

  /** Puts a pair's stored balanced judgments into the editors (one text for both when they are the same). */
  void show(CuratedPair p) {
    pair = p;
    BalancedJudgment b = p.balanced().orElse(new BalancedJudgment("", ""));
    sameForBoth.set(b.male().equals(b.female()) && !b.male().isEmpty());
    male.set(b.male());
    female.set(b.female());
    relint();
  }

  /**
   * Puts a kept draft into the editors of the pair just {@link #show shown} ("one text for both" when the
   * two texts are the same), as typed.
   */
  void restore(BalancedJudgment draft) {
    sameForBoth.set(draft.male().equals(draft.female()) && !draft.male().isEmpty());
    male.set(draft.male());
    female.set(draft.female());
    relint();
  }

  /** Empties the editors: no pair is shown. */
  void clear() {
    pair = null;
    male.set("");
    female.set("");
  }

  /** @return true while the editors belong to this pair (it is still the one shown) */
  boolean shows(CuratedPair p) { return pair == p; }

  /** Sets both texts (a streamed or restored version; "one text for both" is not applied to it). */
  void set(String maleText, String femaleText) {
    male.set(maleText);
    female.set(femaleText);
  }

  /** @return the texts in the editors exactly as typed (a draft keeps them so) */
  BalancedJudgment raw() { return new BalancedJudgment(male.get(), female.get()); }

  /** @return the pair whose texts are in the editors, null for none */
  CuratedPair pair() { return pair; }

  /** @return the texts in the editors, stripped */
  BalancedJudgment current() { return new BalancedJudgment(male.get().strip(), female.get().strip()); }

  /** @return true when the texts in the editors differ from the shown pair's stored ones; false with no pair */
  boolean edited() {
    if (pair == null) return false;
    BalancedJudgment now = current();
    return !pair.balanced().map(now::equals).orElse(false);
  }

  private void relint() {
    String m = pair == null ? "" : pair.pair().male().name();
    String f = pair == null ? "" : pair.pair().female().name();
    maleLint.set(BalancedLint.lint(male.get(), m, f));
    femaleLint.set(BalancedLint.lint(female.get(), m, f));
  }

  StringProperty male() { return male; }
  StringProperty female() { return female; }
  StringProperty text(Gender g) { return g == Gender.MALE ? male : female; }
  BooleanProperty sameForBoth() { return sameForBoth; }
  ObjectProperty<BalancedLint.Lint> maleLint() { return maleLint; }
  ObjectProperty<BalancedLint.Lint> femaleLint() { return femaleLint; }
}
