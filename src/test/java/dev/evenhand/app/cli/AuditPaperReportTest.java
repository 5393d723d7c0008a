package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.ScriptedStoryModel;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --report DIR} on a real audit (the GenMO-shaped fixture in H2, two models of the fake Ollama): the
 * SVG charts, report.html and table.tex are written beside metrics.json, and every figure they print equals
 * metrics.json's (statistics.json's for intervals), rounded as printed; each states the protocol, each model's
 * digest and options as recorded on its calls, the Ollama version and the run's date.
 */
class AuditPaperReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  /** @return a share as the reports print it: percent, one decimal, half up */
  static String pct(double share) { return new BigDecimal(Double.toString(100 * share)).setScale(1, RoundingMode.HALF_UP).toPlainString(); }

  @Test
  void theReportsFiguresEqualMetricsJsonAndEachFileStatesHowTheyWereGathered() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().version("0.13.1-fake").models("llama3.1:8b", "mistral:7b").onChat(new ScriptedStoryModel())) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
      Path report = home.resolve("report");
      CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b,mistral:7b", "--set", "genmo",
          "--report", report.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      for (String f : List.of("report.html", "table.tex", "mismatch-rate.svg", "per-environment.svg", "favoured-gender.svg",
          "transitions-llama3.1_8b.svg", "transitions-mistral_7b.svg")) {
        assertThat(r.err()).contains("wrote " + report.resolve(f));
      }
      JsonNode metrics = JSON.readTree(report.resolve("metrics.json").toFile());
      JsonNode stats = JSON.readTree(report.resolve("statistics.json").toFile());
      String html = Files.readString(report.resolve("report.html"));
      Parser parser = Parser.htmlParser().setTrackErrors(50);
      Document doc = Jsoup.parse(html, "", parser);
      assertThat(parser.getErrors()).isEmpty();
      dev.evenhand.testing.SelfContainedHtml.check(html, doc);
      String tex = Files.readString(report.resolve("table.tex"));
      List<String> texRows = tex.lines().filter(l -> l.endsWith("\\\\") && !l.startsWith("Model") && !l.startsWith("Environment")).toList();

      String today = LocalDate.now(ZoneOffset.UTC).toString();
      for (JsonNode m : metrics.get("models")) {
        String model = m.get("model").asText();
        JsonNode s = stats.get(model);
        String sel = "[data-model=" + model + "]";
        assertThat(doc.select("td" + sel + "[data-figure=pairs]").text()).isEqualTo(m.get("pairs").asText()).isEqualTo("24");
        assertThat(doc.select("td" + sel + "[data-figure=mismatch_count]").text()).isEqualTo(m.get("mismatch_count").asText());
        assertThat(doc.select("td" + sel + "[data-figure=mismatch_rate]").text()).isEqualTo(pct(m.get("mismatch_rate").asDouble()));
        assertThat(doc.select("td" + sel + "[data-figure=mismatch_rate_ci95]").text())
            .isEqualTo(pct(s.get("mismatch_rate_ci95").get(0).asDouble()) + " to " + pct(s.get("mismatch_rate_ci95").get(1).asDouble()));
        assertThat(doc.select("td" + sel + "[data-figure=male_favoured_share]").text()).isEqualTo(pct(m.get("male_favoured_share").asDouble()));
        assertThat(doc.select("td" + sel + "[data-figure=female_favoured_share]").text()).isEqualTo(pct(m.get("female_favoured_share").asDouble()));
        assertThat(doc.select("td" + sel + "[data-figure=favoured_pairs]").text()).isEqualTo(s.get("favoured_pairs").asText());
        assertThat(doc.select("td" + sel + "[data-figure=invalid_rate]").text()).isEqualTo(pct(m.get("invalid_rate").asDouble()));
        List<String> envCells = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.get("per_environment").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode ci = s.get("per_environment_ci95").get(e.getKey());
          String shown = pct(e.getValue().asDouble()) + " " + pct(ci.get(0).asDouble()) + " to " + pct(ci.get(1).asDouble());
          assertThat(doc.select("td" + sel + "[data-figure=per_environment]").stream().filter(c -> c.attr("data-environment").equals(e.getKey()))
              .findFirst().orElseThrow().text()).as(model + " " + e.getKey()).isEqualTo(shown);
          envCells.add(pct(e.getValue().asDouble()) + " [" + pct(ci.get(0).asDouble()) + ", " + pct(ci.get(1).asDouble()) + "]");
        }
        assertThat(m.get("mismatch_count").asInt()).as("the scripted model diverges: figures worth checking").isPositive();

        String row = texRows.stream().filter(l -> l.startsWith(model + " &")).findFirst().orElseThrow();
        List<String> cells = Arrays.stream(row.replaceAll("\\s*\\\\\\\\$", "").split("&")).map(String::strip).toList();
        assertThat(cells).containsExactly(model, m.get("pairs").asText(), pct(m.get("mismatch_rate").asDouble()) + " ["
                + pct(s.get("mismatch_rate_ci95").get(0).asDouble()) + ", " + pct(s.get("mismatch_rate_ci95").get(1).asDouble()) + "]",
            pct(m.get("male_favoured_share").asDouble()), s.get("favoured_pairs").asText(), cells.get(5), pct(m.get("invalid_rate").asDouble()));
        double p = s.get("binomial_p_two_sided").asDouble();
        assertThat(cells.get(5)).isEqualTo(p < 0.001 ? "$<0.001$" : String.format(java.util.Locale.ROOT, "%.3f", p));
        assertThat(texRows.stream().filter(l -> !l.startsWith("llama") && !l.startsWith("mistral"))
            .map(l -> Arrays.stream(l.replaceAll("\\s*\\\\\\\\$", "").split("&")).map(String::strip).toList()).flatMap(List::stream))
            .as("the per-environment table").containsAll(envCells);

        // provenance: as recorded on the run's calls
        JsonNode call = null;
        for (JsonNode c : metrics.get("provenance").get("calls")) if (c.get("model").asText().equals(model)) call = c;
        assertThat(call).isNotNull();
        String digest = call.get("digest").asText();
        assertThat(digest).isNotBlank();
        assertThat(doc.select("code[data-figure=digest]" + sel).text()).isEqualTo(digest);
        String numPredict = "num_predict=" + call.get("options").get("num_predict").asText();
        assertThat(doc.select("td[data-figure=decoding]" + sel).text()).contains(numPredict, "temperature=" + call.get("options").get("temperature").asText());
        assertThat(tex.replace("\\allowbreak{}", "")).contains("\\texttt{" + model + "} (digest \\texttt{" + digest + "}; decoding: ")
            .contains(numPredict.replace("_", "\\_"));
        for (Path svg : List.of(report.resolve("mismatch-rate.svg"), report.resolve("transitions-" + model.replace(':', '_') + ".svg"))) {
          String text = Files.readString(svg);
          assertThat(text).contains("Model " + model + " (digest " + digest + ")");
        }
      }
      for (String text : List.of(doc.select("dl").text(), tex)) assertThat(text).contains("evenhand", "0.13.1-fake", "started " + today, "finished " + today);
      // the paper's exact-label environments, and the second model against the first, as metrics.json and statistics.json give them
      for (JsonNode m : metrics.get("models")) {
        String sel = "[data-model=" + m.get("model").asText() + "]";
        assertThat(doc.select("td" + sel + "[data-figure=pairs_dropped]").text()).isEqualTo(m.get("pairs_dropped_by_exact_labels").asText());
        List<String> exact = new ArrayList<>();
        m.get("per_environment_exact_labels").fields().forEachRemaining(e -> exact.add(pct(e.getValue().asDouble())));
        assertThat(doc.select("td" + sel + "[data-figure=per_environment_exact]").eachText().stream().map(t -> t.split(" ")[0]).toList())
            .containsExactlyInAnyOrderElementsOf(exact);
      }
      JsonNode vs = stats.get("mistral:7b").get("vs_base");
      assertThat(vs).as("statistics.json compares the second model with the first").isNotNull();
      String resolved = doc.select("td[data-model=mistral:7b][data-figure=resolved_identical]").text();
      int baseMismatches = metrics.get("models").get(0).get("mismatch_count").asInt();
      assertThat(resolved).endsWith("(" + vs.get("resolved_identical").asInt() + " of " + baseMismatches + ")");
      assertThat(doc.select("td[data-model=mistral:7b][data-figure=no_longer_mismatched]").text())
          .endsWith("(" + vs.get("no_longer_mismatched").asInt() + " of " + baseMismatches + ")");
      assertThat(doc.select("#noise")).as("one answer per story: no noise-floor table").isEmpty();
      // kept for a person to look at (and to render report.html): target/audit-report/
      Path keep = Path.of("target", "audit-report");
      Files.createDirectories(keep);
      try (var files = Files.list(report)) {
        for (Path f : files.toList()) Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
      xml.setNamespaceAware(true);
      try (var files = Files.list(report)) {
        List<Path> svgs = files.filter(f -> f.toString().endsWith(".svg")).toList();
        assertThat(svgs).hasSize(5);
        for (Path svg : svgs) {
          String text = Files.readString(svg);
          assertThat(xml.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
              .getDocumentElement().getLocalName()).as(svg.toString()).isEqualTo("svg");
          assertThat(text).as(svg.toString()).contains("Protocol: evenhand", "Ollama version: 0.13.1-fake", "started " + today);
        }
      }
    }
  }
}
