package dev.evenhand.ui.models;

import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.ServerModel;
import dev.evenhand.usecase.ModelsService;
import dev.evenhand.ui.Background;
import dev.evenhand.ui.UiContext;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
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
  private final UiContext ctx;
  private final ResourceBundle text;
  private final ObservableList<ServerModel> models = FXCollections.observableArrayList();
  private final ObservableList<String> loaded = FXCollections.observableArrayList();
  private final StringProperty server = new SimpleStringProperty("");
  private final StringProperty details = new SimpleStringProperty("");
  private final StringProperty cpuWarning = new SimpleStringProperty("");
  private final StringProperty pullTag = new SimpleStringProperty("llama3.1:8b");
  private final StringProperty pullStatus = new SimpleStringProperty("");
  private final DoubleProperty pullProgress = new SimpleDoubleProperty(0);
  private final BooleanProperty pulling = new SimpleBooleanProperty(false);
  private volatile AtomicBoolean cancel = new AtomicBoolean();
  private Runnable onPulled = () -> { };

  /**
   * @param ctx  services
   * @param text the resource bundle
   */
  public ModelsViewModel(UiContext ctx, ResourceBundle text) {
    this.ctx = ctx;
    this.text = text;
  }

  /** @param r called on the FX thread after a pull succeeds (the model pickers refresh) */
  public void setOnPulled(Runnable r) { onPulled = r; }

  /** Reloads version, models and loaded models. */
  public void refresh() {
    ModelsService m = ctx.models();
    Background.run(ctx.background(), () -> new Object[] {m.url(), m.version(), m.models(), m.loaded()}, r -> {
      server.set(String.format(text.getString("models.server"), r[1], r[0]));
      @SuppressWarnings("unchecked") List<ServerModel> list = (List<ServerModel>) r[2];
      models.setAll(list);
      @SuppressWarnings("unchecked") List<ModelsService.Loaded> l = (List<ModelsService.Loaded>) r[3];
      loaded.setAll(l.stream().map(x -> String.format(text.getString("models.loadedRow"), x.tag(), x.sizeBytes() / 1e9,
          100 * x.gpuShare())).toList());
      cpuWarning.set(l.stream().filter(ModelsService.Loaded::partlyOnCpu).map(x -> String.format(text.getString("models.cpuWarning"),
          x.tag(), 100 * (1 - x.gpuShare()))).findFirst().orElse(""));
    }, e -> server.set(e.getMessage()));
  }

  /** Shows the context length and capabilities of a model. */
  public void select(ServerModel m) {
    if (m == null) {
      details.set("");
      return;
    }
    Background.run(ctx.background(), () -> ctx.models().details(m.tag()),
        d -> details.set(String.format(text.getString("models.details"), m.tag(), d.contextLength(), String.join(", ", d.capabilities()))),
        e -> details.set(e.getMessage()));
  }

  /** Pulls the model named in the tag field, with progress; does nothing while a pull runs. */
  public void pull() {
    String tag = pullTag.get() == null ? "" : pullTag.get().strip();
    if (pulling.get() || tag.isEmpty()) return;
    AtomicBoolean c = new AtomicBoolean();
    cancel = c;
    pulling.set(true);
    pullProgress.set(-1);
    pullStatus.set(String.format(text.getString("models.pullStarting"), tag));
    long[] last = {System.nanoTime(), 0};
    double[] speed = {0};
    Background.run(ctx.background(), () -> ctx.models().pull(tag, p -> {
      long now = System.nanoTime();
      if (p.total() > 0 && now - last[0] > 250_000_000L) {
        speed[0] = Math.max(0, (p.completed() - last[1]) / ((now - last[0]) / 1e9));
        last[0] = now;
        last[1] = p.completed();
      }
      String line = describe(p, speed[0]);
      Platform.runLater(() -> {
        pullStatus.set(line);
        pullProgress.set(p.fraction());
      });
    }, c::get), ok -> {
      pulling.set(false);
      pullProgress.set(ok ? 1 : 0);
      pullStatus.set(String.format(text.getString(ok ? "models.pulled" : "models.pullCancelled"), tag));
      if (ok) {
        refresh();
        onPulled.run();
      }
    }, e -> {
      pulling.set(false);
      pullProgress.set(0);
      pullStatus.set(e.getMessage());
    });
  }

  /** Stops the running pull. */
  public void cancelPull() { cancel.set(true); }

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
