package dev.evenhand.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Saves a scene as a PNG under {@code target/screenshots/} so a person can look at it. */
public final class Screenshots {
  private Screenshots() {}

  /**
   * @param scene the scene (snapshotted on the FX thread)
   * @param name  file name, e.g. {@code review.png}
   * @return the file written
   */
  public static Path save(Scene scene, String name) {
    WritableImage img;
    try {
      img = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get();
    } catch (Exception e) {
      throw new IllegalStateException("snapshot failed", e);
    }
    return save(img, name);
  }

  /**
   * @param image a snapshot already taken (of a node, of a popup's root)
   * @param name  file name, e.g. {@code dropdown.png}
   * @return the file written, under the same folder as {@link #save(Scene, String)}
   */
  public static Path save(WritableImage image, String name) {
    Path dir = Path.of(System.getProperty("evenhand.screenshots", "target/screenshots"));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
