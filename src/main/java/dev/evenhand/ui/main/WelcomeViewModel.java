package dev.evenhand.ui.main;

import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ModelTargets;
import dev.evenhand.usecase.ModelsService;
import dev.evenhand.usecase.ServerState;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State of the first-run welcome panel: while Ollama does not answer, three steps to install and start it
 * and pull the default model; once it answers without that model, an offer to pull it with progress; then
 * a guided first batch.
 */
public final class WelcomeViewModel {
  private final ModelsService models;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final String model;
  private final StringProperty serverStep = new SimpleStringProperty("");
  private final StringProperty state = new SimpleStringProperty("");
  private final StringProperty intro = new SimpleStringProperty("");
  private final BooleanProperty showSteps = new SimpleBooleanProperty(true);
  private final BooleanProperty offerCheck = new SimpleBooleanProperty(true);
  private final BooleanProperty offerPull = new SimpleBooleanProperty(false);
  private final BooleanProperty offerFirstBatch = new SimpleBooleanProperty(false);
  private final BooleanProperty pulling = new SimpleBooleanProperty(false);
  private final BooleanProperty pullStarted = new SimpleBooleanProperty(false);
  private final DoubleProperty pullProgress = new SimpleDoubleProperty(0);

  /**
   * @param models  pulls the model
   * @param targets the default model tag, the one the panel gets ready
   * @param tasks   where blocking work runs
   * @param text    the resource bundle
   */
  public WelcomeViewModel(ModelsService models, ModelTargets targets, TaskExecutor tasks, ResourceBundle text) {
    this.models = models;
    this.tasks = tasks;
    this.text = text;
    this.model = targets.defaultModelTag();
    intro.set(text.getString("welcome.intro"));
  }

  /** @return the model the panel gets ready (the default model tag) */
  public String model() { return model; }

  /** @return the first step: install Ollama */
  public String installStep() { return text.getString("welcome.step1"); }

  /** @return the third step: get the model, naming it */
  public String modelStep() { return String.format(text.getString("welcome.step3"), model); }

  /** @return the pull button's text, naming the model */
  public String pullLabel() { return String.format(text.getString("welcome.pull"), model); }

  /** @return true when the server answers and has the model: the panel is then not needed */
  public boolean ready(ServerState s) { return s.reachable() && s.models().stream().anyMatch(t -> t.equals(model)); }

  /** Shows what fits the server's state. */
  public void show(ServerState s) {
    serverStep.set(String.format(text.getString("welcome.step2"), s.url()));
    boolean hasModel = s.models().stream().anyMatch(t -> t.equals(model) || (t + ":latest").equals(model));
    offerCheck.set(!s.reachable());
    offerPull.set(s.reachable() && !hasModel);
    offerFirstBatch.set(s.reachable() && hasModel);
    showSteps.set(!s.reachable());
    if (s.reachable() && hasModel) pullStarted.set(false);
    if (!s.reachable()) state.set(String.format(text.getString("welcome.unreachable"), s.url()));
    else if (!hasModel) state.set(String.format(text.getString("welcome.noModel"), s.version(), model));
    else state.set(String.format(text.getString("welcome.ready"), s.version(), model));
    intro.set(text.getString(!s.reachable() ? "welcome.intro" : !hasModel ? "welcome.intro.pull" : "welcome.intro.ready"));
  }

  /**
   * Pulls the model with progress (a full bar once it is there); a failure is shown in {@link #state()}.
   *
   * @param onPulled runs on the UI side when the model is on the server (the server is then checked again)
   */
  public void pull(Runnable onPulled) {
    pullStarted.set(true);
    pulling.set(true);
    pullProgress.set(-1);
    tasks.execute(BackgroundTask.wrap(c -> models.pull(model, p -> c.progress(p.fraction()), () -> false))
        .onProgress(pullProgress::set).onSuccess(ok -> {
          pullProgress.set(1);
          onPulled.run();
        }).onFailure(e -> state.set(dev.evenhand.ui.UiText.plain(e.getMessage())))
        .onFinished(() -> pulling.set(false)));
  }

  /** Says that the first batch runs. */
  public void firstBatchStarted() { state.set(String.format(text.getString("welcome.running"), model)); }

  /** @return the second step: start the server, naming the URL Evenhand looks at */
  public StringProperty serverStep() { return serverStep; }
  /** @return the panel's opening line, fitting the state: the three steps ahead, the one left, or that all is ready */
  public StringProperty intro() { return intro; }
  /** @return the panel's state line */
  public StringProperty state() { return state; }
  /** @return true while the setup steps are wanted (the server does not answer) */
  public BooleanProperty showSteps() { return showSteps; }
  /** @return true when Check again is offered */
  public BooleanProperty offerCheck() { return offerCheck; }
  /** @return true when the pull of the model is offered */
  public BooleanProperty offerPull() { return offerPull; }
  /** @return true when the first batch is offered */
  public BooleanProperty offerFirstBatch() { return offerFirstBatch; }
  /** @return true while the model is being pulled */
  public BooleanProperty pulling() { return pulling; }
  /** @return true once a pull was started, until the model is on the server (the progress bar shows) */
  public BooleanProperty pullStarted() { return pullStarted; }
  /** @return the pull's progress, 0 to 1, -1 while unknown */
  public DoubleProperty pullProgress() { return pullProgress; }
}
