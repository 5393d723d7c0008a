package dev.evenhand.app;

import dev.evenhand.method.BiasMetrics;
import dev.evenhand.ui.audit.AuditCharts;
import dev.evenhand.ui.main.MainWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javax.imageio.ImageIO;

/**
 * Renders the audit charts to PNG files, also from the command line on a server with no display: there
 * JavaFX starts on Monocle's headless platform with software rendering.
 */
public final class ChartRenderer {
  private ChartRenderer() {}

  private static void startFx() {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    boolean noDisplay = !os.contains("win") && !os.contains("mac") && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null;
    if (noDisplay && System.getProperty("glass.platform") == null) {
      System.setProperty("glass.platform", "Monocle");
      System.setProperty("monocle.platform", "Headless");
      System.setProperty("prism.order", "sw");
      System.setProperty("java.awt.headless", "true");
    }
    // running from the class path is supported (STACK.md); JavaFX's warning about it would only clutter stderr
    java.util.logging.Logger.getLogger("javafx").setLevel(java.util.logging.Level.SEVERE);
    try {
      Platform.startup(() -> { });
      Platform.setImplicitExit(false);
    } catch (IllegalStateException alreadyRunning) {
      // the GUI or an earlier report started JavaFX already
    }
  }

  /**
   * Writes mismatch-rate.png, per-environment.png, favoured-gender.png and one transitions-&lt;model&gt;.png
   * per model into a folder.
   *
   * @return the files written
   * @throws IOException when a file cannot be written or rendering fails
   */
  public static List<Path> render(Map<String, BiasMetrics.Result> metrics, Path dir) throws IOException {
    startFx();
    Files.createDirectories(dir);
    CompletableFuture<Map<String, WritableImage>> f = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        Map<String, Node> charts = new LinkedHashMap<>();
        charts.put("mismatch-rate.png", AuditCharts.mismatchRate(metrics, m -> { }));
        charts.put("per-environment.png", AuditCharts.perEnvironment(metrics, (m, e) -> { }));
        charts.put("favoured-gender.png", AuditCharts.favoured(metrics, (m, s) -> { }));
        metrics.forEach((model, r) -> charts.put("transitions-" + model.replaceAll("[^A-Za-z0-9._-]", "_") + ".png",
            AuditCharts.transitions(model, r, (a, b) -> { })));
        Map<String, WritableImage> images = new LinkedHashMap<>();
        for (Map.Entry<String, Node> c : charts.entrySet()) {
          StackPane root = new StackPane(c.getValue());
          root.getStyleClass().add("screen");
          Scene scene = new Scene(root, 900, 600);
          MainWindow.applyTheme(scene, false);
          root.applyCss();
          root.layout();
          images.put(c.getKey(), scene.snapshot(null));
        }
        f.complete(images);
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    Map<String, WritableImage> images;
    try {
      images = f.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("cannot render the audit charts: " + e, e);
    }
    List<Path> out = new ArrayList<>();
    for (Map.Entry<String, WritableImage> e : images.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Path tmp = Files.createTempFile(dir, ".chart.", ".partial");
      try {
        ImageIO.write(SwingFXUtils.fromFXImage(e.getValue(), null), "png", tmp.toFile());
        Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      out.add(p);
    }
    return out;
  }
}
