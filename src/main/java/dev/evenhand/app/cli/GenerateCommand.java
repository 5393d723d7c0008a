package dev.evenhand.app.cli;

import dev.evenhand.domain.RunStatus;
import dev.evenhand.app.Services;
import dev.evenhand.domain.ModelRef;
import dev.evenhand.llm.ModelProfile;
import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.usecase.GenerationService;
import dev.evenhand.usecase.GenerationSettings;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.method.Themes;
import dev.evenhand.store.GenerationRun;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: runs the four steps until N pairs are stored, or resumes an interrupted run. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Generate divergent story pairs with judgments and balanced judgments.")
public final class GenerateCommand extends BaseCommand {
  @Option(names = "--model", paramLabel = "TAG", description = "Ollama model tag, e.g. llama3.1:8b")
  String model;

  @Option(names = "--pairs", paramLabel = "N", description = "pairs to store (default 50, as in the paper)")
  Integer pairs;

  @Option(names = "--themes", paramLabel = "FILE", description = "seed themes JSONL (default: the packed datasets/themes.jsonl)")
  Path themes;

  @Option(names = "--keep-consistent", description = "keep consistent pairs too (they also get a balanced judgment)")
  boolean keepConsistent;

  @Option(names = "--max-attempts", paramLabel = "M", description = "story-pair requests at most (default 5 x N)")
  Integer maxAttempts;

  @Option(names = "--parallel", paramLabel = "S", description = "requests in flight per host (default: the setting, else 1; match OLLAMA_NUM_PARALLEL)")
  Integer parallel;

  @Option(names = "--fidelity-min", paramLabel = "F", description = "ROUGE-1 lower bound, inclusive (default ${DEFAULT-VALUE})", defaultValue = "0.8")
  double fidelityMin;

  @Option(names = "--fidelity-max", paramLabel = "F", description = "ROUGE-1 upper bound, inclusive (default ${DEFAULT-VALUE})", defaultValue = "0.95")
  double fidelityMax;

  @Option(names = "--duplicate-threshold", paramLabel = "F", description = "ROUGE-1 at which a story is a near-duplicate (default ${DEFAULT-VALUE})", defaultValue = "0.9")
  double duplicateThreshold;

  @Option(names = "--max-pause", paramLabel = "SECONDS", defaultValue = "600",
      description = "how long to wait for Ollama when it goes away mid-run before stopping (default ${DEFAULT-VALUE}; the run stays resumable)")
  long maxPauseSeconds;

  @Option(names = "--from-set", paramLabel = "NAME", description = "curate an imported pair set (steps 2 to 4: judgments, divergence, balanced judgment) instead of writing stories")
  String fromSet;

  @Option(names = "--resume", description = "finish the most recent interrupted run")
  boolean resume;

  @Option(names = "--run", paramLabel = "ID", description = "with --resume: the run to finish")
  Long runId;

  @Override
  protected boolean contactsOllama() { return true; }

  @Override
  public Integer call() throws Exception {
    if (maxPauseSeconds < 0) throw new InvalidInputException("--max-pause must not be negative (got " + maxPauseSeconds + ")");
    if (parallel != null && (parallel < 1 || parallel > 64)) throw new InvalidInputException("--parallel must be between 1 and 64 (got " + parallel + ")");
    if (pairs != null && (pairs < 1 || pairs > 1_000_000)) throw new InvalidInputException("--pairs must be between 1 and 1,000,000 (got " + pairs + ")");
    if (maxAttempts != null && maxAttempts < 1) throw new InvalidInputException("--max-attempts must be at least 1 (got " + maxAttempts + ")");
    if (model != null && model.isBlank()) throw new InvalidInputException("--model: the model tag is empty");
    try (Services s = services()) {
      GenerationRun run;
      if (resume || runId != null) {
        Optional<GenerationRun> found = runId != null ? s.runs().find(runId) : s.runs().latestUnfinished();
        if (found.isEmpty()) {
      if (runId != null) throw new InvalidInputException("no generation run " + runId);
          Optional<GenerationRun> last = s.runs().latest();
          err().println("nothing to resume: no interrupted generation run" + last.filter(r -> r.status() == RunStatus.SHORT)
              .map(r -> " (run " + r.id() + " ended short: give it more attempts with `evenhand generate --resume --run " + r.id()
                  + " --max-attempts M`)").orElse(""));
          if (json()) printJson(Map.of("resumed", false));
          return OK;
        }
        run = found.get();
        if (themes != null || keepConsistent || fidelityMin != 0.8 || fidelityMax != 0.95 || duplicateThreshold != 0.9)
          err().println("note: a resumed run keeps its own themes, fidelity bounds and duplicate threshold; those options are ignored");
        if (model != null && !model.equals(run.modelTag()))
          throw new InvalidInputException("run " + run.id() + " uses model " + run.modelTag() + ", not " + model);
        if (pairs != null || maxAttempts != null) {
          int newTarget = pairs != null ? pairs : run.targetPairs();
          if (newTarget < 1) throw new InvalidInputException("--pairs must be at least 1 (got " + newTarget + ")");
          int newMax = maxAttempts != null ? maxAttempts : Math.max(run.maxAttempts(), run.attempted() + 5 * newTarget);
          if (newMax < 1) throw new InvalidInputException("--max-attempts must be at least 1 (got " + newMax + ")");
          s.runs().setTarget(run.id(), newTarget, newMax);
          run = s.runs().find(run.id()).orElseThrow();
        } else if (run.status() != RunStatus.RUNNING) {
          err().println("run " + run.id() + " is already " + run.status()
              + (run.status() == RunStatus.SHORT ? ": give it more attempts with --max-attempts M" : ""));
        }
      } else {
        if (model == null) throw new InvalidInputException("generate needs --model TAG (or --resume)");
        GenerationSettings settings;
        if (fromSet != null) {
          long left = s.pairs().importedLeft(fromSet);
          if (left == 0) throw new InvalidInputException("--from-set: set '" + fromSet + "' has no imported pair left to curate (import one with `evenhand import`)");
          int n = pairs == null ? (int) Math.min(left, Integer.MAX_VALUE) : pairs;
          settings = new GenerationSettings(n, maxAttempts == null ? (int) Math.min(Integer.MAX_VALUE, left) : maxAttempts, keepConsistent,
              fidelityMin, fidelityMax, duplicateThreshold, parallel == null ? s.settings().parallel() : parallel, "set " + fromSet, List.of(), fromSet);
        } else {
          int n = pairs == null ? 50 : pairs;
          Themes t = loadThemes(s);
          settings = new GenerationSettings(n, maxAttempts == null ? (int) Math.min(Integer.MAX_VALUE, 5L * n) : maxAttempts, keepConsistent,
              fidelityMin, fidelityMax, duplicateThreshold, parallel == null ? s.settings().parallel() : parallel,
              themes == null ? "datasets/themes.jsonl" : themes.toString(), t.all());
        }
        GenerationService.Target target = preflight(s, model, settings.parallel());
        run = s.generation().create(model, target.profile(), settings);
        return execute(s, run, target);
      }
      int slots = parallel != null ? parallel : dev.evenhand.usecase.GenerationSettings.fromJson(run.settingsJson()).parallel();
      return execute(s, run, preflight(s, run.modelTag(), slots));
    }
  }

