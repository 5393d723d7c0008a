package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@link ProgressLines}: nothing in the first interval, then at most one line an interval, with the total when known. */
class ProgressLinesTest {
  @Test
  void aLineAnIntervalAndNoneBeforeTheFirst() {
    StringWriter out = new StringWriter();
    long[] now = {0};
    ProgressLines p = new ProgressLines(new PrintWriter(out), "pairs written", 300, 2_000, () -> now[0], false);
    p.accept(10);
    now[0] = 1_999;
    p.accept(20);
    assertThat(out.toString()).as("a quick command prints nothing").isEmpty();
    now[0] = 2_000;
    p.accept(30);
    now[0] = 3_000;
    p.accept(40);
    now[0] = 4_000;
    p.accept(300);
    assertThat(out.toString().lines()).containsExactly("  30 of 300 pairs written", "  300 of 300 pairs written");

    StringWriter unknown = new StringWriter();
    ProgressLines q = new ProgressLines(new PrintWriter(unknown), "records read", -1, 0, () -> now[0]++, false);
    q.accept(7);
    assertThat(unknown.toString()).isEqualTo("  7 records read" + System.lineSeparator());
  }

  /** The audit's way: its first count at once, then every interval, and its last whenever it comes. */
  @Test
  void withEndsTheFirstAndTheLastCountAreAlwaysPrinted() {
    StringWriter out = new StringWriter();
    long[] now = {0};
    ProgressLines p = new ProgressLines(new PrintWriter(out), "answers", -1, 2_000, () -> now[0], true);
    p.accept(0, 80);
    now[0] = 500;
    p.accept(10, 80);
    now[0] = 2_600;
    p.accept(40, 80);
    now[0] = 2_700;
    p.accept(79, 80);
    p.accept(80, 80);
    assertThat(out.toString().lines()).containsExactly("  0 of 80 answers", "  40 of 80 answers", "  80 of 80 answers");
  }
}
