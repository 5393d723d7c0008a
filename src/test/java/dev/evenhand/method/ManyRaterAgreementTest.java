package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Krippendorff's alpha and Fleiss' kappa against the worked examples of the papers that define them, and by hand. */
class ManyRaterAgreementTest {
  @Test
  void krippendorffsOwnExampleGivesNominalAlpha0743() {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units, missing
    // values as ".", nominal alpha = 0.743
    String[][] byObserver = {
        {"1", "2", "3", "3", "2", "1", "4", "1", "2", null, null, null},
        {"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", null, "3"},
        {null, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", null},
        {"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", null}};
    List<List<String>> units = new ArrayList<>();
    for (int u = 0; u < 12; u++) {
      List<String> ratings = new ArrayList<>();
      for (String[] o : byObserver) ratings.add(o[u]);
      units.add(ratings);
    }
    assertThat(ManyRaterAgreement.krippendorffAlpha(units)).isCloseTo(0.743, within(0.0005));
  }

  @Test
  void alphaByHandOnTwoRatersAndItsEdges() {
    // 4 units, 2 raters: (a,a) (a,b) (b,b) (b,b). Coincidences: o_aa 2, o_ab 1, o_ba 1, o_bb 4; n = 8, n_a 3, n_b 5.
    // D_o = 2 (the off-diagonal), D_e = 2 * 3 * 5 / 7 = 30 / 7, alpha = 1 - 2 * 7 / 30 = 0.5333...
    List<List<String>> units = List.of(List.of("a", "a"), List.of("a", "b"), List.of("b", "b"), List.of("b", "b"));
    assertThat(ManyRaterAgreement.krippendorffAlpha(units)).isCloseTo(1 - 14.0 / 30, within(1e-12));
    assertThat(ManyRaterAgreement.krippendorffAlpha(List.of(List.of("a", "a"), List.of("b", "b")))).as("perfect agreement").isEqualTo(1.0);
    assertThat(ManyRaterAgreement.krippendorffAlpha(List.of(List.of("a", "a"), List.of("a", "a")))).as("no variation").isNaN();
    assertThat(ManyRaterAgreement.krippendorffAlpha(List.of(Arrays.asList("a", null), List.of("b")))).as("nothing pairable").isNaN();
  }

  @Test
  void fleisssWorkedExampleGivesKappa0210() {
    // the worked example of Fleiss' kappa (10 subjects, 14 raters, 5 categories; P-bar 0.378, P-bar_e 0.213, kappa 0.210)
    int[][] counts = {
        {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
    assertThat(ManyRaterAgreement.fleissKappa(counts)).isCloseTo(0.210, within(0.0005));
  }

  @Test
  void fleissByHandAndItsRefusals() {
    // 2 units, 3 raters, labels (accept, reject): (3,0) and (1,2). P_1 = 1, P_2 = 2/6; P-bar = 2/3.
    // p_accept = 4/6, p_reject = 2/6, P-bar_e = 16/36 + 4/36 = 20/36; kappa = (2/3 - 5/9) / (4/9) = 0.25
    assertThat(ManyRaterAgreement.fleissKappa(new int[][] {{3, 0}, {1, 2}})).isCloseTo(0.25, within(1e-12));
    assertThat(ManyRaterAgreement.fleissKappa(new int[][] {{3, 0}, {3, 0}})).as("every rating the same label").isNaN();
    assertThatThrownBy(() -> ManyRaterAgreement.fleissKappa(new int[][] {{3, 0}, {1, 1}})).hasMessageContaining("same number of ratings");
  }
}
