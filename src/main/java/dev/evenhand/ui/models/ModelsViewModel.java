package dev.evenhand.ui.models;

import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.ServerModel;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.ui.UiText;
import dev.evenhand.usecase.ModelTargets;
import dev.evenhand.usecase.ModelsService;
import java.util.List;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Models screen: the server's models, a model's context length and
 * capabilities, the loaded models with a warning when one is partly on the CPU, and pulling a model
 * with progress (bytes, percent, speed) and cancel.
 */
public final class ModelsViewModel {
  /** How often the pull's speed is measured again, in ns. */
  private static final long SPEED_WINDOW_NS = 250_000_000L;

  private final ModelsService service;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final ObservableList<ServerModel> models = FXCollections.observableArrayList();
  private final ObservableList<String> loaded = FXCollections.observableArrayList();
  private final StringProperty server = new SimpleStringProperty("");
  private final StringProperty details = new SimpleStringProperty("");
  private final StringProperty cpuWarning = new SimpleStringProperty("");
  private final StringProperty pullTag = new SimpleStringProperty("");
  private final StringProperty pullStatus = new SimpleStringProperty("");
  private final DoubleProperty pullProgress = new SimpleDoubleProperty(0);
  private final BooleanProperty pulling = new SimpleBooleanProperty(false);
  private BackgroundTask<Boolean> pull;
  private Runnable onPulled = () -> { };

  /** What the server said, read together. */
  private record Server(String url, String version, List<ServerModel> models, List<ModelsService.Loaded> loaded) {}

  /**
   * @param service the server's models, details, loaded models and pulls
   * @param targets the default model tag, offered in the pull field at first
   * @param tasks   where blocking work runs
   * @param text    the resource bundle
   */
  public ModelsViewModel(ModelsService service, ModelTargets targets, TaskExecutor tasks, ResourceBundle text) {
    this.service = service;
    this.tasks = tasks;
    this.text = text;
    pullTag.set(targets.defaultModelTag());
  }

  /** @param r called on the FX thread after a pull succeeds (the model pickers refresh) */
  public void setOnPulled(Runnable r) { onPulled = r; }

  /** Reloads version, models and loaded models. */
  public void refresh() {
    tasks.execute(BackgroundTask.wrap(c -> new Server(service.url(), service.version(), service.models(), service.loaded())).onSuccess(r -> {
      server.set(String.format(text.getString("models.server"), r.version(), r.url()));
      models.setAll(r.models());
      List<ModelsService.Loaded> l = r.loaded();
      loaded.setAll(l.stream().map(x -> String.format(text.getString("models.loadedRow"), x.tag(), x.sizeBytes() / 1e9,
          100 * x.gpuShare())).toList());
      cpuWarning.set(l.stream().filter(ModelsService.Loaded::partlyOnCpu).map(x -> String.format(text.getString("models.cpuWarning"),
          x.tag(), 100 * (1 - x.gpuShare()))).findFirst().orElse(""));
    }).onFailure(e -> server.set(UiText.plain(e.getMessage()))));
  }

  /** Shows the context length and capabilities of a model. */
  public void select(ServerModel m) {
    if (m == null) {
      details.set("");
      return;
    }
    tasks.execute(BackgroundTask.wrap(c -> service.details(m.tag()))
        .onSuccess(d -> details.set(String.format(text.getString("models.details"), m.tag(), d.contextLength(), String.join(", ", d.capabilities()))))
        .onFailure(e -> details.set(UiText.plain(e.getMessage()))));
  }

  /** Pulls the model named in the tag field, with progress; does nothing while a pull runs. */
  public void pull() {
    String tag = pullTag.get() == null ? "" : pullTag.get().strip();
    if (pulling.get() || tag.isEmpty()) return;
    pulling.set(true);
    pullProgress.set(-1);
    pullStatus.set(String.format(text.getString("models.pullStarting"), tag));
    pull = BackgroundTask.wrap(c -> {
      Speed speed = new Speed(System.nanoTime());
      return service.pull(tag, p -> {
        c.message(describe(p, speed.bytesPerSecond(p, System.nanoTime())));
        c.progress(p.fraction());
      }, c::cancelled);
    });
    tasks.execute(pull.onMessage(pullStatus::set).onProgress(pullProgress::set).onSuccess(ok -> {
      pullProgress.set(ok ? 1 : 0);
      pullStatus.set(String.format(text.getString(ok ? "models.pulled" : "models.pullCancelled"), tag));
      if (ok) {
        refresh();
        onPulled.run();
      }
    }).onFailure(e -> {
      pullProgress.set(0);
      pullStatus.set(UiText.plain(e.getMessage()));
    }).onFinished(() -> pulling.set(false)));
  }

  /** Stops the running pull. */
  public void cancelPull() {
    if (pull != null) pull.cancel();
  }

  /** The download speed of a pull, measured over windows of {@link #SPEED_WINDOW_NS}. */
  private static final class Speed {
    private long since;
    private long completedThen;
    private double bytesPerSecond;

    Speed(long startNs) { this.since = startNs; }

    /** @return bytes per second over the last full window, 0 before the first */
    double bytesPerSecond(OllamaAdmin.PullProgress p, long nowNs) {
      if (p.total() > 0 && nowNs - since > SPEED_WINDOW_NS) {
        bytesPerSecond = Math.max(0, (p.completed() - completedThen) / ((nowNs - since) / 1e9));
        since = nowNs;
        completedThen = p.completed();
      }
      return bytesPerSecond;
    }
  }

  String describe(OllamaAdmin.PullProgress p, double bytesPerSecond) {
    if (p.total() <= 0) return p.status();
    return String.format(text.getString("models.pullProgress"), p.status(), p.completed() / 1e9, p.total() / 1e9, 100 * p.fraction(),
        bytesPerSecond / 1e6);
  }

  /** @return the server's models */
  public ObservableList<ServerModel> models() { return models; }
  /** @return one line per loaded model */
  public ObservableList<String> loaded() { return loaded; }
  /** @return "Ollama VERSION at URL" */
  public StringProperty server() { return server; }
  /** @return context length and capabilities of the selected model */
  public StringProperty details() { return details; }
  /** @return a warning when a loaded model is partly on the CPU, else empty */
  public StringProperty cpuWarning() { return cpuWarning; }
  /** @return the tag to pull */
  public StringProperty pullTag() { return pullTag; }
  /** @return the pull's progress line */
  public StringProperty pullStatus() { return pullStatus; }
  /** @return the pull's progress, 0 to 1, -1 while unknown */
  public DoubleProperty pullProgress() { return pullProgress; }
  /** @return true while pulling */
  public BooleanProperty pulling() { return pulling; }
}
