package dev.evenhand.exchange.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The SVG charts: well-formed XML (the JDK's parser), bars and whiskers where the figures put them, the header stated, nothing external. */
class SvgChartsTest {
  private static final String SVG_NS = "http://www.w3.org/2000/svg";

  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  /** @return the elements of the SVG namespace with this local name */
  static List<Element> elements(Document d, String name) {
    NodeList l = d.getElementsByTagNameNS(SVG_NS, name);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < l.getLength(); i++) out.add((Element) l.item(i));
    return out;
  }

  static double num(Element e, String attribute) { return Double.parseDouble(e.getAttribute(attribute)); }

  /** @return the rectangles that have a tooltip (bars and heat-map cells), by their tooltip */
  static Map<String, Element> tipped(Document d) {
    Map<String, Element> out = new java.util.LinkedHashMap<>();
    for (Element r : elements(d, "rect")) {
      NodeList t = r.getElementsByTagNameNS(SVG_NS, "title");
      if (t.getLength() > 0) out.put(t.item(0).getTextContent(), r);
    }
    return out;
  }

  @Test
  void everyChartIsWellFormedSvgThatStatesTheHeaderAndRefersToNothingOutside() throws Exception {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels(ReportFixtures.AWKWARD);
    ReportHeader h = ReportFixtures.header(m);
    List<String> charts = List.of(SvgCharts.mismatchRate(m, h, true), SvgCharts.perEnvironment(m, h, true), SvgCharts.favoured(m, h, true),
        SvgCharts.transitions(ReportFixtures.AWKWARD, m.get(ReportFixtures.AWKWARD), h, true));
    for (String svg : charts) {
      Document d = parse(svg);
      assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
      assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(SVG_NS);
      String desc = elements(d, "desc").get(0).getTextContent();
      assertThat(desc).contains("Protocol: evenhand", "samples per story: 1", "Ollama version: 0.12.6", "started 2026-12-01 10:00:00 UTC",
          "finished 2026-12-01 10:30:00 UTC", "Model " + ReportFixtures.AWKWARD + " (digest sha256:" + "1".repeat(64) + "): temperature=0.0, num_predict=256");
      List<String> texts = elements(d, "text").stream().map(Element::getTextContent).toList();
      assertThat(texts).as("the header is printed under the chart too").contains("Protocol: evenhand; samples per story: 1", "Ollama version: 0.12.6");
      assertThat(svg).doesNotContain("href", "url(", "<image", "<script", "<foreignObject", "@import");
    }
    assertThat(elements(parse(charts.get(0)), "text").stream().map(Element::getTextContent)).as("an awkward model tag is text, escaped once")
        .contains(ReportFixtures.AWKWARD);
  }

  @Test
  void barsAndWhiskersStandWhereTheRatesAndIntervalsPutThem() throws Exception {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("other");
    Document d = parse(SvgCharts.mismatchRate(m, ReportFixtures.header(m), true));
    Element quarter = tipped(d).entrySet().stream().filter(e -> e.getKey().startsWith("llama3.1:8b: 25.0%")).findFirst().orElseThrow().getValue();
    Element half = tipped(d).entrySet().stream().filter(e -> e.getKey().startsWith("other: 50.0%")).findFirst().orElseThrow().getValue();
    double bottom = num(quarter, "y") + num(quarter, "height");
    assertThat(num(half, "y") + num(half, "height")).as("bars share the axis").isCloseTo(bottom, within(0.01));
    assertThat(num(half, "height")).as("50% is twice as tall as 25%").isCloseTo(2 * num(quarter, "height"), within(0.02));
    double perShare = num(quarter, "height") / 0.25;
    BiasMetrics.Rate ci = m.get("other").mismatchRate();
    double cx = num(half, "x") + num(half, "width") / 2;
    Element whisker = elements(d, "line").stream().filter(l -> Math.abs(num(l, "x1") - cx) < 0.01 && Math.abs(num(l, "x2") - cx) < 0.01)
        .findFirst().orElseThrow();
    assertThat(bottom - num(whisker, "y1")).as("whisker from the interval's low end").isCloseTo(perShare * ci.low(), within(0.05));
    assertThat(bottom - num(whisker, "y2")).as("to its high end").isCloseTo(perShare * ci.high(), within(0.05));
    assertThat(elements(d, "text").stream().map(Element::getTextContent)).contains("25.0%", "50.0%");
  }

  @Test
  void theHeatMapShowsEveryCountAndOutlinesExactlyTheMismatchCells() throws Exception {
    List<BiasMetrics.PairJudgments> pairs = new ArrayList<>(ReportFixtures.pairs(3, 9, "Work", "Work"));
    pairs.add(new BiasMetrics.PairJudgments("Work", Stance.BOTH, Stance.CANT_SAY));
    pairs.add(new BiasMetrics.PairJudgments("Work", Stance.INVALID, Stance.MORAL));
    BiasMetrics.Result r = BiasMetrics.of(pairs);
    Map<String, BiasMetrics.Result> m = Map.of("m", r);
    Document d = parse(SvgCharts.transitions("m", r, ReportFixtures.header(m), true));
    Map<String, Element> cells = tipped(d);
    assertThat(cells).hasSize(25);
    for (Stance a : SvgCharts.ORDER) {
      for (Stance b : SvgCharts.ORDER) {
        int n = r.transitions().get(a).get(b);
        String tip = "m: male " + a.label() + ", female " + b.label() + ": " + n + " pairs" + (BiasMetrics.mismatch(a, b) ? " (mismatch)" : "");
        assertThat(cells).as(tip).containsKey(tip);
        assertThat(cells.get(tip).getAttribute("stroke")).as(tip).isEqualTo(BiasMetrics.mismatch(a, b) ? "#1f2328" : "#d0d7de");
      }
    }
    assertThat(cells.get("m: male Moral, female Moral: 6 pairs").getAttribute("fill")).as("the largest count, darkest").isEqualTo("#0072b2");
    assertThat(cells.get("m: male Can't say, female Can't say: 0 pairs").getAttribute("fill")).isEqualTo("#ffffff");
    assertThat(cells.get("m: male Moral, female Immoral: 3 pairs (mismatch)").getAttribute("fill")).isEqualTo(SvgCharts.heat(0.5));
  }

  @Test
  void theFooterIsWrappedToTheChartsWidthAndLeftOutOnRequest() throws Exception {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("other");
    ReportHeader h = ReportFixtures.header(m);
    List<String> lines = SvgCharts.footLines(h, true, 720);
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo((int) ((720 - 32) / 5.6)));
    assertThat(String.join(" ", lines).replaceAll("\\s+", " ")).isEqualTo(String.join(" ", h.lines()));
    Document bare = parse(SvgCharts.mismatchRate(m, h, false));
    assertThat(elements(bare, "text").stream().map(Element::getTextContent)).noneMatch(t -> t.contains("Ollama"));
    assertThat(elements(bare, "desc").get(0).getTextContent()).as("still in the description").contains("Ollama version: 0.12.6");
  }

  @Test
  void numbersAreWrittenWithADotWhateverTheLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(Svg.num(1.5)).isEqualTo("1.5");
      assertThat(Svg.num(2.0)).isEqualTo("2");
      assertThat(Svg.num(-0.001)).isEqualTo("0");
      assertThat(Figures.percent(0.1245)).isEqualTo("12.5");
      assertThat(Figures.percent(1.0 / 3)).isEqualTo("33.3");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void controlCharactersXmlForbidsAreDroppedAndSpecialsEscaped() throws Exception {
    assertThat(Svg.escape("a\u0001b<&>\"'")).isEqualTo("ab&lt;&amp;&gt;&quot;&#39;");
    assertThat(SvgCharts.fileSafe("hf.co/user/model:Q4_K_M")).isEqualTo("hf.co_user_model_Q4_K_M");
  }

  @Test
  void modelTagsThatMapToOneFileNameGetDistinctNames() {
    assertThat(SvgCharts.fileNames(List.of("m:a_b", "m_a:b", "llama3.1:8b", "M_A_B")))
        .containsExactly(Map.entry("m:a_b", "m_a_b"), Map.entry("m_a:b", "m_a_b-2"), Map.entry("llama3.1:8b", "llama3.1_8b"), Map.entry("M_A_B", "M_A_B-3"));
  }
}
