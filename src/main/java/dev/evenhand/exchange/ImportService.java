package dev.evenhand.exchange;

import dev.evenhand.domain.Divergence;
import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.store.ImportedPair;
import dev.evenhand.store.PairArchive;
import dev.evenhand.store.PairImports;
import dev.evenhand.store.PairStage;
import dev.evenhand.store.StoreException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Imports story pairs (FORMATS.md, "What Evenhand imports"): GenMO's JSON array, the seed paper's JSONL
 * (CDA fields included), Evenhand's own JSONL and its CSV. Files are read as a stream. Import rules:
 * an import is one transaction; if any record is invalid nothing is written and each problem is
 * reported as file:line:field (the first 20, then a count), unless invalid records are to be skipped;
 * a UTF-8 BOM, CRLF line ends and blank lines are tolerated; a pair already stored (same two stories)
 * is skipped and counted; a pair whose two stories are identical is imported and flagged.
 */
public final class ImportService {
  /** Longest text field accepted (FORMATS.md): {@link FieldLimits#LONG_TEXT}. */
  public static final int MAX_FIELD = FieldLimits.LONG_TEXT;
  /** Problems listed one by one; the rest are counted. */
  public static final int MAX_LISTED = 20;
  /** Records read before they are stored together: one duplicate query and one batch of statements per table, in one turn of the import lock (V26). */
  static final int CHUNK = dev.evenhand.store.PairImports.BATCH;

  /** What a file holds. */
  public enum Source {
    GENMO, PAPER, JSONL, CSV;

    /** @return the CLI name and default set name, e.g. {@code genmo} */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** @return the source named {@code id} @throws IllegalArgumentException for another name */
    public static Source of(String id) {
      for (Source s : values()) if (s.id().equalsIgnoreCase(id)) return s;
      throw new IllegalArgumentException("unknown import source '" + id + "' (use genmo, paper, jsonl or csv)");
    }
  }

  /**
   * Computes what the store keeps about a pair and finds protagonists' names (from the method layer). An import calls
   * it from several threads at once (the pairs of a batch in parallel), so it must keep no state.
   */
  public interface PairFacts {
    /** @return ROUGE-1 F1 between the stories */
    double rouge1(StoryPair p);

    /** @return non-gender differences between the stories */
    int fidelityFlags(StoryPair p);

    /** @return the male and female protagonists' names in stories that give none (GenMO): empty for first-person stories */
    Names names(String male, String female);
  }

  /**
   * The protagonists' names of a story pair.
   *
   * @param male   the male story's protagonist, empty for a first-person story
   * @param female the female story's protagonist, empty for a first-person story
   */
  public record Names(String male, String female) {}

  /**
   * A problem with one record.
   *
   * @param file  the file name
   * @param line  the line (1-based; 0 for the file as a whole)
   * @param field the field, empty when the whole record or file is at fault
   * @param what  what is wrong
   */
  public record Problem(String file, long line, String field, String what) {
    @Override
    public String toString() { return file + (line > 0 ? ":" + line : "") + (field.isEmpty() ? "" : ":" + field) + ": " + what; }
  }

  /**
   * What a file would import, before anything is written.
   *
   * @param records      readable records
   * @param problems     the first problems
   * @param problemCount all problems
   * @param first        the first records (up to 5) as one line each
   * @param stored       records whose pair is already stored (they would be skipped)
   * @param identical    records whose two stories are identical (imported and flagged)
   */
  public record Preview(long records, List<Problem> problems, long problemCount, List<String> first, long stored, long identical) {}

  /**
   * What an import did.
   *
   * @param set            the pair set filled
   * @param imported       pairs stored
   * @param duplicates     pairs skipped because they were already stored
   * @param invalid        records skipped as invalid (with skip-invalid)
   * @param identical      imported pairs whose two stories are identical (flagged)
   * @param problems       the first problems
   * @param problemCount   all problems
   */
  public record Result(String set, long imported, long duplicates, long invalid, long identical, List<Problem> problems, long problemCount,
                       long duplicatesWithWork) {
    /** A result that counts no skipped pair carrying review work. */
    public Result(String set, long imported, long duplicates, long invalid, long identical, List<Problem> problems, long problemCount) {
      this(set, imported, duplicates, invalid, identical, problems, problemCount, 0);
    }
  }