  private GenerationService.Target preflight(Services s, String tag, int slots) {
    GenerationService.Target t = s.target(tag, slots, java.time.Duration.ofSeconds(maxPauseSeconds), note -> err().println(note));
    for (var h : t.hosts().hosts()) {
      err().println("Ollama " + h.model().ollamaVersion() + " at " + h.url() + ", model " + tag + " (profile " + t.profile().name()
          + "), " + slots + " request" + (slots == 1 ? "" : "s") + " in flight");
    }
    err().flush();
    return t;
  }

  private int execute(Services s, GenerationRun run, GenerationService.Target target) throws InterruptedException {
    AtomicBoolean cancel = new AtomicBoolean();
    CancelOnSignal signals = new CancelOnSignal(cancel, err(), "evenhand generate --resume --run " + run.id());
    GenerationService.Summary summary;
    try {
      summary = s.generation().execute(run.id(), target, new GenerationService.Listener() {
        @Override
        public void event(String message) {
          synchronized (GenerateCommand.this) {
            err().println("  " + message);
            err().flush();
          }
        }
      }, cancel);
    } finally {
      target.hosts().close();
      signals.close();
    }
    print(summary);
    if (summary.stored() < summary.target() && summary.status() != RunStatus.COMPLETED) {
      err().println(cancel.get() ? "cancelled: resume with `evenhand generate --resume --run " + run.id() + "`"
          : "finished short of the target: " + summary.stored() + " of " + summary.target() + " pairs after "
              + summary.attempted() + " attempts; to go on: `evenhand generate --resume --run " + run.id()
              + " --max-attempts " + (summary.attempted() + 5 * (summary.target() - summary.stored())) + "`");
      return SHORT;
    }
    return OK;
  }

  private void print(GenerationService.Summary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", s.runId());
    m.put("attempted", s.attempted());
    m.put("divergent", s.divergent());
    m.put("stored", s.stored());
    m.put("failed", s.failed());
    m.put("calls", s.calls());
    m.put("eval_tokens", s.evalTokens());
    m.put("wall_seconds", Math.round(s.wallSeconds() * 1000) / 1000.0);
    if (json()) {
      printJson(m);
      return;
    }
    out().printf("run %d: %d of %d pairs stored (%s)%n", s.runId(), s.stored(), s.target(), s.status());
    out().printf("attempted %d, divergent %d, model calls %d, eval tokens %d, %.1f s%n", s.attempted(), s.divergent(), s.calls(),
        s.evalTokens(), s.wallSeconds());
    if (!s.failed().isEmpty()) {
      StringBuilder sb = new StringBuilder("failed:");
      s.failed().forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v));
      out().println(sb);
    }
    out().flush();
  }

  private Themes loadThemes(Services s) {
    if (themes == null) return Themes.parse("datasets/themes.jsonl", s.resources().require("datasets/themes.jsonl"));
    try {
      byte[] bytes = Files.readAllBytes(themes);
      String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return Themes.parse(themes.toString(), text);
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(themes + ": not valid UTF-8");
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidInputException("cannot read themes file " + themes + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException("cannot read themes file " + themes + ": " + e);
    }
  }
}
