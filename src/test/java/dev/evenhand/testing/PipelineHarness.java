package dev.evenhand.testing;

import dev.evenhand.domain.ModelRef;
import dev.evenhand.llm.HostPool;
import dev.evenhand.llm.ModelProfile;
import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.OllamaChat;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.Resources;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.llm.StepCaller;
import dev.evenhand.usecase.CurationSteps;
import dev.evenhand.usecase.GenerationService;
import dev.evenhand.usecase.GenerationSettings;
import dev.evenhand.method.Themes;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.Database;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.RunRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The generation pipeline wired to a real H2 file and a fake Ollama, with short retry pauses and
 * timeouts, for fault-injection and throughput tests.
 */
public final class PipelineHarness implements AutoCloseable {
  public final Database db;
  public final PairRepository pairs;
  public final RunRepository runs;
  public final CallRepository calls;
  public final GenerationService generation;
  public final List<String> events = new CopyOnWriteArrayList<>();
  public final List<String> pauses = new CopyOnWriteArrayList<>();
  private final List<String> urls;
  private final int slots;
  private final int ahead;
  private final Duration maxPause;

  /**
   * @param dbPath      database path
   * @param urls        Ollama hosts
   * @param stream      stream replies
   * @param callTimeout per-call timeout (idle timeout when streaming)
   * @param slots       requests in flight per host
   * @param maxPause    how long the batch waits while every host is away
   */
  public PipelineHarness(Path dbPath, List<String> urls, boolean stream, Duration callTimeout, int slots, Duration maxPause) {
    this(dbPath, urls, stream, callTimeout, slots, slots, maxPause);
  }

  /**
   * As above, with {@code ahead} requests queued ahead of each host's slots (the other constructor: one per slot;
   * 0: never more requests than slots).
   */
  public PipelineHarness(Path dbPath, List<String> urls, boolean stream, Duration callTimeout, int slots, int ahead, Duration maxPause) {
    this.ahead = ahead;
    this.db = Database.open(dbPath);
    this.pairs = new PairRepository(db);
    this.runs = new RunRepository(db);
    this.calls = new CallRepository(db);
    this.urls = urls;
    this.slots = slots;
    this.maxPause = maxPause;
    StepCaller caller = new StepCaller(new OllamaChat(callTimeout), new RetryPolicy(3, Duration.ofMillis(20), 2), stream);
    this.generation = new GenerationService(runs, pairs, calls, new CurationSteps(caller));
  }

  /** @return a target over the harness's hosts (the caller closes its pool) */
  public GenerationService.Target target() {
    List<HostPool.Host> hosts = urls.stream().map(u -> new HostPool.Host(u, new ModelRef("llama3.1:8b", "sha256:fake", "0.12.6"))).toList();
    HostPool pool = new HostPool(hosts, slots, ahead, Duration.ofMillis(100), maxPause, u -> {
      try {
        new OllamaAdmin(u).version();
        return true;
      } catch (OllamaException e) {
        return false;
      }
    });
    return new GenerationService.Target(pool, ModelProfile.forTag(new Resources(null), "llama3.1:8b"), "llama3.1:8b");
  }

  /** Creates a run of {@code pairs} pairs (all divergent or not, as the fake decides) with the packed themes. */
  public GenerationRun newRun(int pairs, int maxAttempts) {
    Themes themes = Themes.parse("themes.jsonl", new Resources(null).require("datasets/themes.jsonl"));
    GenerationSettings s = new GenerationSettings(pairs, maxAttempts, false, 0.8, 0.95, 0.9, slots, "datasets/themes.jsonl", themes.all());
    return generation.create("llama3.1:8b", ModelProfile.forTag(new Resources(null), "llama3.1:8b"), s);
  }

  /** Runs a run to its end with a listener that records events and pauses. */
  public GenerationService.Summary execute(long runId, AtomicBoolean cancel) throws InterruptedException {
    GenerationService.Target t = target();
    try {
      return generation.execute(runId, t, new GenerationService.Listener() {
        @Override public void event(String message) { events.add(message); }
        @Override public void paused(String message) { pauses.add(message); }
      }, cancel);
    } finally {
      t.hosts().close();
    }
  }

  /** @return one column of one row of a query (for checks) */
  public String scalar(String sql) {
    return db.read(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }

  @Override
  public void close() { db.close(); }
}
