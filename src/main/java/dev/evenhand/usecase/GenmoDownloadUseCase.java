package dev.evenhand.usecase;

import dev.evenhand.exchange.AtomicFile;
import dev.evenhand.exchange.DownloadException;
import dev.evenhand.exchange.GenmoSource;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.exchange.VerifiedDownload;
import dev.evenhand.store.PairSetSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * GenMO on request (issue 14, point 8): fetches GenMO from its pinned public source ({@link GenmoSource}),
 * checks its SHA-256, caches it in the data folder with an attribution notice beside it, and imports it,
 * recording the URL and hash as the set's origin. A cached copy is reused when its hash still matches (it is
 * checked each time) and fetched again when it does not. {@code evenhand import genmo} without a file and the
 * Download GenMO action of the Audit and Datasets screens call it.
 */
public final class GenmoDownloadUseCase {
  /** The cached file's name, as in the source repository. */
  public static final String FILE = "GenMO_dataset.json";
  /** The attribution notice written beside it. */
  public static final String NOTICE = "NOTICE.md";
  /** The kind of the pair sets GenMO imports fill. */
  public static final String KIND = ImportService.Source.GENMO.id();

  /**
   * A verified copy of GenMO on disk.
   *
   * @param file      the cached file
   * @param notice    the attribution notice beside it
   * @param fromCache true when the cached copy was reused (nothing was downloaded)
   * @param source    where it came from
   */
  public record Fetched(Path file, Path notice, boolean fromCache, GenmoSource source) {}

  /**
   * What a download-and-import did.
   *
   * @param fetched the copy imported
   * @param result  the import's counts
   */
  public record Outcome(Fetched fetched, ImportService.Result result) {}

  private final ImportUseCase imports;
  private final PairSetSources sets;
  private final VerifiedDownload download;
  private final GenmoSource source;
  private final Path folder;

  /**
   * @param imports  the import every file goes through
   * @param sets     the pair sets' kinds (is GenMO imported?)
   * @param download fetches and verifies the file
   * @param source   where GenMO is fetched from
   * @param folder   the cache folder (in the data folder, e.g. {@code ~/.local/share/evenhand/datasets/genmo})
   */
  public GenmoDownloadUseCase(ImportUseCase imports, PairSetSources sets, VerifiedDownload download, GenmoSource source, Path folder) {
    this.imports = imports;
    this.sets = sets;
    this.download = download;
    this.source = source;
    this.folder = folder;
  }

  /** @return where GenMO is fetched from */
  public GenmoSource source() { return source; }

  /** @return the cached file's path (it may not exist yet) */
  public Path cacheFile() { return folder.resolve(FILE); }

  /**
   * @return true when a pair set of kind genmo holds pairs (GenMO was imported, from a file or downloaded)
   * @throws dev.evenhand.store.StoreException on an SQL failure
   */
  public boolean imported() { return sets.anyPairsOfKind(KIND); }

  /**
   * @return the cached copy when it exists and its SHA-256 is the source's; empty otherwise
   * @throws IOException when it exists but cannot be read
   */
  public Optional<Path> cached() throws IOException {
    Path f = cacheFile();
    if (!Files.isRegularFile(f)) return Optional.empty();
    return sha256(f).equals(source.sha256()) ? Optional.of(f) : Optional.empty();
  }

  /**
   * The verified file: the cached copy when its hash matches, else a fresh download (which replaces a cached
   * copy whose hash differs only once the new bytes are verified). The notice is (re)written beside it.
   *
   * @param progress  bytes received, while downloading
   * @param notes     one-line notes for the person (a cached copy that no longer matches)
   * @param cancelled polled; true stops the download (nothing kept)
   * @return the file and notice
   * @throws DownloadException when it cannot be downloaded or its hash differs (nothing kept)
   * @throws java.util.concurrent.CancellationException when cancelled
   * @throws IOException when the data folder cannot be written
   */
  public Fetched fetch(VerifiedDownload.Progress progress, Consumer<String> notes, BooleanSupplier cancelled) throws DownloadException, IOException {
    Path f = cacheFile();
    boolean reuse = cached().isPresent();
    if (!reuse) {
      if (Files.exists(f)) notes.accept("the cached copy " + f + " does not have the expected SHA-256; downloading it again");
      download.fetch(source.url(), source.sha256(), f, progress, cancelled);
    }
    Path notice = folder.resolve(NOTICE);
    AtomicFile.write(notice, notice().getBytes(StandardCharsets.UTF_8));
    return new Fetched(f, notice, reuse, source);
  }

  /**
   * Fetches GenMO ({@link #fetch}) and imports it in one transaction, recording {@link GenmoSource#origin()}
   * (URL and SHA-256) as the new set's origin.
   *
   * @param set            the pair set to fill, or null for {@code genmo}
   * @param skipInvalid    import the valid records and report the others
   * @param progress       bytes received, while downloading
   * @param notes          one-line notes for the person
   * @param importProgress records read, while importing
   * @param cancelled      polled; true stops the download or rolls the import back
   * @return the copy and the import's counts
   * @throws DownloadException when it cannot be downloaded or its hash differs (nothing imported)
   * @throws ImportService.InvalidFileException when a record is invalid (nothing imported)
   * @throws java.util.concurrent.CancellationException when cancelled (nothing imported)
   * @throws IOException when the data folder cannot be written or the file read
   */
  public Outcome importGenmo(String set, boolean skipInvalid, VerifiedDownload.Progress progress, Consumer<String> notes,
                             LongConsumer importProgress, BooleanSupplier cancelled) throws DownloadException, IOException {
    Fetched fetched = fetch(progress, notes, cancelled);
    ImportService.Result r = imports.importFile(ImportService.Source.GENMO, fetched.file(), source.origin(), set, skipInvalid, importProgress,
        cancelled);
    return new Outcome(fetched, r);
  }

  /**
   * @return what to do by hand when the download fails, one step a line: the URL to fetch, the hash to check and the
   *     command that imports the file
   */
  public java.util.List<String> byHand() {
    return java.util.List.of("1. download " + source.url(), "2. check that its SHA-256 is " + source.sha256() + " (sha256sum FILE)",
        "3. run: evenhand import genmo FILE");
  }

  /** @return the attribution notice for this source (from the packed template {@code genmo/NOTICE.md}) */
  String notice() {
    try (InputStream in = GenmoDownloadUseCase.class.getResourceAsStream("/genmo/NOTICE.md")) {
      if (in == null) throw new IllegalStateException("genmo/NOTICE.md is missing from the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{url}}", source.url().toString())
          .replace("{{commit}}", source.commit().isEmpty() ? "(not pinned: a mirror or test source)" : source.commit())
          .replace("{{sha256}}", source.sha256());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(Path f) throws IOException {
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
