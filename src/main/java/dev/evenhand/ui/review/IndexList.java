package dev.evenhand.ui.review;

import java.util.AbstractList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableListBase;

/**
 * The numbers 0 to size - 1 as an observable list, without storing them: the Review queue's list view
 * shows row numbers and fetches the rows a page at a time, so a queue of 100,000 pairs costs nothing
 * until it is scrolled.
 */
final class IndexList extends ObservableListBase<Integer> {
  private int size;

  @Override
  public Integer get(int index) {
    if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
    return index;
  }

  @Override
  public int size() { return size; }

  /**
   * Replaces the list with 0 to n - 1, telling listeners in one change whose removed rows are a view, not a copy:
   * {@code nextRemove} with a list copies it into the change, a million boxed numbers on the FX thread each time a
   * filter changed a list of a million pairs (JFR profile of ReviewBench, issue 15 point 8).
   */
  void reset(int n) {
    int old = size;
    size = n;
    if (old == 0 && n == 0) return;
    List<Integer> removed = new AbstractList<>() {
      @Override public Integer get(int i) {
        if (i < 0 || i >= old) throw new IndexOutOfBoundsException(i);
        return i;
      }

      @Override public int size() { return old; }
    };
    fireChange(new ListChangeListener.Change<>(this) {
      private int cursor = -1;

      @Override public boolean next() { return ++cursor == 0; }

      @Override public void reset() { cursor = -1; }

      @Override public int getFrom() { check(); return 0; }

      @Override public int getTo() { check(); return n; }

      @Override public List<Integer> getRemoved() { check(); return removed; }

      @Override protected int[] getPermutation() { check(); return new int[0]; }

      private void check() { if (cursor != 0) throw new IllegalStateException("call next() first"); }
    });
  }

  /** Appends the numbers size to n - 1 (a list counted after its first page was shown): rows shown stay as they are. */
  void grow(int n) {
    if (n <= size) return;
    beginChange();
    int from = size;
    size = n;
    nextAdd(from, n);
    endChange();
  }
}
