package dev.evenhand.app;

import dev.evenhand.usecase.Settings;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.exchange.TrainingPrompts;
import dev.evenhand.domain.ModelRef;
import dev.evenhand.llm.HostPool;
import dev.evenhand.llm.ModelProfile;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.OllamaChat;
import dev.evenhand.llm.OllamaUrls;
import dev.evenhand.llm.Resources;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.llm.StepCaller;
import dev.evenhand.usecase.CurationSteps;
import dev.evenhand.usecase.GenerationService;
import dev.evenhand.usecase.ReviewService;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one place that builds every service (STYLE.md: constructor injection, one wiring class). The CLI
 * and the GUI both use it, so anything the GUI can do to data a script can do too.
 */
public final class Services implements AutoCloseable {
  private final AppPaths paths;
  private final Settings settings;
  private final List<String> ollamaUrls;
  private final Database db;
  private final Resources resources;
  private final PairRepository pairs;
  private final RunRepository runs;
  private final CallRepository calls;
  private final ReviewService review;
  private final GenerationService generation;
  private final CurationSteps steps;
  private final ExportService export;
  private final dev.evenhand.usecase.ModelTargets targets;

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
    this.ollamaUrls = ollamaUrls;
    this.db = Database.open(dbPath == null ? paths.defaultDatabase() : dbPath, opening);
    this.resources = new Resources(paths.configDir());
    this.targets = new dev.evenhand.usecase.ModelTargets(ollamaUrls, resources, settings.profile());
    this.pairs = new PairRepository(db);
    this.runs = new RunRepository(db);
    this.calls = new CallRepository(db);
    this.review = new ReviewService(new ReviewRepository(db));
    StepCaller caller = new StepCaller(new OllamaChat(settings.callTimeout()), retryPolicy, true);
    this.steps = new CurationSteps(caller);
    this.generation = new GenerationService(runs, pairs, calls, steps);
    this.export = new ExportService(pairs, new dev.evenhand.store.ArchiveRepository(db)::read);
  }

  /** @return data and config directories */
  public AppPaths paths() { return paths; }

  /** @return the saved settings */
  public Settings settings() { return settings; }

  /** @return the resolved Ollama base URLs, first is the primary */
  public List<String> ollamaUrls() { return ollamaUrls; }

  /** @return an admin client for the primary Ollama URL */
  public OllamaAdmin admin() { return new OllamaAdmin(ollamaUrls.get(0)); }

  /** @return packed and overridden resources */
  public Resources resources() { return resources; }

  /** @return the open database */
  public Database database() { return db; }

  /** @return story pairs */
  public PairRepository pairs() { return pairs; }

  /** @return generation runs */
  public RunRepository runs() { return runs; }

  /** @return model calls */
  public CallRepository calls() { return calls; }

  /** @return review actions */
  public ReviewService review() { return review; }

  /** @return generation: start, resume and run a generation run */
  public dev.evenhand.usecase.GenerationUseCase generations() {
    return new dev.evenhand.usecase.GenerationUseCase(generation, targets, settings.parallel());
  }

  /** @return the generation pipeline */
  public GenerationService generation() { return generation; }

  /** @return imports (GenMO, paper, Evenhand JSONL, CSV), with ROUGE-1, fidelity flags and names from the method */
  public dev.evenhand.exchange.ImportService importer() {
    return new dev.evenhand.exchange.ImportService(db, new dev.evenhand.exchange.ImportService.PairFacts() {
      @Override public double rouge1(dev.evenhand.domain.StoryPair p) { return dev.evenhand.method.Rouge1.f1(p.male().text(), p.female().text()); }

      @Override public int fidelityFlags(dev.evenhand.domain.StoryPair p) {
        return dev.evenhand.method.StoryDiff.of(p.male().text(), p.female().text(), p.male().name(), p.female().name()).flags();
      }

      @Override public String[] names(String male, String female) { return dev.evenhand.method.Protagonists.names(male, female); }
    });
  }

  /** @return the model steps of the method */
  public CurationSteps steps() { return steps; }

  /** @return exports: formats, recipes, the checks of the target file */
  public dev.evenhand.usecase.ExportUseCase exports() { return new dev.evenhand.usecase.ExportUseCase(export, pairs, db, resources); }

  /** @return imports (GenMO, paper, Evenhand JSONL, CSV) into a pair set */
  public dev.evenhand.usecase.ImportUseCase imports() { return new dev.evenhand.usecase.ImportUseCase(db); }

  /** @return exporters */
  public ExportService export() { return export; }

  /** @return checks model tags against the servers and builds host pools */
  public dev.evenhand.usecase.ModelTargets targets() { return targets; }

  /**
   * As {@link dev.evenhand.usecase.ModelTargets#target}.
   *
   * @throws OllamaException UNREACHABLE when no host answers, MODEL_NOT_FOUND when none has the model
   */
  public GenerationService.Target target(String tag, int parallel, java.time.Duration maxPause, java.util.function.Consumer<String> notes) {
    return targets.target(tag, parallel, maxPause, notes);
  }

  /** @return the model profile for a tag ({@code models/default} when the tag has none) */
  public ModelProfile profile(String tag) { return targets.profile(tag); }

  /** @return audits: start, resume, figures, report */
  public dev.evenhand.usecase.AuditUseCase audits() {
    dev.evenhand.store.AuditRepository repo = new dev.evenhand.store.AuditRepository(db);
    return new dev.evenhand.usecase.AuditUseCase(repo, new dev.evenhand.usecase.AuditService(repo, pairs, calls, steps), targets);
  }

  /** @return deletes of runs, audits and sets */
  public dev.evenhand.usecase.DeleteUseCase deletes() { return new dev.evenhand.usecase.DeleteUseCase(new dev.evenhand.store.DeleteRepository(db)); }

  /** @return regenerate of a pair's balanced judgment */
  public dev.evenhand.usecase.RegenerateUseCase regenerate() { return new dev.evenhand.usecase.RegenerateUseCase(targets, steps, calls); }

  /** @return the settings file: load, validate, save */
  public dev.evenhand.usecase.SettingsUseCase settingsFile() { return new dev.evenhand.usecase.SettingsUseCase(paths.settingsFile()); }

  /** @return the training prompt of exported records, from the default profile's template */
  public TrainingPrompts trainingPrompts() {
    PromptTemplate t = ModelProfile.forTag(resources, "default").trainingPrompt();
    return new TrainingPrompts(t.id(), t.version(),
        (Story s) -> t.fill(Map.of("story", s.text(), "name", CurationSteps.protagonist(s))));
  }

  /** @return the export context of a recipe: the training prompt, and the CDA swap of names and gendered words */
  public dev.evenhand.exchange.ExportContext exportContext(dev.evenhand.exchange.ExportContext.Recipe recipe) {
    return new dev.evenhand.exchange.ExportContext(trainingPrompts(), recipe, dev.evenhand.method.GenderSwap::swap);
  }

  @Override
  public void close() { db.close(); }
}
