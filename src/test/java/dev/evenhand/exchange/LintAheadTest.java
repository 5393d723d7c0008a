package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * The neutrality lint run a chunk ahead on its own thread ({@link LintAhead}): every pair is written once, in the
 * order read, with its own verdict, on the caller's thread, whatever the count against the chunk size; what the lint
 * or the write throws reaches the caller; closing stops the lint thread.
 */
class LintAheadTest {
  @Test
  void everyPairIsWrittenOnceInOrderWithItsOwnVerdictOnTheCallersThread() {
    for (int n : new int[] {0, 1, LintAhead.CHUNK - 1, LintAhead.CHUNK, LintAhead.CHUNK + 1, 3 * LintAhead.CHUNK, 5_000}) {
      Set<String> lintThreads = ConcurrentHashMap.newKeySet();
      List<Integer> written = new ArrayList<>();
      List<Boolean> verdicts = new ArrayList<>();
      Thread caller = Thread.currentThread();
      try (LintAhead<Integer> ahead = new LintAhead<>(i -> {
        lintThreads.add(Thread.currentThread().getName());
        return i % 3 == 0;
      }, (i, flagged) -> {
        assertThat(Thread.currentThread()).isSameAs(caller);
        written.add(i);
        verdicts.add(flagged);
      })) {
        for (int i = 0; i < n; i++) ahead.accept(i);
        ahead.finish();
      }
      assertThat(written).as("%d pairs", n).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(written.get(i)).isEqualTo(i);
        assertThat(verdicts.get(i)).as("verdict of %d", i).isEqualTo(i % 3 == 0);
      }
      if (n > 0) assertThat(lintThreads).containsExactly("export-lint");
    }
  }

  @Test
  void whatTheLintThrowsReachesTheCaller() {
    try (LintAhead<Integer> ahead = new LintAhead<>(i -> {
      if (i == 300) throw new IllegalStateException("lint broke on 300");
      return false;
    }, (i, flagged) -> { })) {
      assertThatThrownBy(() -> {
        for (int i = 0; i < 1_000; i++) ahead.accept(i);
        ahead.finish();
      }).isInstanceOf(IllegalStateException.class).hasMessage("lint broke on 300");
    }
  }

  @Test
  void aCancelledWriteStopsTheRunAndNothingAfterItIsWritten() {
    List<Integer> written = new ArrayList<>();
    try (LintAhead<Integer> ahead = new LintAhead<>(i -> false, (i, flagged) -> {
      if (i == 700) throw new CancellationException("export cancelled");
      written.add(i);
    })) {
      assertThatThrownBy(() -> {
        for (int i = 0; i < 2_000; i++) ahead.accept(i);
        ahead.finish();
      }).isInstanceOf(CancellationException.class);
    }
    assertThat(written).hasSize(700).last().isEqualTo(699);
  }
}
