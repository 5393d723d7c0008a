package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bounded word diff: the same changes as Myers' diff for stories of ordinary length (randomised), and one change
 * for a middle too long to compare word by word, found in one pass (a 1,000,000-character story against a short one
 * took more than ten minutes to import: a breaker). Fails on no time: the long case would not end.
 */
class WordDiffTest {
  @Test
  void ordinaryStoriesGiveMyersChanges() {
    Random rnd = new Random(13);
    String[] vocab = {"he", "she", "his", "her", "Tom", "Ann", "kept", "the", "wallet", "car", "bike", ".", ","};
    for (int round = 0; round < 300; round++) {
      List<String> a = new ArrayList<>();
      for (int i = 0; i < 5 + rnd.nextInt(60); i++) a.add(vocab[rnd.nextInt(vocab.length)]);
      List<String> b = new ArrayList<>(a);
      for (int k = rnd.nextInt(6); k > 0 && !b.isEmpty(); k--) b.set(rnd.nextInt(b.size()), vocab[rnd.nextInt(vocab.length)]);
      if (rnd.nextBoolean() && !b.isEmpty()) b.remove(rnd.nextInt(b.size()));
      List<AbstractDelta<String>> ours = WordDiff.deltas(a, b);
      assertThat(apply(a, ours)).as("round %d: applying the changes to the left gives the right", round).isEqualTo(b);
      assertThat(ours).as("round %d: Myers' changes", round).isEqualTo(DiffUtils.diff(a, b).getDeltas());
    }
  }

  /**
   * Long stories (past {@link WordDiff#MYERS_WORDS} words, the path that is not Myers' diff) with random swaps, words
   * added and removed: applying the changes to the left always gives the right, and no change covers a word both
   * sides share at that place when the lengths are equal.
   */
  @Test
  void longStoriesWithRandomChangesAlwaysApply() {
    Random rnd = new Random(29);
    String[] vocab = {"he", "she", "his", "her", "Tom", "Ann", "kept", "the", "wallet", "car", "bike", "."};
    for (int round = 0; round < 40; round++) {
      List<String> a = new ArrayList<>();
      for (int i = 0; i < WordDiff.MYERS_WORDS + 1 + rnd.nextInt(4_000); i++) a.add(vocab[rnd.nextInt(vocab.length)]);
      List<String> b = new ArrayList<>(a);
      for (int k = 1 + rnd.nextInt(20); k > 0; k--) b.set(rnd.nextInt(b.size()), vocab[rnd.nextInt(vocab.length)]);
      boolean sameLength = round % 2 == 0;
      if (!sameLength) b.add(rnd.nextInt(b.size()), "extra");
      List<AbstractDelta<String>> d = WordDiff.deltas(a, b);
      assertThat(apply(a, d)).as("round %d", round).isEqualTo(b);
      if (sameLength) {
        for (AbstractDelta<String> x : d) {
          // a middle short enough goes to Myers' diff, whose changes may differ in length; the word-by-word path's never do
          if (x.getSource().size() != x.getTarget().size()) continue;
          for (int i = 0; i < x.getSource().size(); i++) {
            assertThat(x.getSource().getLines().get(i)).as("round %d: a change holds only differing words", round)
                .isNotEqualTo(x.getTarget().getLines().get(i));
          }
        }
      }
    }
  }

  /** Long stories that differ in a few words: the same changes, at their places in the whole stories. */
  @Test
  void longStoriesDifferingInAFewWordsGiveThoseChanges() {
    List<String> a = new ArrayList<>(Collections.nCopies(4_000, "w"));
    a.set(10, "he");
    a.set(3_990, "car");
    List<String> b = new ArrayList<>(a);
    b.set(10, "she");
    b.set(3_990, "bike");
    List<AbstractDelta<String>> d = WordDiff.deltas(a, b);
    assertThat(apply(a, d)).isEqualTo(b);
    assertThat(d).extracting(x -> x.getSource().getPosition()).containsExactly(10, 3_990);
  }

  @Test
  void aHugeDifferingMiddleIsOneChangeFoundInOnePass() {
    List<String> shortSide = Arrays.asList("Josh", "kept", "the", "wallet", ".");
    List<String> huge = new ArrayList<>(List.of("Josh"));
    huge.addAll(Collections.nCopies(100_000, "a"));
    huge.addAll(List.of("wallet", "."));
    List<AbstractDelta<String>> d = WordDiff.deltas(huge, shortSide);
    assertThat(d).hasSize(1);
    assertThat(d.get(0).getSource().getPosition()).isEqualTo(1);
    assertThat(d.get(0).getSource().size()).isEqualTo(100_000);
    assertThat(d.get(0).getTarget().getLines()).containsExactly("kept", "the");
    assertThat(apply(huge, d)).isEqualTo(shortSide);
    StoryDiff.Result r = StoryDiff.of("Josh " + "a ".repeat(100_000) + "wallet.", "Emma kept the wallet.", "Josh", "Emma");
    assertThat(r.flags()).as("a long run of other words is a change").isEqualTo(1);
  }

  /** @return {@code a} with the changes applied, from the last to the first */
  private static List<String> apply(List<String> a, List<AbstractDelta<String>> deltas) {
    List<String> out = new ArrayList<>(a);
    for (int i = deltas.size() - 1; i >= 0; i--) {
      AbstractDelta<String> d = deltas.get(i);
      for (int k = 0; k < d.getSource().size(); k++) out.remove(d.getSource().getPosition());
      out.addAll(d.getSource().getPosition(), d.getTarget().getLines());
    }
    return out;
  }
}
