package dev.evenhand.app;

import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.OllamaChat;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.OllamaUrls;
import dev.evenhand.llm.Resources;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.llm.StepCaller;
import dev.evenhand.store.ArchiveRepository;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.Database;
import dev.evenhand.store.DeleteRepository;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.usecase.AuditService;
import dev.evenhand.usecase.AuditUseCase;
import dev.evenhand.usecase.CurationSteps;
import dev.evenhand.usecase.DeleteUseCase;
import dev.evenhand.usecase.ExportUseCase;
import dev.evenhand.usecase.GenerationService;
import dev.evenhand.usecase.GenerationUseCase;
import dev.evenhand.usecase.ImportUseCase;
import dev.evenhand.usecase.ModelTargets;
import dev.evenhand.usecase.ModelsService;
import dev.evenhand.usecase.RegenerateUseCase;
import dev.evenhand.usecase.ReviewService;
import dev.evenhand.usecase.Settings;
import dev.evenhand.usecase.StatsUseCase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place that builds every service and use case (STYLE.md: constructor injection, one wiring
 * class); it holds no rule of its own. The CLI commands and the GUI call the same use cases, so anything
 * the GUI can do to data a script can do too. The repositories it also hands out are for tests and
 * benchmarks, which seed and inspect the store; no command or screen uses them.
 */
