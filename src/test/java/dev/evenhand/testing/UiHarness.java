package dev.evenhand.testing;

import dev.evenhand.app.Services;
import dev.evenhand.app.UiWiring;
import dev.evenhand.ui.main.MainWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;

/** The main window on a real H2 file and a fake Ollama, shown on a TestFX stage; reviewer "ada". */
public final class UiHarness implements AutoCloseable {
  public final FakeOllama ollama;
  public final Services services;
  public final MainWindow window;
  private final ExecutorService background = Executors.newCachedThreadPool();

  /**
   * Must be called on the FX thread (from a TestFX {@code @Start} method).
   *
   * @param home   a temporary folder
   * @param stage  the TestFX stage
   * @param ollama the fake server
   * @param dark   dark theme
   */
  public UiHarness(Path home, Stage stage, FakeOllama ollama, boolean dark) throws Exception {
    Path dir = Files.createTempDirectory(home, "ui");
    this.ollama = ollama;
    this.services = ViewModelHarness.services(dir, ollama.url(), dark ? "dark" : "light");
    this.window = MainWindow.build(new UiWiring(services, new dev.evenhand.ui.TaskExecutor(background, javafx.application.Platform::runLater)), dark);
    stage.setScene(window.scene());
    stage.show();
  }

  @Override
  public void close() throws Exception {
    background.shutdownNow();
    background.awaitTermination(5, TimeUnit.SECONDS);
    services.close();
    ollama.close();
  }
}
