package dev.evenhand.ui.generate;

import dev.evenhand.llm.OllamaException;
import dev.evenhand.usecase.GenerationService;
import dev.evenhand.usecase.GenerationSettings;
import dev.evenhand.method.Themes;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.ui.Background;
import dev.evenhand.ui.UiContext;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
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
 * and a live log. The run itself goes through {@link GenerationService} on a background thread.
 */
public final class GenerateViewModel {
  private static final int LOG_LINES = 2000;
  private final UiContext ctx;
  private final ResourceBundle text;
  private final ObservableList<String> models = FXCollections.observableArrayList();
  private final ObjectProperty<String> model = new SimpleObjectProperty<>();
  private final IntegerProperty pairs = new SimpleIntegerProperty(10);
  private final IntegerProperty parallel = new SimpleIntegerProperty(1);
  private final StringProperty figures = new SimpleStringProperty("");
  private final StringProperty pauseMessage = new SimpleStringProperty("");
  private volatile dev.evenhand.llm.HostPool runningPool;
  private final BooleanProperty keepConsistent = new SimpleBooleanProperty(false);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final StringProperty status = new SimpleStringProperty("");
  private final StringProperty themesLabel = new SimpleStringProperty("");
  private final ObservableList<String> log = FXCollections.observableArrayList();
  private volatile AtomicBoolean cancel = new AtomicBoolean();
  private volatile Themes chosenThemes;
  private volatile java.nio.file.Path themesFile;
  private Runnable onFinished = () -> { };

  /**
   * @param ctx  services
   * @param text the resource bundle
   */
  public GenerateViewModel(UiContext ctx, ResourceBundle text) {
    this.ctx = ctx;
    this.text = text;
    status.set(text.getString("generate.idle"));
    parallel.set(Math.max(1, ctx.parallel()));
  }

  /** Loads the packed themes for the label; call once on the FX thread. */
  public void loadThemes() {
    themesFile = null;
    Background.run(ctx.background(), ctx.packedThemes()::get, t -> {
      chosenThemes = t;
      themesLabel.set(String.format(text.getString("generate.themes.packed"), t.all().size()));
    }, e -> themesLabel.set(e.getMessage()));
  }

  /**
   * Uses a seed-themes file of the user's ({@code {"id", "environment", "theme"}} per line); a bad file
   * is refused with the file, line and field named, and the current themes stay.
   */
  public void useThemesFile(java.nio.file.Path file) {
    Background.run(ctx.background(), () -> {
      byte[] bytes = java.nio.file.Files.readAllBytes(file);
      String body = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return Themes.parse(file.getFileName().toString(), body);
    }, t -> {
      chosenThemes = t;
      themesFile = file;
      themesLabel.set(String.format(text.getString("generate.themes.file"), file.getFileName(), t.all().size()));
    }, e -> status.set(String.format(text.getString("generate.themes.bad"), e instanceof java.nio.charset.CharacterCodingException
        ? file.getFileName() + ": not valid UTF-8" : e.getMessage())));
  }

  /** @param tags the server's model tags; keeps the current choice when still there */
  public void setModels(List<String> tags) {
    String keep = model.get();
    models.setAll(tags);
    if (keep != null && tags.contains(keep)) model.set(keep);
    else if (!tags.isEmpty()) model.set(tags.stream().filter(t -> t.startsWith("llama3.1")).findFirst().orElse(tags.get(0)));
  }

  /** @param r called on the FX thread after a run ends (the review queue refreshes) */
  public void setOnFinished(Runnable r) { onFinished = r; }

  /** Starts a run with the chosen model and number of pairs; does nothing while one is running. */
  public void start() {
    if (running.get()) return;
    String tag = model.get();
    if (tag == null || tag.isBlank()) {
      status.set(text.getString("generate.noModel"));
      return;
    }
    int n = pairs.get();
    int slots = parallel.get();
    boolean keep = keepConsistent.get();
    AtomicBoolean c = new AtomicBoolean();
    cancel = c;
    running.set(true);
    progress.set(0);
    log.clear();
    status.set(String.format(text.getString("generate.starting"), tag));
    Background.run(ctx.background(), () -> {
      GenerationService.Target target = ctx.targetFor().apply(tag, slots);
      runningPool = target.hosts();
      Themes themes = chosenThemes != null ? chosenThemes : ctx.packedThemes().get();
      java.nio.file.Path file = themesFile;
      GenerationSettings settings = new GenerationSettings(n, 5 * n, keep, 0.8, 0.95, 0.9, slots,
          file == null ? "datasets/themes.jsonl" : file.toString(), themes.all());
      GenerationRun run = ctx.generation().create(tag, target.profile(), settings);
      appendLater(String.format(text.getString("generate.runStarted"), run.id(), n, tag));
      try (var hosts = target.hosts()) {
      return ctx.generation().execute(run.id(), target, new GenerationService.Listener() {
        @Override
        public void event(String message) { appendLater(message); }

        @Override
        public void progress(GenerationService.Progress p) {
          Platform.runLater(() -> {
            progress.set(p.target() == 0 ? 0 : (double) p.stored() / p.target());
            status.set(String.format(text.getString("generate.progress"), p.stored(), p.target(), p.attempted(), p.maxAttempts()));
            figures.set(String.format(text.getString("generate.figures"), p.pairsPerMinute(), p.tokensPerSecond(), p.loadSeconds()));
          });
        }

        @Override
        public void paused(String message) { Platform.runLater(() -> pauseMessage.set(message)); }

        @Override
        public void resumed() { Platform.runLater(() -> pauseMessage.set("")); }
      }, c);
      }
    }, summary -> {
      running.set(false);
      pauseMessage.set("");
      progress.set(summary.target() == 0 ? 1 : (double) summary.stored() / summary.target());
      status.set(String.format(text.getString(c.get() ? "generate.cancelled" : "generate.done"), summary.stored(), summary.target(),
          summary.attempted(), summary.calls()));
      onFinished.run();
    }, e -> {
      running.set(false);
      pauseMessage.set("");
      status.set(e instanceof OllamaException ? e.getMessage() : String.format(text.getString("generate.failed"), e.getMessage()));
      log.add(status.get());
      onFinished.run();
    });
  }

  /** Checks the Ollama hosts again at once while the batch is paused (the Retry button). */
  public void retry() {
    dev.evenhand.llm.HostPool p = runningPool;
    if (p != null) p.recheckNow();
  }

  /** Asks the running batch to stop after the calls in flight; the run stays resumable. */
  public void cancel() {
    if (!running.get()) return;
    cancel.set(true);
    status.set(text.getString("generate.cancelling"));
  }

  private void appendLater(String line) {
    Platform.runLater(() -> {
      log.add(line);
      if (log.size() > LOG_LINES) log.remove(0, log.size() - LOG_LINES);
    });
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
}
