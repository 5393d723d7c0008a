package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.usecase.GenerationService;
import dev.evenhand.usecase.GenerationUseCase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generate}: runs the four steps until N pairs are stored, or resumes an interrupted run ({@link GenerationUseCase}). */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Generate divergent story pairs with judgments and balanced judgments.")
public final class GenerateCommand extends BaseCommand {
  @Option(names = "--model", paramLabel = "TAG", description = "Ollama model tag, e.g. ${bundle:default-model}") String model;
  @Option(names = "--pairs", paramLabel = "N", description = "pairs to store (default 50, as in the paper)") Integer pairs;
  @Option(names = "--themes", paramLabel = "FILE", description = "seed themes JSONL (default: the packed datasets/themes.jsonl)") Path themes;
  @Option(names = "--keep-consistent", description = "keep consistent pairs too (they also get a balanced judgment)") boolean keepConsistent;
  @Option(names = "--max-attempts", paramLabel = "M", description = "story-pair requests at most (default 5 x N)") Integer maxAttempts;

  @Mixin ParallelOption parallel;

  @Option(names = "--fidelity-min", paramLabel = "F", defaultValue = "0.8",
      description = "ROUGE-1 lower bound, inclusive (default ${DEFAULT-VALUE})") double fidelityMin;

  @Option(names = "--fidelity-max", paramLabel = "F", defaultValue = "0.95",
      description = "ROUGE-1 upper bound, inclusive (default ${DEFAULT-VALUE})") double fidelityMax;

  @Option(names = "--duplicate-threshold", paramLabel = "F", defaultValue = "0.9",
      description = "ROUGE-1 at which a story is a near-duplicate (default ${DEFAULT-VALUE})") double duplicateThreshold;

  @Option(names = "--max-pause", paramLabel = "SECONDS", defaultValue = "600",
      description = "how long to wait for Ollama when it goes away mid-run before stopping (default ${DEFAULT-VALUE}; the run stays resumable)")
  long maxPauseSeconds;

  @Option(names = "--from-set", paramLabel = "NAME",
      description = "curate an imported pair set (steps 2 to 4: judgments, divergence, balanced judgment) instead of writing stories") String fromSet;

  @Option(names = "--resume", description = "finish the most recent interrupted run") boolean resume;
  @Option(names = "--run", paramLabel = "ID", description = "with --resume: the run to finish") Long runId;

  @Override
  protected boolean contactsOllama() { return true; }

  @Override
  public Integer call() throws Exception {
    if (maxPauseSeconds < 0) throw new InvalidInputException("--max-pause must not be negative (got " + maxPauseSeconds + ")");
    GenerationUseCase.Request request = new GenerationUseCase.Request(model, pairs, maxAttempts, parallel.value(), keepConsistent, fidelityMin,
        fidelityMax, duplicateThreshold, themes, fromSet);
    Duration maxPause = Duration.ofSeconds(maxPauseSeconds);
    try (Services s = services()) {
      GenerationUseCase generations = s.generations();
      if (!resume && runId == null) return execute(generations, generations.start(request, maxPause, this::note));
      Optional<GenerationRun> run = generations.toResume(runId);
      if (run.isEmpty()) {
        note(generations.nothingToResume());
        if (json()) printJson(Map.of("resumed", false));
        return OK;
      }
      return execute(generations, generations.resume(run.get(), request, maxPause, this::note));
    }
  }

  private void note(String line) { err().println(line); }

  private int execute(GenerationUseCase generations, GenerationUseCase.Session session) throws InterruptedException {
    for (var h : session.target().hosts().hosts()) {
      err().println("Ollama " + h.model().ollamaVersion() + " at " + h.url() + ", model " + session.run().modelTag() + " (profile "
          + session.target().profile().name() + "), " + session.slots() + " request" + (session.slots() == 1 ? "" : "s") + " in flight");
    }
    err().flush();
    long runId = session.run().id();
    AtomicBoolean cancel = new AtomicBoolean();
    GenerationService.Summary summary;
    try (session; CancelOnSignal signals = new CancelOnSignal(cancel, err(), "evenhand generate --resume --run " + runId)) {
      summary = generations.run(session, message -> {
        synchronized (this) {
          err().println("  " + message);
          err().flush();
        }
      }, cancel);
    } catch (dev.evenhand.llm.OllamaException e) {
      // the run stopped short (Ollama gone for longer than --max-pause, or failing): what it stored is kept
      err().println("evenhand: run " + runId + " stopped; the pairs it stored are kept: once Ollama answers, go on with "
          + "`evenhand generate --resume --run " + runId + "`");
      throw e;
    }
    print(summary);
    if (!summary.shortOfTarget()) return OK;
    err().println(cancel.get() ? "cancelled: resume with `evenhand generate --resume --run " + runId + "`"
        : "finished short of the target: " + summary.stored() + " of " + summary.target() + " pairs after " + summary.attempted()
            + " attempts; to go on: `evenhand generate --resume --run " + runId + " --max-attempts " + summary.attemptsToFinish() + "`");
    return SHORT;
  }

  private void print(GenerationService.Summary s) {
    if (json()) {
      printJson(fields("run_id", s.runId(), "attempted", s.attempted(), "divergent", s.divergent(), "stored", s.stored(), "failed", s.failed(),
          "calls", s.calls(), "eval_tokens", s.evalTokens(), "wall_seconds", Math.round(s.wallSeconds() * 1000) / 1000.0));
      return;
    }
    // a run that returns still "running" stopped before its target (Ctrl+C, Ollama gone): it is not running any more
    out().printf("run %d: %d of %d pairs stored (%s)%n", s.runId(), s.stored(), s.target(),
        s.status() == dev.evenhand.domain.RunStatus.RUNNING ? "stopped, resumable" : s.status());
    out().printf("attempted %d, divergent %d, model calls %d, eval tokens %d, %.1f s%n", s.attempted(), s.divergent(), s.calls(),
        s.evalTokens(), s.wallSeconds());
    if (!s.failed().isEmpty()) {
      StringBuilder sb = new StringBuilder("failed:");
      s.failed().forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v));
      out().println(sb);
    }
    out().flush();
  }
}
