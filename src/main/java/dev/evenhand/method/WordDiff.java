package dev.evenhand.method;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.DeleteDelta;
import com.github.difflib.patch.InsertDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * A word diff of the two stories of a pair that takes time in proportion to their length, whatever they hold. Myers'
 * diff (java-diff-utils) takes time in proportion to length times the number of differences: a 100 KB story against a
 * short one took 35 s to import, a story of a million characters (within the import's limit) more than ten minutes, in
 * an import that a signal could not stop (a breaker). Stories of at most {@value #MYERS_WORDS} words each go to Myers'
 * diff as they are; of longer ones, the words both start and end with are matched first, in one pass, and the differing
 * middle goes to Myers' diff when each side of it has at most {@value #MYERS_WORDS} words; a longer middle of the same
 * length on both sides (as a gender swap leaves a story) is compared word by word, each run of differing words one
 * change; else it is one change (a pair that differs over thousands of words is no counterfactual pair, and is flagged
 * as such).
 */
public final class WordDiff {
  /** Most words each side's differing middle may have for Myers' diff; longer middles are one change. */
  public static final int MYERS_WORDS = 3_000;

  private WordDiff() {}

  /**
   * @param a the left words (the male story's)
   * @param b the right words (the female story's)
   * @return the changes, in order, with positions in {@code a} and {@code b}
   */
  public static List<AbstractDelta<String>> deltas(List<String> a, List<String> b) {
    // stories of ordinary length: Myers' diff as it is (trimming first would move an added sentence's full stop)
    if (a.size() <= MYERS_WORDS && b.size() <= MYERS_WORDS) return DiffUtils.diff(a, b).getDeltas();
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) head++;
    int tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) tail++;
    List<String> ma = a.subList(head, a.size() - tail);
    List<String> mb = b.subList(head, b.size() - tail);
    List<AbstractDelta<String>> out = new ArrayList<>();
    if (ma.isEmpty() && mb.isEmpty()) return out;
    if ((ma.size() > MYERS_WORDS || mb.size() > MYERS_WORDS) && ma.size() == mb.size()) {
      // as long on both sides, as a gender swap leaves a story: word by word, each run of differing words one change
      for (int i = 0; i < ma.size(); i++) {
        if (ma.get(i).equals(mb.get(i))) continue;
        int j = i;
        while (j < ma.size() && !ma.get(j).equals(mb.get(j))) j++;
        out.add(new ChangeDelta<>(new Chunk<>(head + i, new ArrayList<>(ma.subList(i, j))), new Chunk<>(head + i, new ArrayList<>(mb.subList(i, j)))));
        i = j;
      }
      return out;
    }
    if (ma.size() > MYERS_WORDS || mb.size() > MYERS_WORDS || ma.isEmpty() || mb.isEmpty()) {
      Chunk<String> src = new Chunk<>(head, new ArrayList<>(ma));
      Chunk<String> tgt = new Chunk<>(head, new ArrayList<>(mb));
      out.add(ma.isEmpty() ? new InsertDelta<>(src, tgt) : mb.isEmpty() ? new DeleteDelta<>(src, tgt) : new ChangeDelta<>(src, tgt));
      return out;
    }
    for (AbstractDelta<String> d : DiffUtils.diff(ma, mb).getDeltas()) {
      out.add(d.withChunks(new Chunk<>(head + d.getSource().getPosition(), d.getSource().getLines()),
          new Chunk<>(head + d.getTarget().getPosition(), d.getTarget().getLines())));
    }
    return out;
  }
}
