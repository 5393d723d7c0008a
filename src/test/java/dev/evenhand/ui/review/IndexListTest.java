package dev.evenhand.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/** The queue's row numbers: a reset and a growth tell listeners exactly what changed, without JavaFX started. */
class IndexListTest {
  @Test
  void aResetReplacesEveryRowInOneChangeAndAGrowthAppends() {
    IndexList list = new IndexList();
    List<String> changes = new ArrayList<>();
    list.addListener((ListChangeListener<Integer>) c -> {
      while (c.next()) {
        changes.add(c.getFrom() + ".." + c.getTo() + " added " + c.getAddedSize() + " removed " + c.getRemovedSize()
            + (c.wasRemoved() ? " last removed " + c.getRemoved().get(c.getRemovedSize() - 1) : "") + (c.wasPermutated() ? " permutated" : ""));
      }
    });
    list.reset(1_000_000);
    list.reset(5);
    assertThat(list).containsExactly(0, 1, 2, 3, 4);
    list.grow(8);
    assertThat(list).hasSize(8).endsWith(7);
    list.grow(3);
    list.reset(0);
    list.reset(0);
    assertThat(list).isEmpty();
    assertThat(changes).containsExactly(
        "0..1000000 added 1000000 removed 0",
        "0..5 added 5 removed 1000000 last removed 999999",
        "5..8 added 3 removed 0",
        "0..0 added 0 removed 8 last removed 7");
  }
}