  /** An import refused because of invalid records; nothing was written. */
  public static final class InvalidFileException extends RuntimeException {
    private final List<Problem> problems;
    private final long count;
    private final boolean wholeFile;

    InvalidFileException(List<Problem> problems, long count) { this(problems, count, false); }

    InvalidFileException(List<Problem> problems, long count, boolean wholeFile) {
      super(problems.isEmpty() ? "invalid file" : problems.get(0).toString() + (count > 1 ? " (and " + (count - 1) + " more)" : ""));
      this.problems = List.copyOf(problems);
      this.count = count;
      this.wholeFile = wholeFile;
    }

    /** @return true when a problem is of the whole file (not UTF-8, not the expected shape): skipping records cannot help */
    public boolean wholeFile() { return wholeFile; }

    /** @return the first problems */
    public List<Problem> problems() { return problems; }

    /** @return all problems */
    public long count() { return count; }
  }

  private final PairImports store;
  private final PairFacts facts;

  /**
   * @param file a file of Evenhand's own JSONL ({@link Source#JSONL})
   * @return the one pair set all its records name (an {@code evenhand} backup of one set), or empty
   * @throws IOException when the file cannot be read
   */
  public static java.util.Optional<String> soleSet(Path file) throws IOException { return JsonLinesReader.soleSet(file); }

  /**
   * @param store where imports are written, each in one transaction the store opens
   * @param facts ROUGE-1, fidelity flags and names
   */
  public ImportService(PairImports store, PairFacts facts) {
    this.store = store;
    this.facts = facts;
  }

  /**
   * Reads a file without writing anything.
   *
   * @throws IOException when the file cannot be read
   */
  public Preview preview(Source source, Path file) throws IOException {
    ImportProblems problems = new ImportProblems();
    Tally n = new Tally();
    List<String> first = new ArrayList<>();
    store.lookup(stored -> {
      List<StoryPair> pending = new ArrayList<>(CHUNK);
      read(source, file, problems, e -> {
        n.records++;
        pending.add(e.pair());
        if (pending.size() == CHUNK) countStored(stored, pending, n);
        if (e.pair().identical()) n.identical++;
        if (first.size() < 5) first.add(oneLine(source, e));
      }, () -> false);
      countStored(stored, pending, n);
      return null;
    });
    return new Preview(n.records, problems.listed, problems.count, first, n.duplicates, n.identical);
  }

  /** Counts the pairs of {@code pending} an import would skip as duplicates (one query), and empties it. */
  private static void countStored(PairImports.Lookup stored, List<StoryPair> pending, Tally n) {
    if (pending.isEmpty()) return;
    for (boolean s : stored.stored(pending)) if (s) n.duplicates++;
    pending.clear();
  }

  private static String oneLine(Source source, ImportEntry e) {
    String m = e.pair().male().text();
    return (source == Source.GENMO ? "record " : "line ") + e.line() + ": [" + e.pair().environment() + "] " + (m.length() > 90 ? m.substring(0, 90) + "…" : m).replace('\n', ' ');
  }

  /**
   * Imports a file into a pair set, in one transaction. Unless invalid records are to be skipped, the
   * whole file is read and checked first, and nothing is written (not even the set) when any record is
   * invalid.
   *
   * @param setName     the pair set (created if new), 1 to {@link FieldLimits#SET_NAME} characters
   * @param skipInvalid import the valid records and report the rest, instead of refusing the file; a problem of the
   *                    whole file (not a file, empty, not valid UTF-8, a broken header, JSON that cannot be read on)
   *                    refuses it all the same
   * @param progress    receives the number of records read so far (while writing)
   * @param cancelled   polled between records; when true the transaction is rolled back
   * @return what was imported
   * @throws IllegalArgumentException when the set name is blank or too long
   * @throws InvalidFileException when a record is invalid and {@code skipInvalid} is false, or the file as a whole is
   *     invalid (nothing written)
   * @throws CancellationException when cancelled (nothing written)
   * @throws IOException when the file cannot be read
   */
  public Result importFile(Source source, Path file, String setName, boolean skipInvalid, LongConsumer progress, BooleanSupplier cancelled)
      throws IOException {
    return importFile(source, file, null, setName, skipInvalid, progress, cancelled);
  }

