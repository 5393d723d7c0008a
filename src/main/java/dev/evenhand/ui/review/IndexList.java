package dev.evenhand.ui.review;

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

  /** Replaces the list with 0 to n - 1, telling listeners. */
  void reset(int n) {
    beginChange();
    if (size > 0) nextRemove(0, new java.util.AbstractList<Integer>() {
      final int old = size;

      @Override public Integer get(int i) { return i; }

      @Override public int size() { return old; }
    });
    size = n;
    if (n > 0) nextAdd(0, n);
    endChange();
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
