package dev.evenhand.testing;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.app.UiWiring;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.ui.main.Screens;
import dev.evenhand.usecase.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;

/**
 * The screens' view models on a real H2 file and a fake Ollama, without JavaFX started: the app's own
 * wiring ({@link UiWiring}) with {@link TaskExecutor#direct()}, so every command has finished, results
 * included, when it returns. Reviewer "ada", 1 request in flight.
 */
public final class ViewModelHarness implements AutoCloseable {
  /** The fake server. */
  public final FakeOllama ollama;
  /** The app's services over the temporary database. */
  public final Services services;
  /** The per-screen factories, as the app builds them. */
  public final Screens screens;
  /** The resource bundle of the screens. */
  public final ResourceBundle text = ResourceBundle.getBundle("i18n.messages");
  /** Folders opened with Help &gt; Open log folder. */
  public final List<Path> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param home   a temporary folder
   * @param ollama the fake server (closed with the harness)
   */
  public ViewModelHarness(Path home, FakeOllama ollama) throws Exception {
    this.ollama = ollama;
    this.services = services(Files.createTempDirectory(home, "vm"), ollama.url(), "light");
    this.screens = new UiWiring(services, TaskExecutor.direct(), opened::add);
  }

  /**
   * The app's services over a fresh database in a folder (data, config and db below it).
   *
   * @param dir   the folder
   * @param url   the Ollama URL
   * @param theme light or dark
   * @return the services; close them
   */
  public static Services services(Path dir, String url, String theme) {
    return services(dir, url, theme, dir.resolve("db/evenhand"));
  }

  /**
   * As {@link #services(Path, String, String)} over a given database.
   *
   * @param db what {@code --db} takes: an H2 path or {@code postgresql://HOST:PORT/NAME}
   * @return the services; close them
   */
  public static Services services(Path dir, String url, String theme, Path db) {
    return new Services(new AppPaths(dir.resolve("data"), dir.resolve("config")),
        new Settings("", "ada", 1, Duration.ofSeconds(30), theme), db,
        List.of(url), new RetryPolicy(2, Duration.ofMillis(10), 2));
  }

  @Override
  public void close() {
    services.close();
    ollama.close();
  }
}