  /**
   * As {@link #importFile(Source, Path, String, boolean, LongConsumer, BooleanSupplier)}, recording {@code origin}
   * as where a new set came from instead of the file's path (a downloaded GenMO: its URL and SHA-256).
   *
   * @param origin what {@code pair_set.imported_from} records for a new set; null for the file's absolute path
   */
  public Result importFile(Source source, Path file, String origin, String setName, boolean skipInvalid, LongConsumer progress,
                           BooleanSupplier cancelled) throws IOException {
    if (setName == null || setName.isBlank()) throw new IllegalArgumentException("--set: the set name is empty");
    String tooLong = FieldLimits.tooLong("--set", setName, FieldLimits.SET_NAME);
    if (tooLong != null) throw new IllegalArgumentException(tooLong);
    if (!skipInvalid) {
      ImportProblems check = new ImportProblems();
      read(source, file, check, ImportEntry.CHECK_ONLY, cancelled);
      if (check.count > 0) throw new InvalidFileException(check.listed, check.count, check.fatal);
    }
    // when the process serving the database exits mid-import, nothing was stored: read the file again, a
    // bounded number of times, instead of failing a long import (several processes share one database)
    for (int attempt = 1; ; attempt++) {
      try {
        // normalised: "/work/x/../shared/GenMO.json" read as two places in stats (a newcomer)
        return importOnce(source, file, origin == null ? file.toAbsolutePath().normalize().toString() : origin, setName, skipInvalid, progress, cancelled);
      } catch (StoreException.ServerGone e) {
        if (attempt >= 5) throw e;
      }
    }
  }

  private Result importOnce(Source source, Path file, String origin, String setName, boolean skipInvalid, LongConsumer progress,
                            BooleanSupplier cancelled) throws IOException {
    ImportProblems problems = new ImportProblems();
    Tally n = new Tally();
    store.write(batch -> {
      // the set is found or made when the first pair is to be stored: an import whose every record is stored already
      // leaves no empty set behind (they piled up in stats; found by a newcomer trial)
      Batches batches = new Batches(batch, () -> batch.pairSet(setName, source.id(), origin), n);
      // the file is read on a thread of its own, a few batches ahead of the storing (ReadAhead)
      ReadAhead.run(sink -> read(source, file, problems, sink, cancelled), e -> {
        // polled here too: the reader is ahead, and may have read the whole file by the time a cancel comes
        if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
        n.records++;
        progress.accept(n.records);
        batches.add(e);
      });
      if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
      // the file changed between the check and the import; or, with skip-invalid, a problem of the whole file (not
      // valid UTF-8, a broken header): what was read around it cannot be told from what was lost, so nothing is kept
      if (problems.count > 0 && (!skipInvalid || problems.fatal)) throw new InvalidFileException(problems.listed, problems.count, problems.fatal);
      batches.finish();
      return null;
    });
    return new Result(setName, n.imported, n.duplicates, skipInvalid ? problems.count : 0, n.identical, problems.listed, problems.count,
        n.duplicatesWithWork);
  }

  /**
   * Stores the records of an import in batches of {@value #CHUNK} (issue 13, point 8), one batch behind the reading:
   * while the store writes a batch, the next one's ROUGE-1, fidelity flags and names (pure, and the costliest part of
   * a pair after H2's) are computed on other threads. A batch is checked for duplicates in one query once the batches
   * before it are stored, so a record whose two stories are stored, or repeat an earlier record's, is skipped and
   * counted (its figures, computed beforehand, are dropped).
   */
  private final class Batches {
    private final PairImports.Batch batch;
    private final java.util.function.LongSupplier findOrMakeSet;
    private long setId = -1;
    private final Tally n;
    private List<ImportEntry> reading = new ArrayList<>(CHUNK);
    private List<ImportEntry> waiting = List.of();
    private CompletableFuture<List<ImportedPair>> facts = CompletableFuture.completedFuture(List.of());

