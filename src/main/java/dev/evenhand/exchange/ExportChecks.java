package dev.evenhand.exchange;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The checks of an export's files once written and before they are committed: empty files, consumers' minimums. */
final class ExportChecks {
  private ExportChecks() {}

  /**
   * @param layout  the files
   * @param counts  per file: records, pairs
   * @param leftOut pairs the neutrality gate left out, by reason
   * @param split   the test share, if any
   * @param seed    the split's seed
   * @throws EmptyExportException when a file of the layout would hold no pair
   */
  static void refuseEmpty(ExportLayout layout, long[][] counts, Map<String, Long> leftOut, OptionalDouble split, long seed) {
    List<String> empty = new ArrayList<>();
    List<Long> pairsPerFile = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      pairsPerFile.add(counts[i][1]);
      if (counts[i][1] == 0) empty.add(layout.part(i) == null ? "all" : layout.part(i));
    }
    if (empty.isEmpty()) return;
    long total = pairsPerFile.stream().mapToLong(Long::longValue).sum();
    String msg = total == 0 ? "nothing to export: no pair was written"
        : "the " + String.join(" and ", empty) + " file of --split " + java.math.BigDecimal.valueOf(split.getAsDouble()).stripTrailingZeros().toPlainString() + " (seed " + seed + ") would hold no pair of the "
            + total + " exported; change --split or --seed, or export more pairs";
    throw new EmptyExportException(msg + " (nothing was written; any earlier file there is unchanged)", empty, pairsPerFile, leftOut);
  }

  /**
   * @param format  the format ({@link ExportFormat#minimumExamples()})
   * @param data    the data file
   * @param records records in it
   * @param part    {@code train}, {@code test}, or null
   * @return the warning for a file with fewer records than its consumer's stated minimum, or null
   */
  static String belowMinimum(ExportFormat format, Path data, long records, String part) {
    if (format.minimumExamples().isEmpty() || records >= format.minimumExamples().getAsInt()) return null;
    return (part == null ? "" : part + " file ") + data.getFileName() + " has " + records + " record" + (records == 1 ? "" : "s") + "; "
        + "fewer than the " + format.minimumExamples().getAsInt() + " that " + format.id() + "'s trainer requires in a training file";
  }

}
