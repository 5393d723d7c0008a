package dev.evenhand.ui.generate;

import dev.evenhand.llm.OllamaException;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.UiText;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.GenerationService;
import dev.evenhand.usecase.GenerationUseCase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Generate screen: model, number of pairs, themes, start, cancel, progress
 * and a live log. The run goes through {@link GenerationUseCase} in the background, as {@code evenhand generate}'s does:
 * {@link GenerationUseCase#start} then {@link GenerationUseCase#run}.
 */
public final class GenerateViewModel {
  private static final int LOG_LINES = 2000;
  /** A person is watching: the batch waits for a server that went away until they cancel. */
  private static final Duration MAX_PAUSE = Duration.ofDays(365);

  private final GenerationUseCase generate;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final ObservableList<String> models = FXCollections.observableArrayList();
  private final ObjectProperty<String> model = new SimpleObjectProperty<>();
  private final IntegerProperty pairs = new SimpleIntegerProperty(10);
  private final IntegerProperty parallel = new SimpleIntegerProperty(1);
  private final StringProperty figures = new SimpleStringProperty("");
  private final StringProperty pauseMessage = new SimpleStringProperty("");
  private final BooleanProperty keepConsistent = new SimpleBooleanProperty(false);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final StringProperty status = new SimpleStringProperty("");
  private final StringProperty themesLabel = new SimpleStringProperty("");
  private final ObservableList<String> log = FXCollections.observableArrayList();
  private final ObservableList<StoredPair> stored = FXCollections.observableArrayList();
  private final BooleanProperty canOpenReview = new SimpleBooleanProperty(false);
  private Path themesFile;
  private BackgroundTask<GenerationService.Summary> batch;
  private volatile Runnable recheckHosts = () -> { };
  private Runnable onFinished = () -> { };
  private Runnable onOpenReview = () -> { };

  /**
   * A pair of the current run stored complete, as the Generate screen's live list shows it.
   *
   * @param id          the pair's id
   * @param names       the two protagonists, e.g. {@code Tom / Ann}
   * @param environment e.g. {@code Work}
   * @param stances     the two judgments' stances, e.g. {@code Moral / Immoral}
   */
  public record StoredPair(long id, String names, String environment, String stances) {
    /** @return e.g. {@code #12  Tom / Ann · Work · Moral / Immoral} */
    @Override
    public String toString() { return "#" + id + "  " + names + " \u00b7 " + environment + " \u00b7 " + stances; }
  }

  /**
   * @param generate the use case: themes, default model, start and run
   * @param parallel requests in flight per host at first (the saved setting)
   * @param tasks    where blocking work runs
   * @param text     the resource bundle
   */
  public GenerateViewModel(GenerationUseCase generate, int parallel, TaskExecutor tasks, ResourceBundle text) {
    this.generate = generate;
    this.tasks = tasks;
    this.text = text;
    status.set(text.getString("generate.idle"));
    this.parallel.set(Math.max(1, parallel));
  }

  /** Uses the packed themes again. */
  public void loadThemes() {
    themesFile = null;
    tasks.execute(BackgroundTask.wrap(c -> generate.packedThemes()).onSuccess(t -> {
      themesLabel.set(String.format(text.getString("generate.themes.packed"), t.all().size()));
    }).onFailure(e -> themesLabel.set(UiText.plain(e.getMessage()))));
  }

  /**
   * Uses a seed-themes file of the user's ({@code {"id", "environment", "theme"}} per line); a bad file
   * is refused with the file, line and field named, and the current themes stay.
   */
  public void useThemesFile(Path file) {
    tasks.execute(BackgroundTask.wrap(c -> generate.themes(file, file.getFileName().toString())).onSuccess(t -> {
      themesFile = file;
      themesLabel.set(String.format(text.getString("generate.themes.file"), file.getFileName(), t.all().size()));
    }).onFailure(e -> status.set(UiText.plain(String.format(text.getString("generate.themes.bad"), e.getMessage())))));
  }

  /**
   * @param tags the server's model tags; keeps the current choice when still there, else picks the default
   *             model tag, else one of its family (the part before the colon), else the first
   */
  public void setModels(List<String> tags) {
    String keep = model.get();
    models.setAll(tags);
    if (keep != null && tags.contains(keep)) {
      model.set(keep);
    } else if (!tags.isEmpty()) {
      String preferred = generate.defaultModelTag();
      String family = preferred.contains(":") ? preferred.substring(0, preferred.indexOf(':')) : preferred;
      model.set(tags.contains(preferred) ? preferred : tags.stream().filter(t -> t.startsWith(family)).findFirst().orElse(tags.get(0)));
    }
  }

  /** @param r called on the UI side after a run ends (the review queue refreshes) */
  public void setOnFinished(Runnable r) { onFinished = r; }

  /** @param r switches to the Review screen (the main window) */
  public void setOnOpenReview(Runnable r) { onOpenReview = r; }

  /** Opens the Review screen on the pairs stored; does nothing before a pair was stored. */
  public void openReview() { if (canOpenReview.get()) onOpenReview.run(); }

  /** Most pairs one run may want (the screen's spinner). */
  public static final int MAX_PAIRS = 100_000;
  /** Most requests in flight per Ollama host (the screen's spinner). */
  public static final int MAX_PARALLEL = 64;

  /**
   * Starts a run with the numbers as the fields show them, after checking them: a field that holds no whole number in
   * range says so in the status line and nothing starts (a newcomer's "abc" started a run with the number before).
   *
   * @param pairsText    the "Pairs wanted" field's text
   * @param parallelText the "Requests in flight" field's text
   */
  public void start(String pairsText, String parallelText) {
    if (running.get()) return;
    Integer n = wholeNumber(pairsText, 1, MAX_PAIRS);
    Integer slots = wholeNumber(parallelText, 1, MAX_PARALLEL);
    if (n == null || slots == null) {
      status.set(String.format(text.getString("generate.badNumber"), text.getString(n == null ? "generate.pairs" : "generate.parallel"),
          n == null ? MAX_PAIRS : MAX_PARALLEL, (n == null ? pairsText : parallelText).strip()));
      return;
    }
    pairs.set(n);
    parallel.set(slots);
    start();
  }

  /** @return e.g. "1 pair", "3 pairs" ("1 pairs wanted": a newcomer) */
  private static String pairs(int n) { return n + (n == 1 ? " pair" : " pairs"); }

  /** @return the whole number the text holds when it is from min to max, else null */
  private static Integer wholeNumber(String text, int min, int max) {
    try {
      int v = Integer.parseInt(text == null ? "" : text.strip());
      return v < min || v > max ? null : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Starts a run with the chosen model and number of pairs; does nothing while one is running. */
  public void start() {
    if (running.get()) return;
    String tag = model.get();
    if (tag == null || tag.isBlank()) {
      // with no model listed, "choose one" has nothing to choose from: the server is away or holds none
      status.set(text.getString(models.isEmpty() ? "generate.noModels" : "generate.noModel"));
      return;
    }
    int n = pairs.get();
    int slots = parallel.get();
    boolean keep = keepConsistent.get();
    Path file = themesFile;
    status.set(String.format(text.getString("generate.starting"), tag));
    runBatch(notes -> {
      GenerationUseCase.Session session = generate.start(GenerationUseCase.Request.of(tag, n, slots, keep, file), MAX_PAUSE, notes);
      notes.accept(String.format(text.getString("generate.runStarted"), session.run().id(), pairs(n), tag));
      return session;
    });
  }

  /**
   * Resumes the most recent run that stopped before its target (Cancel, a crash, Ollama away for too long), as
   * {@code generate --resume} does, with this screen's requests in flight; says so when there is none. The screen said
   * "Resume with evenhand generate --resume" and had no way to do it (a newcomer).
   */
  public void resume() {
    if (running.get()) return;
    // the run (or why there is none) is read off the FX thread, then started as a new batch is
    record Next(dev.evenhand.store.GenerationRun run, String none) {}
    tasks.execute(BackgroundTask.wrap(c -> {
      var run = generate.toResume(null);
      return new Next(run.orElse(null), run.isEmpty() ? generate.nothingToResume() : null);
    }).onSuccess(n -> {
      if (n.run() != null) resume(n.run());
      else status.set(UiText.plain(n.none()));
    }).onFailure(e -> status.set(UiText.plain(e.getMessage()))));
  }

  private void resume(dev.evenhand.store.GenerationRun r) {
    if (running.get()) return;
    int slots = parallel.get();
    status.set(String.format(text.getString("generate.starting"), r.modelTag()));
    runBatch(notes -> {
      GenerationUseCase.Session session = generate.resume(r, new GenerationUseCase.Request(null, null, null, slots, false, dev.evenhand.usecase.GenerationSettings.FIDELITY_MIN,
          dev.evenhand.usecase.GenerationSettings.FIDELITY_MAX, dev.evenhand.usecase.GenerationSettings.DUPLICATE_THRESHOLD, null, null), MAX_PAUSE, notes);
      notes.accept(String.format(text.getString("generate.runResumed"), r.id(), pairs(r.targetPairs()), r.modelTag()));
      return session;
    });
  }

  /** Runs a batch in the background: {@code open} prepares its session, given where its notes go (the live log). */
  private void runBatch(java.util.function.Function<java.util.function.Consumer<String>, GenerationUseCase.Session> open) {
    running.set(true);
    progress.set(0);
    log.clear();
    stored.clear();
    canOpenReview.set(false);
    Live live = new Live();
    batch = BackgroundTask.wrap(c -> {
      GenerationService.Listener listener = new GenerationService.Listener() {
        @Override
        public void event(String message) {
          live.lines.add(UiText.plain(message));
          c.show(live::render);
        }

        @Override
        public void stored(long pairId, StoryPair pair, String stances) {
          live.stored.add(new StoredPair(pairId, pair.male().name() + " / " + pair.female().name(), pair.environment(), stances));
          c.show(live::render);
        }

        @Override
        public void progress(GenerationService.Progress p) {
          c.progress(p.target() == 0 ? 0 : (double) p.stored() / p.target());
          c.message(String.format(text.getString("generate.progress"), p.stored(), p.target(), p.attempted(), p.maxAttempts()));
          live.figures = String.format(text.getString("generate.figures"), p.pairsPerMinute(), p.tokensPerSecond(), p.loadSeconds());
          c.show(live::render);
        }

        @Override
        public void paused(String message) {
          live.pause = UiText.plain(message);
          c.show(live::render);
        }

        @Override
        public void resumed() {
          live.pause = "";
          c.show(live::render);
        }
      };
      try (GenerationUseCase.Session session = open.apply(listener::event)) {
        recheckHosts = session::recheckHosts;
        return generate.run(session, listener, c.cancelFlag());
      }
    });
    BackgroundTask<GenerationService.Summary> task = batch;
    tasks.execute(task.onProgress(progress::set).onMessage(status::set).onSuccess(summary -> {
      progress.set(summary.target() == 0 ? 1 : (double) summary.stored() / summary.target());
      status.set(String.format(text.getString(task.cancelled() ? "generate.cancelled" : "generate.done"), summary.stored(), summary.target(),
          summary.attempted(), summary.calls()));
    }).onFailure(e -> {
      live.render();
      status.set(UiText.plain(e instanceof OllamaException ? e.getMessage() : String.format(text.getString("generate.failed"), e.getMessage())));
      log.add(status.get());
    }).onFinished(() -> {
      live.render();
      running.set(false);
      pauseMessage.set("");
      recheckHosts = () -> { };
      onFinished.run();
    }));
  }

  /** Checks the Ollama hosts again at once while the batch is paused (the Retry button). */
  public void retry() { recheckHosts.run(); }

  /** Asks the running batch to stop after the calls in flight; the run stays resumable. */
  public void cancel() {
    if (!running.get() || batch == null) return;
    batch.cancel();
    status.set(text.getString("generate.cancelling"));
  }

  /**
   * What a running batch shows, written on worker threads and rendered whole on the UI side: updates are
   * coalesced, so each render shows the newest figures and pause, and moves every log line waiting.
   */
  private final class Live {
    final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<StoredPair> stored = new ConcurrentLinkedQueue<>();
    volatile String figures;
    volatile String pause = "";

    void render() {
      List<String> now = new ArrayList<>();
      for (String l; (l = lines.poll()) != null; ) now.add(l);
      if (!now.isEmpty()) {
        log.addAll(now);
        if (log.size() > LOG_LINES) log.remove(0, log.size() - LOG_LINES);
      }
      for (StoredPair p; (p = stored.poll()) != null; ) GenerateViewModel.this.stored.add(p);
      canOpenReview.set(!GenerateViewModel.this.stored.isEmpty());
      if (figures != null) GenerateViewModel.this.figures.set(figures);
      pauseMessage.set(pause);
    }
  }

  /** @return model tags to choose from */
  public ObservableList<String> models() { return models; }
  /** @return the chosen model tag */
  public ObjectProperty<String> model() { return model; }
  /** @return pairs wanted */
  public IntegerProperty pairs() { return pairs; }
  /** @return requests in flight per host (match the server's OLLAMA_NUM_PARALLEL) */
  public IntegerProperty parallel() { return parallel; }
  /** @return live figures: pairs per minute, tokens per second, model load time */
  public StringProperty figures() { return figures; }
  /** @return why the batch is paused, empty while it is not */
  public StringProperty pauseMessage() { return pauseMessage; }
  /** @return keep consistent pairs too */
  public BooleanProperty keepConsistent() { return keepConsistent; }
  /** @return true while a run is going */
  public BooleanProperty running() { return running; }
  /** @return share of the target stored, 0 to 1 */
  public DoubleProperty progress() { return progress; }
  /** @return one line of status */
  public StringProperty status() { return status; }
  /** @return what themes will be used */
  public StringProperty themesLabel() { return themesLabel; }
  /** @return the live log */
  public ObservableList<String> log() { return log; }
  /** @return the pairs of the current run stored so far, oldest first */
  public ObservableList<StoredPair> stored() { return stored; }
  /** @return true once the current run stored a pair (Open Review is offered) */
  public BooleanProperty canOpenReview() { return canOpenReview; }
}
