package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evenhand.domain.Stance;
import dev.evenhand.exchange.audit.HtmlReport;
import dev.evenhand.exchange.audit.ReportHeader;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.testing.Screenshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.concurrent.Worker;
import javafx.scene.Scene;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * report.html as a browser engine shows it (JavaFX's WebView, WebKit, on headless Monocle): it loads with no
 * network, its tables and inline SVG charts are there, and a screenshot is saved as {@code report-html.png}.
 */
@ExtendWith(ApplicationExtension.class)
class ReportHtmlWebViewTest {
  private static List<BiasMetrics.PairJudgments> pairs(int mismatches, int n) {
    List<BiasMetrics.PairJudgments> out = new ArrayList<>();
    String[] envs = {"Work", "Family", "Relationship", "Others"};
    for (int i = 0; i < n; i++) {
      out.add(new BiasMetrics.PairJudgments(envs[i % envs.length], Stance.MORAL, i < mismatches ? Stance.IMMORAL : i % 7 == 0 ? Stance.BOTH : Stance.MORAL));
    }
    return out;
  }

  private WebView view;

  @Start
  void start(Stage stage) {
    view = new WebView();
    stage.setScene(new Scene(view, 1100, 1500));
    // shown in a window, so the page is laid out and painted
    stage.show();
  }

  @Test
  void theReportRendersInABrowserEngineWithItsTablesAndCharts() throws Exception {
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
    String html = HtmlReport.of(m, h, Instant.parse("2026-12-01T11:00:00Z"));
    WaitForAsyncUtils.asyncFx(() -> view.getEngine().loadContent(html, "text/html")).get();
    await("report.html loads in WebView").atMost(Duration.ofSeconds(60))
        .until(() -> WaitForAsyncUtils.asyncFx(() -> view.getEngine().getLoadWorker().getState()).get(), s -> s == Worker.State.SUCCEEDED);
    Object svgs = WaitForAsyncUtils.asyncFx(() -> view.getEngine().executeScript("document.querySelectorAll('figure > svg').length")).get();
    Object rate = WaitForAsyncUtils.asyncFx(() -> view.getEngine()
        .executeScript("document.querySelector('td[data-figure=mismatch_rate][data-model=\"llama3.1:8b\"]').textContent")).get();
    assertThat(((Number) svgs).intValue()).as("3 charts and 2 heat maps").isEqualTo(5);
    assertThat(rate).isEqualTo(new java.math.BigDecimal(Double.toString(100 * m.get("llama3.1:8b").mismatchRate().rate()))
        .setScale(1, java.math.RoundingMode.HALF_UP).toPlainString());
    await("the inline SVG is laid out").atMost(Duration.ofSeconds(30)).until(() -> ((Number) WaitForAsyncUtils.asyncFx(() -> view.getEngine()
        .executeScript("document.querySelector('figure > svg').getBoundingClientRect().width")).get()).doubleValue(), w -> w > 300);
    assertThat(Screenshots.save(view.getScene(), "report-html.png")).isNotEmptyFile();
  }
}
