package dev.evenhand.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * The child JVM of {@link ReportHtmlWebViewTest}: shows one HTML file in JavaFX's WebView on headless Monocle,
 * reads what the test asks for by script, saves a screenshot, writes the answers, then waits to be killed.
 *
 * <p>Arguments: the HTML file, the screenshot (PNG) to write, the answers file to write (a properties file,
 * moved into place whole once every answer is in). The answers are {@code svgs} (how many {@code figure > svg}
 * the page has), {@code rate} (the text of the llama3.1:8b mismatch-rate cell) and {@code svgWidth} (the first
 * chart's laid-out width in CSS pixels, once over 300 or after 30 s). On a failure the child writes
 * {@code error} instead and exits 1.
 *
 * <p>It never exits after a success: WebKit's native exit path is what the test keeps out of test JVMs (see
 * {@link ReportHtmlWebViewTest}), so the test ends this process with SIGKILL once it has read the answers. If
 * the test dies first, the child ends when its stdin closes.
 */
public final class ReportHtmlWebViewChild {
  private ReportHtmlWebViewChild() {}

  /**
   * @param args the HTML file, the screenshot file, the answers file
   * @throws Exception when the answers cannot be written (the child then exits with a stack trace)
   */
  public static void main(String[] args) throws Exception {
    Path html = Path.of(args[0]);
    Path screenshot = Path.of(args[1]);
    Path answersFile = Path.of(args[2]);
    Properties answers = new Properties();
    try {
      answer(Files.readString(html, StandardCharsets.UTF_8), screenshot, answers);
    } catch (Exception | AssertionError e) {
      answers.clear();
      answers.setProperty("error", e.toString());
      write(answers, answersFile);
      e.printStackTrace();
      System.exit(1);
    }
    write(answers, answersFile);
    // wait for SIGKILL; end on our own only if the test that started us is gone (stdin closed)
    while (System.in.read() >= 0) {
      // nothing is ever sent
    }
    Runtime.getRuntime().halt(0);
  }

  private static void answer(String html, Path screenshot, Properties answers) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    if (!started.await(120, TimeUnit.SECONDS)) throw new TimeoutException("JavaFX did not start within 120 s");
    WebView view = onFx(() -> {
      WebView v = new WebView();
      Stage stage = new Stage();
      stage.setScene(new Scene(v, 1100, 1500));
      stage.show(); // shown in a window, so the page is laid out and painted
      v.getEngine().loadContent(html, "text/html");
      return v;
    });
    awaitFx("report.html loads in WebView", 60, () -> view.getEngine().getLoadWorker().getState() == Worker.State.SUCCEEDED);
    answers.setProperty("svgs", String.valueOf(onFx(() -> view.getEngine().executeScript("document.querySelectorAll('figure > svg').length"))));
    answers.setProperty("rate", String.valueOf(onFx(() -> view.getEngine()
        .executeScript("document.querySelector('td[data-figure=mismatch_rate][data-model=\"llama3.1:8b\"]').textContent"))));
    awaitFx("the inline SVG is laid out", 30, () -> svgWidth(view) > 300);
    answers.setProperty("svgWidth", Double.toString(onFx(() -> svgWidth(view))));
    var image = onFx(() -> view.getScene().snapshot(null));
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", screenshot.toFile());
  }

  private static double svgWidth(WebView view) {
    return ((Number) view.getEngine().executeScript("document.querySelector('figure > svg').getBoundingClientRect().width")).doubleValue();
  }

  private static <T> T onFx(Supplier<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        result.complete(work.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(60, TimeUnit.SECONDS);
  }

  private static void awaitFx(String what, int seconds, Supplier<Boolean> condition) throws Exception {
    org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(seconds)).pollInterval(java.time.Duration.ofMillis(50))
        .until(() -> onFx(condition));
  }

  private static void write(Properties answers, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      answers.store(out, null);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
