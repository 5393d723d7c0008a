package dev.evenhand.usecase;

import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.method.Protagonists;
import dev.evenhand.method.Rouge1;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairImports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Import story pairs into a named pair set (FORMATS.md: GenMO, the paper's JSONL, Evenhand's JSONL, CSV),
 * in one transaction, with what the store keeps about each pair computed by the method: ROUGE-1, the
 * fidelity flags (non-gender differences) and the protagonists' names of stories that give none. The one
 * implementation {@code evenhand import} and the Datasets screen call.
 */
public final class ImportUseCase {
  /** What the store keeps about an imported pair, from the pure rules of the method: ROUGE-1, fidelity flags, names. */
  public static final ImportService.PairFacts FACTS = new ImportService.PairFacts() {
    @Override public double rouge1(StoryPair p) { return Rouge1.f1(p.male().text(), p.female().text()); }

    @Override public int fidelityFlags(StoryPair p) {
      return StoryDiff.of(p.male().text(), p.female().text(), p.male().name(), p.female().name()).flags();
    }

    @Override public ImportService.Names names(String male, String female) {
      Protagonists.Names n = Protagonists.names(male, female);
      return new ImportService.Names(n.male(), n.female());
    }
  };

  private final ImportService importer;

  /** @param db the store the pairs go into */
  public ImportUseCase(Database db) { this.importer = new ImportService(new PairImports(db), FACTS); }

  /**
   * @param word {@code genmo}, {@code paper}, {@code jsonl} or {@code csv}, any case
   * @return the source
   * @throws InvalidInputException naming the words accepted for any other
   */
  public static ImportService.Source source(String word) {
    try {
      return ImportService.Source.of(word);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  /**
   * The set an import fills.
   *
   * @param source the source; its name is the default set
   * @param given  the set asked for ({@code --set}), or null
   * @return the set name, stripped
   * @throws InvalidInputException when it is empty or longer than the store's column ({@link FieldLimits#SET_NAME})
   */
  public static String setName(ImportService.Source source, String given) {
    String name = given == null ? source.id() : given.strip();
    if (name.isEmpty()) throw new InvalidInputException("--set: the set name is empty");
    String tooLong = FieldLimits.tooLong("--set", name, FieldLimits.SET_NAME);
    if (tooLong != null) throw new InvalidInputException(tooLong);
    return name;
  }

  /**
   * The set an import fills: the one given; else, for Evenhand's own JSONL whose records all name one set (the
   * {@code evenhand} backup of a set), that set, so a restore fills the set it came from; else the source's name.
   *
   * @param given {@code --set}, or null
   * @throws InvalidInputException when the given set name is refused
   * @throws IOException when the file cannot be read
   */
  public static String setFor(ImportService.Source source, Path file, String given) throws IOException {
    if (given != null || source != ImportService.Source.JSONL) return setName(source, given);
    java.util.Optional<String> own = ImportService.soleSet(file);
    if (own.isEmpty() || FieldLimits.tooLong("--set", own.get().strip(), FieldLimits.SET_NAME) != null) return setName(source, null);
    return setName(source, own.get());
  }

  /**
   * Reads a file without writing anything: counts, the first problems and the first records.
   *
   * @throws IOException when the file cannot be read
   */
  public ImportService.Preview preview(ImportService.Source source, Path file) throws IOException {
    return importer.preview(source, file);
  }

  /**
   * Imports a file in one transaction; see {@link ImportService#importFile}.
   *
   * @param set         the set to fill, or null for the source's name ({@link #setName})
   * @param skipInvalid import the valid records and report the others; else a bad record writes nothing
   * @param progress    records read so far
   * @param cancelled   polled; true rolls the import back
   * @return counts and the skipped records' problems
   * @throws ImportService.InvalidFileException listing the problems when nothing was imported
   * @throws InvalidInputException when the set name is refused
   * @throws IOException when the file cannot be read
   */
  public ImportService.Result importFile(ImportService.Source source, Path file, String set, boolean skipInvalid, LongConsumer progress,
                                         BooleanSupplier cancelled) throws IOException {
    return importer.importFile(source, file, setFor(source, file, set), skipInvalid, progress, cancelled);
  }

  /**
   * As {@link #importFile(ImportService.Source, Path, String, boolean, LongConsumer, BooleanSupplier)}, recording
   * {@code origin} (e.g. a download's URL and SHA-256) as where a new set came from instead of the file's path.
   *
   * @param origin what the new set records as its origin; null for the file's path
   */
  public ImportService.Result importFile(ImportService.Source source, Path file, String origin, String set, boolean skipInvalid,
                                         LongConsumer progress, BooleanSupplier cancelled) throws IOException {
    return importer.importFile(source, file, origin, setFor(source, file, set), skipInvalid, progress, cancelled);
  }
}
