package dev.evenhand.usecase;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportFormat;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Function;

/**
 * Export curated pairs as training data (FORMATS.md): the formats and their examples, a preview of the
 * first records, and the export itself with a manifest. The Datasets screen's export entry point.
 */
public final class ExportUseCase {
  /** Pairs shown in a preview. */
  private static final int PREVIEW_PAIRS = 3;

  private final ExportService exporter;
  private final PairRepository pairs;
  private final Function<ExportContext.Recipe, ExportContext> contexts;

  /**
   * @param exporter the exporters
   * @param pairs    stored pairs (counts and the preview's first pairs)
   * @param contexts the training prompt and swapper of a recipe
   */
  public ExportUseCase(ExportService exporter, PairRepository pairs, Function<ExportContext.Recipe, ExportContext> contexts) {
    this.exporter = exporter;
    this.pairs = pairs;
    this.contexts = contexts;
  }

  /**
   * The start of an export.
   *
   * @param pairs        pairs the query matches
   * @param firstRecords the records of the first few complete pairs, as the format writes them
   */
  public record Preview(long pairs, String firstRecords) {}

  /** @return the format ids, e.g. {@code trl-dpo} */
  public List<String> formatIds() { return exporter.formatIds(); }

  /** @return a one-line example of a format, empty for an unknown id */
  public String example(String formatId) {
    ExportFormat f = exporter.format(formatId);
    return f == null ? "" : f.example();
  }

  /**
   * @param formatId a format id
   * @param recipe   the data recipe
   * @param query    which pairs
   * @return how many pairs match and the records of the first ones (pairs without both judgments and a
   *         balanced judgment are left out)
   * @throws IOException when the format cannot write
   * @throws IllegalArgumentException for an unknown format
   */
  public Preview preview(String formatId, ExportContext.Recipe recipe, PairQuery query) throws IOException {
    ExportFormat f = exporter.format(formatId);
    if (f == null) throw new IllegalArgumentException("unknown export format '" + formatId + "'");
    long n = pairs.count(query);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ExportFormat.PairWriter w = f.open(buf, contexts.apply(recipe));
    List<CuratedPair> first = new ArrayList<>();
    for (var s : pairs.page(query, 0, PREVIEW_PAIRS)) pairs.find(s.id()).ifPresent(first::add);
    for (CuratedPair p : first) {
      if (p.balanced().isPresent() && p.maleJudgment().isPresent() && p.femaleJudgment().isPresent()) w.write(p);
    }
    w.finish();
    return new Preview(n, buf.toString(StandardCharsets.UTF_8));
  }

  /**
   * Exports to a file, atomically, with a manifest; see {@link ExportService#export(ExportService.Request,
   * java.util.function.LongConsumer, BooleanSupplier)}.
   *
   * @param formatId  a format id
   * @param out       the data file (with a split, the stem of train and test)
   * @param query     which pairs
   * @param filters   the filters as the user gave them, for the manifest
   * @param recipe    the data recipe
   * @param split     the test share (0 to 1, exclusive), or empty for one file
   * @param seed      the split's seed
   * @param progress  receives the share of pairs written, 0 to 1
   * @param cancelled polled between pairs; true stops and leaves no file
   * @return the files written
   * @throws IOException when a file cannot be written
   * @throws IllegalArgumentException for an unknown format, a bad split, or the CDA recipe with a preference format
   * @throws java.util.concurrent.CancellationException when cancelled
   */
  public ExportService.Result export(String formatId, Path out, PairQuery query, Map<String, Object> filters, ExportContext.Recipe recipe,
                                     OptionalDouble split, long seed, DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
    long total = Math.max(1, pairs.count(query));
    return exporter.export(new ExportService.Request(formatId, out, query, filters, contexts.apply(recipe), split, seed),
        n -> progress.accept((double) n / total), cancelled);
  }
}
