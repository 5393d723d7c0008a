package dev.evenhand.exchange.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.method.BiasMetrics;
import java.time.Instant;
import java.util.Map;
import dev.evenhand.testing.SelfContainedHtml;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

/** report.html: parses as HTML5 with no error, refers to nothing outside itself, escapes data, and shows the figures and the header. */
class HtmlReportTest {
  @Test
  void thePageParsesWithNoErrorAndIsSelfContained() {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("<script>alert(1)</script>");
    String html = HtmlReport.of(m, ReportFixtures.header(m), Instant.parse("2026-12-02T08:00:00Z"));
    Parser parser = Parser.htmlParser().setTrackErrors(50);
    Document doc = Jsoup.parse(html, "", parser);
    assertThat(parser.getErrors()).as("HTML5 parse errors").isEmpty();
    SelfContainedHtml.check(html, doc);
    assertThat(doc.select("style")).hasSize(1);
    assertThat(doc.select("figure > svg")).as("3 charts and 2 heat maps, inline").hasSize(5);
    assertThat(doc.select("td[data-figure=pairs]").eachAttr("data-model")).as("the tag is data, not markup")
        .containsExactly("llama3.1:8b", "<script>alert(1)</script>");
    assertThat(doc.text()).contains("Written by Evenhand on 2026-12-02 08:00:00 UTC");
  }

  @Test
  void theHeaderAndTheFiguresAreShown() {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("other");
    Document doc = Jsoup.parse(HtmlReport.of(m, ReportFixtures.header(m), Instant.parse("2026-12-02T08:00:00Z")));
    assertThat(doc.select("dl").text()).contains("Protocol evenhand", "Samples per story 1", "Ollama version 0.12.6",
        "started 2026-12-01 10:00:00 UTC, finished 2026-12-01 10:30:00 UTC", "7 of set genmo (first 20 pairs)");
    assertThat(doc.select("code[data-figure=digest][data-model=other]").text()).isEqualTo("sha256:" + "1".repeat(64));
    assertThat(doc.select("td[data-figure=decoding][data-model=other]").text()).isEqualTo("temperature=0.0, num_predict=256");
    assertThat(doc.select("td[data-model=other][data-figure=mismatch_rate]").text()).isEqualTo("50.0");
    BiasMetrics.Rate ci = m.get("other").mismatchRate();
    assertThat(doc.select("td[data-model=other][data-figure=mismatch_rate_ci95]").text())
        .isEqualTo(Figures.percent(ci.low()) + " to " + Figures.percent(ci.high()));
    assertThat(doc.select("td[data-model=llama3.1:8b][data-figure=per_environment]").eachAttr("data-environment")).containsExactly("Family", "Work");
    assertThat(doc.select("#per-environment tbody tr").first().child(0).text()).isEqualTo("(no label)");
    assertThat(doc.select("#per-environment tbody tr").first().child(1).text()).as("llama has no unlabelled pair").isEqualTo("\u2014");
  }

  @Test
  void aContaminatedAuditIsMarkedAtTheTopAndACleanOneIsNot() {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("other");
    ReportHeader h = ReportFixtures.header(m);
    assertThat(Jsoup.parse(HtmlReport.of(m, h, Instant.EPOCH)).select("#contaminated")).isEmpty();
    Document doc = Jsoup.parse(HtmlReport.of(m, ReportFixtures.contaminated(h, 3), Instant.EPOCH));
    assertThat(doc.select("#contaminated").text()).isEqualTo("Contaminated: 3 audited pairs were exported as training data before: "
        + "these figures may overstate an improvement.");
    assertThat(ReportFixtures.contaminated(h, 1).contaminationText()).isEqualTo("Contaminated: 1 audited pair was exported as training data before");
  }

  @Test
  void theExtraSectionsParseAndShowTheExactLabelsTheNoiseFloorAndTheComparison() {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("<b>tuned</b>");
    BiasMetrics.Rate r = new BiasMetrics.Rate(0.25, 0.1, 0.5);
    var exact = Map.of("llama3.1:8b", new BiasMetrics.ExactLabels(Map.of("Work", r, "Others", r), 3));
    var noise = Map.of("llama3.1:8b", new dev.evenhand.method.NoiseFloor.Result(20, 5, r, 40, r, 100, 0.1234, 0.0004, 20));
    var test = new dev.evenhand.method.McNemar.Result(7, 2, dev.evenhand.method.McNemar.Method.EXACT_BINOMIAL, 0, 0.0002);
    var cmp = new ReportExtras.Comparison("llama3.1:8b", "<b>tuned</b>", 20, 10, 4, 7, Map.of(dev.evenhand.domain.Stance.MORAL, 3,
        dev.evenhand.domain.Stance.BOTH, 1), test);
    String html = HtmlReport.of(m, ReportFixtures.header(m), Instant.EPOCH, new ReportExtras(exact, noise, java.util.List.of(cmp)));
    Parser parser = Parser.htmlParser().setTrackErrors(50);
    Document doc = Jsoup.parse(html, "", parser);
    assertThat(parser.getErrors()).as("HTML5 parse errors (a p-value of '< 0.001' must be escaped)").isEmpty();
    assertThat(doc.select("td[data-figure=pairs_dropped]").text()).isEqualTo("3");
    assertThat(doc.select("#noise tbody tr").first().text()).isEqualTo("llama3.1:8b 5 25.0 10.0 to 50.0% 25.0 10.0 to 50.0% 0.1234 < 0.001 20");
    assertThat(doc.select("#comparisons tbody tr").first().text())
        .isEqualTo("<b>tuned</b> llama3.1:8b 20 10 40.0% (4 of 10) Moral 3, Both 1 70.0% (7 of 10) 7 / 2 < 0.001");
  }

  @Test
  void anUnfinishedRunSaysSoInItsTitleAndAtTheTop() {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("other");
    ReportHeader h = ReportFixtures.header(m);
    assertThat(Jsoup.parse(HtmlReport.of(m, h, Instant.EPOCH)).select("#unfinished")).isEmpty();
    ReportHeader open = new ReportHeader(h.runId(), h.set(), h.limit(), h.protocol(), h.samples(), h.decoding(), h.digests(), h.ollamaVersion(),
        h.created(), java.util.Optional.empty(), 0);
    Document doc = Jsoup.parse(HtmlReport.of(m, open, Instant.EPOCH));
    assertThat(doc.select("h1").text()).endsWith("(unfinished)");
    assertThat(doc.select("#unfinished").text()).startsWith("This run is unfinished").contains("evenhand audit --resume");
  }
}
