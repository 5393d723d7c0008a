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
 * JavaFX starts on Monocle's headless platform with software rendering. Each image is cropped to its
 * content with a small margin, so a small heat map is not a large blank picture.
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

  /** Size of a bar chart in a report, pixels. */
  static final int CHART_WIDTH = 900, CHART_HEIGHT = 600;
  /** Background kept around the content of a report image, pixels. */
  static final int MARGIN = 12;

  /**
   * Crops an image to its content: the smallest rectangle holding every pixel that differs from the
   * background (the top-left pixel's colour), widened by {@code margin} on each side where the image
   * allows.
   *
   * @param image  the rendered image
   * @param margin pixels of background to keep around the content, at least 0
   * @return the cropped image (a copy), or the image itself when it holds nothing but background
   */
  public static java.awt.image.BufferedImage cropToContent(java.awt.image.BufferedImage image, int margin) {
    int bg = image.getRGB(0, 0);
    int w = image.getWidth();
    int h = image.getHeight();
    int top = h;
    int bottom = -1;
    int left = w;
    int right = -1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (image.getRGB(x, y) == bg) continue;
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
    if (bottom < 0) return image;
    int x0 = Math.max(0, left - margin);
    int y0 = Math.max(0, top - margin);
    int x1 = Math.min(w - 1, right + margin);
    int y1 = Math.min(h - 1, bottom + margin);
    java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(x1 - x0 + 1, y1 - y0 + 1, java.awt.image.BufferedImage.TYPE_INT_ARGB);
    java.awt.Graphics2D g = out.createGraphics();
    g.drawImage(image.getSubimage(x0, y0, out.getWidth(), out.getHeight()), 0, 0, null);
    g.dispose();
    return out;
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
        Map<String, String> names = dev.evenhand.exchange.audit.SvgCharts.fileNames(metrics.keySet());
        metrics.forEach((model, r) -> charts.put("transitions-" + names.get(model) + ".png", AuditCharts.transitions(model, r, (a, b) -> { })));
        Map<String, WritableImage> images = new LinkedHashMap<>();
        for (Map.Entry<String, Node> c : charts.entrySet()) {
          // a chart gets a fixed size; the heat map its own: the scene takes the size of what it shows
          if (c.getValue() instanceof javafx.scene.chart.Chart chart) chart.setPrefSize(CHART_WIDTH, CHART_HEIGHT);
          StackPane root = new StackPane(c.getValue());
          root.getStyleClass().add("screen");
          Scene scene = new Scene(root);
          MainWindow.applyTheme(scene, false);
          // twice: the heat map picks each cell's text colour from the fill the first pass gave it
          root.applyCss();
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
        ImageIO.write(cropToContent(SwingFXUtils.fromFXImage(e.getValue(), null), MARGIN), "png", tmp.toFile());
        Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      out.add(p);
    }
    return out;
  }
}