    Batches(PairImports.Batch batch, java.util.function.LongSupplier findOrMakeSet, Tally n) {
      this.batch = batch;
      this.findOrMakeSet = findOrMakeSet;
      this.n = n;
    }

    void add(ImportEntry e) {
      reading.add(e);
      if (reading.size() == CHUNK) next();
    }

    /** Starts computing the figures of the batch just read, then stores the batch before it. */
    private void next() {
      List<ImportEntry> read = reading;
      reading = new ArrayList<>(CHUNK);
      CompletableFuture<List<ImportedPair>> computing = CompletableFuture.supplyAsync(() -> read.parallelStream().map(ImportService.this::stored).toList());
      storeWaiting();
      waiting = read;
      facts = computing;
    }

    /** Stores what is left. */
    void finish() {
      next();
      storeWaiting();
    }

    private void storeWaiting() {
      if (waiting.isEmpty()) return;
      List<StoryPair> pairs = new ArrayList<>(waiting.size());
      for (ImportEntry e : waiting) pairs.add(e.pair());
      boolean[] stored = batch.stored(pairs);
      List<ImportedPair> computed;
      try {
        computed = facts.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) throw r;
        if (e.getCause() instanceof Error err) throw err;
        throw e;
      }
      List<ImportedPair> add = new ArrayList<>(pairs.size());
      List<String> sourceEnvironments = new ArrayList<>(pairs.size());
      for (int i = 0; i < stored.length; i++) {
        String label = waiting.get(i).sourceEnvironment();
        if (stored[i]) {
          n.duplicates++;
          ImportEntry w = waiting.get(i);
          if (!w.judgments().isEmpty() || !w.balanced().isEmpty() || !w.history().isEmpty() || w.status() != ReviewStatus.PENDING) n.duplicatesWithWork++;
          // a pair stored before V11 gets the label as its file wrote it (GenMO); nothing else about it changes
          if (label != null) batch.sourceEnvironment(pairs.get(i), label);
          continue;
        }
        add.add(computed.get(i));
        sourceEnvironments.add(label);
        if (pairs.get(i).identical()) n.identical++;
      }
      if (!add.isEmpty()) {
        if (setId < 0) setId = findOrMakeSet.getAsLong();
        batch.addPairs(setId, add);
      }
      for (int i = 0; i < add.size(); i++) if (sourceEnvironments.get(i) != null) batch.sourceEnvironment(add.get(i).pair(), sourceEnvironments.get(i));
      n.imported += add.size();
      waiting = List.of();
    }
  }

  /** Counts of one pass over a file: records read, pairs imported, already stored (duplicates), identical. */
  private static final class Tally {
    long records;
    long imported;
    long duplicates;
    /** Duplicates whose record carries judgments, a balanced judgment, a review status or history: work not brought in. */
    long duplicatesWithWork;
    long identical;
  }

  /** @return the pair as the store keeps it, with ROUGE-1, fidelity flags and divergence computed where the record gives none */
  private ImportedPair stored(ImportEntry e) {
    PairStage stage = e.judged() ? PairStage.COMPLETE : PairStage.IMPORTED;
    Boolean divergent = e.divergent();
    if (!e.divergentGiven()) {
      divergent = null;
      if (e.judged()) {
        Divergence d = Divergence.of(Stance.valueOf(e.latest(Gender.MALE).get().stance()), Stance.valueOf(e.latest(Gender.FEMALE).get().stance()));
        divergent = d == Divergence.UNDECIDED ? null : d == Divergence.DIVERGENT;
      }
    }
    // the flags from the named pair: the protagonists' names are a gender swap, not a change; a CSV row names none, and
    // its pairs were flagged for every name (5, 3, 3 where the same pairs from the paper's JSONL had 2, 0, 0: a breaker)
    StoryPair named = named(e.pair());
    PairArchive a = new PairArchive(e.createdAt(), e.fidelityGiven() ? e.fidelityFlags() : (Integer) facts.fidelityFlags(named), divergent,
        e.exportedAt(), e.judgments(), e.balanced(), e.history(), e.themeId(), e.calls());
    return new ImportedPair(named, e.rouge1() != null ? e.rouge1() : facts.rouge1(e.pair()), e.model(), stage, e.status(), e.flagged(),
        e.sourceId(), e.sourceSet(), e.sourceKind(), a);
  }

  /**
   * @return the pair with the protagonists' names worked out from its stories where the record gives none (a CSV row,
   *     a paper record with an empty character_name), so the neutrality gate knows the names it must find in a
   *     balanced judgment (issue 12: an imported "Daniel was wrong" was exported unflagged); given names are kept
   */
  private StoryPair named(StoryPair p) {
    if (!p.male().name().isBlank() && !p.female().name().isBlank()) return p;
    Names n = facts.names(p.male().text(), p.female().text());
    String male = p.male().name().isBlank() ? n.male() : p.male().name();
    String female = p.female().name().isBlank() ? n.female() : p.female().name();
    return new StoryPair(new dev.evenhand.domain.Story(p.male().gender(), male, p.male().text()),
        new dev.evenhand.domain.Story(p.female().gender(), female, p.female().text()), p.environment());
  }

  // ---- reading -------------------------------------------------------------------------------------

  /**
   * A record reviewed (accepted or rejected) whose two stories are not both judged is refused: Evenhand reviews a pair
   * only at stage complete (ReviewRepository), so it never writes one, and stored as given the pair would wait for a
   * model's judgments already accepted: {@code generate --from-set} would then give it a balanced judgment nobody read,
   * and trainer exports would take it as the researcher's (a breaker's CSV, status accepted and no stance, imported
   * without a word).
   */
  private static boolean reviewedUnjudged(ImportEntry e) { return e.status() != ReviewStatus.PENDING && !e.judged(); }

  private void read(Source source, Path file, ImportProblems problems, ImportEntry.Sink sink, BooleanSupplier cancelled) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    try {
      if (Files.isDirectory(file)) {
        problems.fatal(new Problem(name, 0, "", "is a folder, not a file"));
        return;
      }
      if (!Files.exists(file)) {
        problems.fatal(new Problem(name, 0, "", "no such file"));
        return;
      }
      if (!Files.isRegularFile(file)) {
        // the whole path: a device's name alone ("null" for /dev/null) reads like a program's value
        problems.fatal(new Problem(file.toString(), 0, "", "not a regular file (a device or a pipe; save what it gives to a file and import that)"));
        return;
      }
      if (Files.size(file) == 0) {
        problems.fatal(new Problem(name, 0, "", "the file is empty"));
        return;
      }
      ImportEntry.Sink reviewable = e -> {
        if (reviewedUnjudged(e)) {
          problems.add(new Problem(name, e.line(), "status", "'" + e.status().label() + "' on a pair whose two stories are not both judged: a pair "
              + "is reviewed once both are (give both stories a stance, or leave the status pending)"));
        } else if (e.balanced().stream().anyMatch(b -> b.text().isBlank() && !b.text().isEmpty())) {
          // "   " as a balanced judgment went out as a trainer's chosen answer (a breaker); review edit refuses it too
          problems.add(new Problem(name, e.line(), "neutral_explanation", "only white space: a balanced judgment needs words (leave it empty for none)"));
        } else {
          sink.entry(e.orSourceKind(source.id()));
        }
      };
      switch (source) {
        case GENMO -> new GenmoReader(facts).read(file, name, problems, reviewable, cancelled);
        case CSV -> new CsvPairsReader().read(file, name, problems, reviewable, cancelled);
        case PAPER, JSONL -> new JsonLinesReader(source == Source.PAPER).read(file, name, problems, reviewable, cancelled);
      }
    } catch (CharacterCodingException e) {
      problems.fatal(ImportFiles.notUtf8(name, file));
    } catch (IOException e) {
      problems.fatal(new Problem(name, 0, "", "cannot read: " + FileProblems.why(e)));
    }
  }
}
