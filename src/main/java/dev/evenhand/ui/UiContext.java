package dev.evenhand.ui;

import dev.evenhand.usecase.GenerationService;
import dev.evenhand.usecase.ModelsService;
import dev.evenhand.usecase.ReviewService;
import dev.evenhand.usecase.ServerState;
import dev.evenhand.method.Themes;
import dev.evenhand.store.PairRepository;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the screens' view models may use, handed over by the app's wiring (constructor injection; no
 * service locator). Every call here may block: view models run them on {@link #background()}.
 *
 * @param generation   the generation pipeline
 * @param pairs        stored pairs
 * @param review       review actions
 * @param serverCheck  asks the Ollama server for its version and models (never throws)
 * @param targetFor    checks a model tag against the servers and builds the host pool with the given requests in
 *                     flight per host (throws OllamaException); the caller closes the pool
 * @param packedThemes the packed seed themes
 * @param reviewer     the reviewer name for review actions
 * @param parallel     the saved requests-in-flight setting
 * @param background   runs blocking work off the FX thread
 * @param models       the server's models, details, loaded models and pulls
 * @param calls        stored model calls (provenance)
 * @param keys         Review key bindings from the settings ({@code keys.<action>})
 * @param regenerate   asks the model again for a pair's balanced judgments, streaming the reply
 * @param importer     imports (Datasets screen)
 * @param exporter     exports (Datasets screen)
 * @param exportContext the training prompt and swapper of a recipe
 * @param audits       audit runs and answers
 * @param auditRunner  runs (or resumes) an audit run
 * @param about        facts for Help > About and the welcome panel: evenhand, java, javafx, data, logs, default_model
 * @param openFolder   opens a folder in the desktop's file manager (Help > Open log folder)
 * @param settings     reads, validates and saves the settings file, and deletes data
 */
public record UiContext(GenerationService generation, PairRepository pairs, ReviewService review, Supplier<ServerState> serverCheck,
                        java.util.function.BiFunction<String, Integer, GenerationService.Target> targetFor, Supplier<Themes> packedThemes, String reviewer, int parallel,
                        Executor background, ModelsService models,
                        dev.evenhand.store.CallRepository calls,
                        java.util.Map<String, String> keys, dev.evenhand.usecase.RegenerateUseCase regenerate,
                        dev.evenhand.exchange.ImportService importer, dev.evenhand.exchange.ExportService exporter,
                        java.util.function.Function<dev.evenhand.exchange.ExportContext.Recipe, dev.evenhand.exchange.ExportContext> exportContext,
                        dev.evenhand.store.AuditRepository audits, AuditRunner auditRunner,
                        java.util.Map<String, String> about, java.util.function.Consumer<java.nio.file.Path> openFolder,
                        SettingsAccess settings) {
  /** The settings file and the data deletes, for the Settings screen. */
  public interface SettingsAccess {
    /** @return the saved settings as file keys and values (ollama.urls, reviewer, parallel, timeout.seconds, theme, profile, keys.*) */
    java.util.Map<String, String> current();

    /**
     * Validates and saves settings.
     *
     * @return where they were saved
     * @throws IllegalArgumentException naming the key when a value is refused (nothing is saved then)
     */
    String save(java.util.Map<String, String> values);

    /** Deletes a generation run (what: run), an audit run (audit) or a pair set (set). @return what was deleted, in words */
    String delete(String what, String which, boolean includeAccepted);
  }

  /** Runs or resumes an audit run (blocking). */
  @FunctionalInterface
  public interface AuditRunner {
    /**
     * @return true when complete, false when cancelled
     * @throws InterruptedException when interrupted
     */
    boolean run(long runId, int parallel, dev.evenhand.usecase.AuditService.Listener progress,
                java.util.concurrent.atomic.AtomicBoolean cancel) throws InterruptedException;
  }
}
