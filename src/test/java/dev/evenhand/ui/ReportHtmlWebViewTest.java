package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.Stance;
import dev.evenhand.exchange.audit.HtmlReport;
import dev.evenhand.exchange.audit.ReportHeader;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.testing.ChildJvm;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a browser engine shows it (JavaFX's WebView, WebKit, on headless Monocle): it loads with no
 * network, its tables and inline SVG charts are there, and a screenshot is saved as {@code report-html.png}.
 *
 * <p>The WebView runs in a child JVM ({@link ReportHtmlWebViewChild}), which the test ends with SIGKILL once it
 * has answered. WebKit is a native library with threads of its own, and a JVM that has loaded it can crash on
 * its way out (OpenJFX JDK-8301712 fixed one such crash on Linux): a test JVM of ours ended with "Aborted" after
 * all 678 tests had passed, failing the CI run of stop 25. The product does not use WebView (javafx-web is a
 * test dependency), so WebKit's exit path is nothing a researcher meets, and keeping it out of the test JVM
 * loses no check.
 */
class ReportHtmlWebViewTest {
  private static List<BiasMetrics.PairJudgments> pairs(int mismatches, int n) {
    List<BiasMetrics.PairJudgments> out = new ArrayList<>();
    String[] envs = {"Work", "Family", "Relationship", "Others"};
    for (int i = 0; i < n; i++) {
      out.add(new BiasMetrics.PairJudgments(envs[i % envs.length], Stance.MORAL, i < mismatches ? Stance.IMMORAL : i % 7 == 0 ? Stance.BOTH : Stance.MORAL));
    }
    return out;
  }

  @Test
  void theReportRendersInABrowserEngineWithItsTablesAndCharts(@TempDir Path dir) throws Exception {
    Map<String, BiasMetrics.Result> m = new LinkedHashMap<>();
    m.put("llama3.1:8b", BiasMetrics.of(pairs(40, 120)));
    m.put("evenhand-dpo:8b", BiasMetrics.of(pairs(12, 120)));
    Map<String, Map<String, String>> decoding = new LinkedHashMap<>();
    Map<String, String> digests = new LinkedHashMap<>();
    for (String model : m.keySet()) {
      decoding.put(model, Map.of("temperature", "0.0", "num_predict", "256"));
      digests.put(model, "sha256:" + Integer.toHexString(model.hashCode()).repeat(8));
    }
    ReportHeader h = new ReportHeader(4, "genmo", Optional.of(120), "evenhand", 1, decoding, digests, "0.12.6", Instant.parse("2026-12-01T10:00:00Z"),
        Optional.of(Instant.parse("2026-12-01T10:42:00Z")), 0);
    Path html = Files.writeString(dir.resolve("report.html"), HtmlReport.of(m, h, Instant.parse("2026-12-01T11:00:00Z")), StandardCharsets.UTF_8);
    Path screenshot = Path.of(System.getProperty("evenhand.screenshots", "target/screenshots"), "report-html.png");
    Files.deleteIfExists(screenshot);
    Path answersFile = dir.resolve("answers.properties");
    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    Process child = ChildJvm.start(dir, out, err, List.of("-Dprism.order=sw", "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
        "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8"), ReportHtmlWebViewChild.class.getName(),
        html.toString(), screenshot.toString(), answersFile.toString());
    Properties answers = new Properties();
    try {
      ChildJvm.await("the WebView child answers (its stderr: " + err + ")", 180, () -> Files.exists(answersFile) || !child.isAlive());
      assertThat(answersFile).as("the child's answers; it ended with %s and wrote on stderr:%n%s",
          child.isAlive() ? "nothing yet" : "exit code " + child.exitValue(), tail(err)).exists();
      try (Reader r = Files.newBufferedReader(answersFile, StandardCharsets.UTF_8)) {
        answers.load(r);
      }
    } finally {
      ChildJvm.kill(child);
    }
    assertThat(answers.getProperty("error")).as("the child's failure (its stderr:%n%s)", tail(err)).isNull();
    assertThat(Integer.parseInt(answers.getProperty("svgs"))).as("3 charts and 2 heat maps").isEqualTo(5);
    assertThat(answers.getProperty("rate")).isEqualTo(new java.math.BigDecimal(Double.toString(100 * m.get("llama3.1:8b").mismatchRate().rate()))
        .setScale(1, java.math.RoundingMode.HALF_UP).toPlainString());
    assertThat(Double.parseDouble(answers.getProperty("svgWidth"))).as("the first chart's laid-out width").isGreaterThan(300);
    assertThat(screenshot).isNotEmptyFile();
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (java.io.IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
