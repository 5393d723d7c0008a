package dev.evenhand.ui.main;

import dev.evenhand.ui.Views;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;

/**
 * The first-run welcome panel's view: binds {@link WelcomeViewModel}; Check again, the first batch and
 * Skip go to the main window.
 */
public final class WelcomeController {
  /** What the main window does for the panel. */
  public interface Host {
    /** Checks the server again. */
    void check();

    /** Starts a first batch of 3 pairs with the model and opens Review when it ends. */
    void firstBatch(String tag);

    /** Hides the panel. */
    void close();
  }

  private final WelcomeViewModel vm;
  private final Host host;
  @FXML private VBox setupSteps;
  @FXML private Label step1;
  @FXML private Label step2;
  @FXML private Label step3;
  @FXML private Label stateLabel;
  @FXML private Label introLabel;
  @FXML private ProgressBar pullProgress;
  @FXML private Button checkButton;
  @FXML private Button pullButton;
  @FXML private Button firstBatchButton;

  /**
   * @param vm   the view model
   * @param host what the main window does
   */
  public WelcomeController(WelcomeViewModel vm, Host host) {
    this.vm = vm;
    this.host = host;
  }

  @FXML
  private void initialize() {
    step1.setText(vm.installStep());
    step3.setText(vm.modelStep());
    pullButton.setText(vm.pullLabel());
    Views.text(step2, vm.serverStep());
    Views.text(stateLabel, vm.state());
    Views.text(introLabel, vm.intro());
    Views.shownWhile(setupSteps, vm.showSteps());
    Views.shownWhile(checkButton, vm.offerCheck());
    Views.shownWhile(pullButton, vm.offerPull());
    Views.shownWhile(firstBatchButton, vm.offerFirstBatch());
    Views.shownWhile(pullProgress, vm.pullStarted());
    pullButton.disableProperty().bind(vm.pulling());
    pullProgress.progressProperty().bind(vm.pullProgress());
  }

  @FXML private void onCheck() { host.check(); }

  @FXML private void onPull() { vm.pull(host::check); }

  @FXML
  private void onFirstBatch() {
    vm.firstBatchStarted();
    host.firstBatch(vm.model());
  }

  @FXML private void onSkip() { host.close(); }
}