public final class Services implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Services.class);
  private final AppPaths paths;
  private final Settings settings;
  private final Database db;
  private final Path dbPath;
  private final Resources resources;
  private final PairRepository pairs;
  private final RunRepository runs;
  private final CallRepository calls;
  private final ReviewService review;
  private final CurationSteps steps;
  private final GenerationService generation;
  private final ExportService export;
  private final ModelTargets targets;

  /**
   * @param paths       data and config directories
   * @param settings    saved settings
   * @param dbPath      the database path ({@code --db}), or null for the default in the data directory
   * @param ollamaUrls  resolved Ollama base URLs ({@link OllamaUrls#resolve})
   * @param retryPolicy the retry policy of model calls
   * @throws dev.evenhand.store.StoreException when the database cannot be opened
   */
  public Services(AppPaths paths, Settings settings, Path dbPath, List<String> ollamaUrls, RetryPolicy retryPolicy) {
    this(paths, settings, dbPath, ollamaUrls, retryPolicy, Database.Opening.DEFAULT);
  }

  /**
   * As {@link #Services(AppPaths, Settings, Path, List, RetryPolicy)}, naming this process for the others
   * that share the database and receiving the "waiting for the database" notices.
   *
   * @param opening who opens the database, where its notices go, how long it waits for another process
   * @throws dev.evenhand.store.StoreException when the database cannot be opened
   */
  public Services(AppPaths paths, Settings settings, Path dbPath, List<String> ollamaUrls, RetryPolicy retryPolicy, Database.Opening opening) {
    this.paths = paths;
    this.settings = settings;
    this.dbPath = dbPath == null ? paths.defaultDatabase() : dbPath;
    this.db = Database.open(this.dbPath, opening);
    this.resources = new Resources(paths.configDir());
    this.targets = new ModelTargets(ollamaUrls, resources, settings.profile(), settings.parallel());
    this.pairs = new PairRepository(db);
    this.runs = new RunRepository(db);
    this.calls = new CallRepository(db);
    ReviewRepository reviewRows = new ReviewRepository(db);
    this.review = new ReviewService(reviewRows);
    this.steps = new CurationSteps(new StepCaller(new OllamaChat(settings.callTimeout()), retryPolicy, true));
    this.generation = new GenerationService(runs, pairs, calls, steps);
    this.export = new ExportService(pairs, new ArchiveRepository(db)::read, reviewRows::acceptedWithOverride);
  }

  /** @return data and config directories */
  public AppPaths paths() { return paths; }

  /** @return the saved settings */
  public Settings settings() { return settings; }

  /** @return the resolved Ollama base URLs, first is the primary */
  public List<String> ollamaUrls() { return targets.urls(); }

  /** @return checks model tags against the servers and builds host pools; the default model tag */
  public ModelTargets targets() { return targets; }

  /** @return generation: start, resume and run a generation run */
  public GenerationUseCase generations() { return new GenerationUseCase(generation, targets); }

  /** @return review actions */
  public ReviewService review() { return review; }

  /** @return reviewing pairs: the queue, a pair, its provenance, counts and the review actions */
  public dev.evenhand.usecase.ReviewUseCase reviews() { return new dev.evenhand.usecase.ReviewUseCase(review, pairs, calls); }

  /** @return the versioned guidelines of each pair set (issue 15, point 5) */
  public dev.evenhand.usecase.GuidelinesUseCase guidelines() {
    return new dev.evenhand.usecase.GuidelinesUseCase(new dev.evenhand.store.GuidelinesRepository(db), java.time.Clock.systemUTC());
  }

  /** @return comments on pairs, from one reviewer to the others (issue 15, point 5) */
  public dev.evenhand.usecase.CommentsUseCase comments() {
    return new dev.evenhand.usecase.CommentsUseCase(new dev.evenhand.store.CommentRepository(db), java.time.Clock.systemUTC());
  }

  /** @return assignment of a set's pairs to reviewers with an overlap, and their progress (issue 15, point 4) */
  public dev.evenhand.usecase.AssignmentUseCase assignments() {
    return new dev.evenhand.usecase.AssignmentUseCase(new dev.evenhand.store.AssignmentRepository(db));
  }

  /** @return regenerate of a pair's balanced judgment */
  public RegenerateUseCase regenerate() { return new RegenerateUseCase(targets, steps, calls); }

  /** @return audits: start, resume, figures, report */
  public AuditUseCase audits() {
    AuditRepository repo = new AuditRepository(db);
    return new AuditUseCase(repo, new AuditService(repo, pairs, calls, steps), targets);
  }

  /** @return comparisons of audit runs across time ({@code audit compare}, the Audit screen's Compare runs) */
  public dev.evenhand.usecase.AuditCompareUseCase auditCompare() { return new dev.evenhand.usecase.AuditCompareUseCase(new AuditRepository(db)); }

  /** @return copying this database to another, H2 or PostgreSQL ({@code db copy}) */
  public dev.evenhand.usecase.DatabaseCopyUseCase databaseCopy() { return new dev.evenhand.usecase.DatabaseCopyUseCase(db); }

  /** @return imports (GenMO, paper, Evenhand JSONL, CSV) into a pair set */
  public ImportUseCase imports() { return new ImportUseCase(db); }

  /**
   * @return GenMO on request: download from the pinned source (or the one the system properties
   *     {@code evenhand.genmo.url} and {@code evenhand.genmo.sha256} name, for tests and mirrors), cached in
   *     {@code <data>/datasets/genmo}, then imported
   * @throws IllegalArgumentException when those properties are malformed
   */
  public dev.evenhand.usecase.GenmoDownloadUseCase genmo() {
    return new dev.evenhand.usecase.GenmoDownloadUseCase(imports(), new dev.evenhand.store.PairSetSources(db),
        new dev.evenhand.exchange.VerifiedDownload(), dev.evenhand.exchange.GenmoSource.from(System::getProperty),
        paths.dataDir().resolve("datasets").resolve("genmo"));
  }

  /** @return exports: formats, recipes, the checks of the target file */
  public ExportUseCase exports() { return new ExportUseCase(export, pairs, db, resources); }

  /** @return {@code export --dataset-dir}: data files, manifests and a dataset card for the Hugging Face Hub */
  public dev.evenhand.usecase.DatasetFolderUseCase datasetFolders() {
    return new dev.evenhand.usecase.DatasetFolderUseCase(exports(), pairs, new dev.evenhand.store.ReviewTally(db), new AuditRepository(db),
        new dev.evenhand.store.PairSetSources(db));
  }

  /** @return deletes of runs, audits and sets */
  public DeleteUseCase deletes() { return new DeleteUseCase(new DeleteRepository(db)); }

  /** @return the models of the Ollama servers, and pulls onto the primary one */
  public ModelsService models() { return new ModelsService(targets); }

  /** @return pair counts by status, environment and set */
  public StatsUseCase stats() { return new StatsUseCase(pairs, new dev.evenhand.store.PairSetSources(db)); }

  /** @return the database path in use, without the {@code .mv.db} suffix */
  public Path databasePath() { return dbPath; }

  // For tests and benchmarks, which seed and inspect the store directly.

  /** @return the open database (benchmarks that seed 100,000 pairs) */
  public Database database() { return db; }

  /** @return story pairs */
  public PairRepository pairs() { return pairs; }

  /** @return generation runs */
  public RunRepository runs() { return runs; }

  /** @return model calls */
  public CallRepository calls() { return calls; }

  @Override
  public void close() {
    java.util.concurrent.ScheduledExecutorService ix = searchIndexing;
    if (ix != null) ix.shutdownNow();
    db.close();
  }

  private volatile java.util.concurrent.ScheduledExecutorService searchIndexing;

  /**
   * Keeps the H2 database's {@link dev.evenhand.store.SearchIndex} up to date in the background, for a process that
   * stays open (the window): a low-priority daemon thread catches up every {@value #INDEX_EVERY_S} s (the first time
   * that long after start-up), chunk by chunk, while there are rows to index. Nothing for PostgreSQL, a read-only
   * database, or when another process indexes. A failure is logged and tried again at the next round (search scans
   * meanwhile). Stopped by {@link #close()}.
   */
  public synchronized void indexSearchInBackground() {
    if (searchIndexing != null || db.readOnly()) return;
    db.searchIndex().ifPresent(ix -> {
      searchIndexing = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "search-index");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
      });
      searchIndexing.scheduleWithFixedDelay(() -> {
        try {
          int n;
          do {
            n = ix.catchUp(dev.evenhand.store.SearchIndex.CHUNK, () -> Thread.currentThread().isInterrupted());
          } while (n > 0 && !Thread.currentThread().isInterrupted());
        } catch (RuntimeException e) {
          LOG.warn("could not bring the search index up to date; searching scans until it can: {}", e.getMessage(), e);
        }
      }, INDEX_EVERY_S, INDEX_EVERY_S, java.util.concurrent.TimeUnit.SECONDS); // the first round after the window is up
    });
  }

  /** Seconds between two rounds of the background search indexing. */
  static final int INDEX_EVERY_S = 5;
}
