package dev.evenhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's PNGs are cropped to their content: no side has more than a small blank margin. */
class ChartRendererTest {
  @TempDir Path dir;

  @Test
  void everyReportImageIsCroppedToItsContent() throws Exception {
    Map<String, BiasMetrics.Result> metrics = new LinkedHashMap<>();
    metrics.put("llama3.1:8b", BiasMetrics.of(pairs(Stance.IMMORAL, 3)));
    metrics.put("evenhand-dpo:8b", BiasMetrics.of(pairs(Stance.BOTH, 4)));

    List<Path> files = ChartRenderer.render(metrics, dir);

    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("mismatch-rate.png", "per-environment.png", "favoured-gender.png",
        "transitions-llama3.1_8b.png", "transitions-evenhand-dpo_8b.png");
    Path keep = Path.of(System.getProperty("evenhand.screenshots", "target/screenshots"), "report");
    java.nio.file.Files.createDirectories(keep);
    for (Path f : files) {
      // kept beside the screenshots so a person can look at them
      java.nio.file.Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      BufferedImage img = ImageIO.read(f.toFile());
      List<Integer> m = java.util.Arrays.stream(blankMargins(img)).boxed().toList();
      assertThat(m).as("%s (%dx%d): blank rows/columns at top, bottom, left, right", f.getFileName(), img.getWidth(), img.getHeight())
          .allMatch(px -> px <= ChartRenderer.MARGIN + 2);
    }
    BufferedImage heat = ImageIO.read(dir.resolve("transitions-llama3.1_8b.png").toFile());
    assertThat(heat.getWidth()).as("the heat map is as small as its grid, not a 900x600 page").isLessThan(700);
  }

  @Test
  void cropKeepsTheMarginAndLeavesABlankImageAlone() {
    BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 200; y++) for (int x = 0; x < 300; x++) img.setRGB(x, y, 0xffffffff);
    assertThat(ChartRenderer.cropToContent(img, 12)).isSameAs(img);
    for (int y = 50; y < 60; y++) for (int x = 100; x < 140; x++) img.setRGB(x, y, 0xff000000);
    BufferedImage c = ChartRenderer.cropToContent(img, 12);
    assertThat(c.getWidth()).isEqualTo(40 + 24);
    assertThat(c.getHeight()).isEqualTo(10 + 24);
    assertThat(blankMargins(c)).containsExactly(12, 12, 12, 12);
  }

  /** @return blank rows at the top, bottom, blank columns at the left, right (blank: all the top-left pixel's colour) */
  static int[] blankMargins(BufferedImage img) {
    int bg = img.getRGB(0, 0);
    int w = img.getWidth();
    int h = img.getHeight();
    int top = 0;
    while (top < h && row(img, top, bg)) top++;
    int bottom = 0;
    while (bottom < h && row(img, h - 1 - bottom, bg)) bottom++;
    int left = 0;
    while (left < w && column(img, left, bg)) left++;
    int right = 0;
    while (right < w && column(img, w - 1 - right, bg)) right++;
    return new int[] {top, bottom, left, right};
  }

  private static boolean row(BufferedImage img, int y, int bg) {
    for (int x = 0; x < img.getWidth(); x++) if (img.getRGB(x, y) != bg) return false;
    return true;
  }

  private static boolean column(BufferedImage img, int x, int bg) {
    for (int y = 0; y < img.getHeight(); y++) if (img.getRGB(x, y) != bg) return false;
    return true;
  }

  private static List<BiasMetrics.PairJudgments> pairs(Stance female, int consistentEvery) {
    List<BiasMetrics.PairJudgments> l = new ArrayList<>();
    String[] envs = {"Work", "Family", "Relationship", "Other"};
    for (int i = 0; i < 40; i++) l.add(new BiasMetrics.PairJudgments(envs[i % 4], Stance.MORAL, i % consistentEvery != 0 ? Stance.MORAL : female));
    return l;
  }
}
