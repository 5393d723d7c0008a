package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link ReadAhead}: the records reach the storing thread in order, and a failure on either side ends both. */
class ReadAheadTest {
  private static ImportEntry entry(int line) {
    StoryPair pair = new StoryPair(new Story(Gender.MALE, "Tom", "Tom kept it " + line), new Story(Gender.FEMALE, "Ann", "Ann kept it " + line), "Work");
    return ImportEntry.plain(line, pair);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, ReadAhead.CHUNK - 1, ReadAhead.CHUNK, ReadAhead.CHUNK + 1, 7 * ReadAhead.CHUNK + 3, 5_000})
  void everyRecordReachesTheStoringThreadInOrder(int records) {
    List<Integer> stored = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    ReadAhead.run(sink -> {
      threads.add(Thread.currentThread().getName());
      for (int i = 1; i <= records; i++) sink.entry(entry(i));
    }, e -> stored.add((int) e.line()));
    assertThat(stored).hasSize(records);
    for (int i = 0; i < records; i++) assertThat(stored.get(i)).isEqualTo(i + 1);
    assertThat(threads).containsExactly("import-reader");
  }

  @Test
  void aFailureOfTheReadingIsThrownHereAfterTheRecordsReadBeforeItAreStored() {
    List<Integer> stored = new ArrayList<>();
    assertThatThrownBy(() -> ReadAhead.run(sink -> {
      for (int i = 1; i <= 600; i++) sink.entry(entry(i));
      throw new StoreException("a derived value the store refuses", null);
    }, e -> stored.add((int) e.line()))).isInstanceOf(StoreException.class).hasMessageContaining("refuses");
    assertThat(stored).hasSize(600);
  }

  @Test
  void aFailureOfTheStoringStopsTheReaderBeforeRunReturns() {
    AtomicInteger read = new AtomicInteger();
    AtomicBoolean readerEnded = new AtomicBoolean();
    assertThatThrownBy(() -> ReadAhead.run(sink -> {
      try {
        for (int i = 1; i <= 1_000_000; i++) {
          sink.entry(entry(i));
          read.incrementAndGet();
        }
      } finally {
        readerEnded.set(true);
      }
    }, e -> {
      if (e.line() == 300) throw new StoreException("disk full", null);
    })).isInstanceOf(StoreException.class).hasMessage("disk full");
    assertThat(readerEnded).as("the reader stopped").isTrue();
    // at most: the two chunks taken (the failure is in the second), the queue's, one more put as the queue is cleared,
    // and the one being filled when the reader sees the stop
    assertThat(read.get()).as("it read only a few chunks ahead").isLessThanOrEqualTo((2 + ReadAhead.AHEAD + 2) * ReadAhead.CHUNK);
  }
}
