package dev.evenhand.ui.main;

import dev.evenhand.usecase.ServerState;
import dev.evenhand.ui.UiContext;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;

/**
 * The first-run welcome panel: while Ollama does not answer, three steps to install and start it and
 * pull the default profile's model, with Check again; once it answers without that model, an offer to
 * pull it with a progress bar; then a guided first batch of 3 pairs that opens in Review.
 */
public final class WelcomeController {
  /** What the main window does for the panel. */
  public interface Host {
    /** Checks the server again. */
    void check();

    /** Pulls a model, reporting progress 0 to 1 (-1 unknown) and ending with an error message or null. */
    void pull(String tag, java.util.function.DoubleConsumer progress, java.util.function.Consumer<String> done);

    /** Starts a first batch of 3 pairs with the model and opens Review when it ends. */
    void firstBatch(String tag);

    /** Hides the panel. */
    void close();
  }

  private final ResourceBundle text;
  private final String model;
  private final Host host;
  @FXML private VBox setupSteps;
  @FXML private Label step1;
  @FXML private Label step2;
  @FXML private Label step3;
  @FXML private Label stateLabel;
  @FXML private ProgressBar pullProgress;
  @FXML private Button checkButton;
  @FXML private Button pullButton;
  @FXML private Button firstBatchButton;

  /**
   * @param ctx  services (the default model)
   * @param text the resource bundle
   * @param host what the main window does
   */
  public WelcomeController(UiContext ctx, ResourceBundle text, Host host) {
    this.text = text;
    this.model = ctx.about().getOrDefault("default_model", "llama3.1:8b");
    this.host = host;
  }

  @FXML
  private void initialize() {
    step1.setText(text.getString("welcome.step1"));
    step3.setText(String.format(text.getString("welcome.step3"), model));
    pullButton.setText(String.format(text.getString("welcome.pull"), model));
  }

  /** Shows what fits the server's state. */
  public void show(ServerState s) {
    step2.setText(String.format(text.getString("welcome.step2"), s.url()));
    boolean hasModel = s.models().stream().anyMatch(t -> t.equals(model) || (t + ":latest").equals(model));
    visible(checkButton, !s.reachable());
    visible(pullButton, s.reachable() && !hasModel);
    visible(firstBatchButton, s.reachable() && hasModel);
    setupSteps.setVisible(!s.reachable());
    setupSteps.setManaged(!s.reachable());
    if (!s.reachable()) stateLabel.setText(String.format(text.getString("welcome.unreachable"), s.url()));
    else if (!hasModel) stateLabel.setText(String.format(text.getString("welcome.noModel"), s.version(), model));
    else stateLabel.setText(String.format(text.getString("welcome.ready"), s.version(), model));
  }

  private static void visible(javafx.scene.Node n, boolean v) {
    n.setVisible(v);
    n.setManaged(v);
  }

  @FXML private void onCheck() { host.check(); }

  @FXML
  private void onPull() {
    visible(pullProgress, true);
    pullButton.setDisable(true);
    host.pull(model, p -> pullProgress.setProgress(p), error -> {
      pullButton.setDisable(false);
      if (error != null) stateLabel.setText(error);
      else host.check();
    });
  }

  @FXML
  private void onFirstBatch() {
    stateLabel.setText(String.format(text.getString("welcome.running"), model));
    host.firstBatch(model);
  }

  @FXML private void onSkip() { host.close(); }
}
