package dev.evenhand.exchange.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.method.BiasMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** table.tex: booktabs rules, the figures with intervals, every data text escaped, braces balanced, the header in the captions. */
class LatexTableTest {
  /** @return the table's body rows (between \midrule and \bottomrule) of the n-th tabular */
  static List<String> rows(String tex, int n) {
    String[] tables = tex.split("\\\\midrule\n");
    String body = tables[n + 1].substring(0, tables[n + 1].indexOf("\\bottomrule"));
    return Arrays.stream(body.split("\n")).filter(s -> !s.isBlank()).toList();
  }

  /** @return a row's cells, split at unescaped {@code &}, without the trailing {@code \\} */
  static List<String> cells(String row) {
    return Arrays.stream(row.replaceAll("\\s*\\\\\\\\$", "").split("(?<!\\\\)&")).map(String::strip).toList();
  }

  @Test
  void specialCharactersAreEscaped() {
    assertThat(LatexTable.escape("a&b%c$d#e_f{g}h~i^j\\k<l>m|n")).isEqualTo(
        "a\\&b\\%c\\$d\\#e\\_f\\{g\\}h\\textasciitilde{}i\\textasciicircum{}j\\textbackslash{}k\\textless{}l\\textgreater{}m\\textbar{}n");
    assertThat(LatexTable.escape("two\nlines\u0007")).isEqualTo("two lines");
  }

  @Test
  void theTablesUseBooktabsRulesAndEveryRowHasItsColumns() {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels(ReportFixtures.AWKWARD);
    String tex = LatexTable.of(m, ReportFixtures.header(m));
    assertThat(tex).doesNotContain("\\hline", "|}");
    for (String rule : List.of("\\toprule", "\\midrule", "\\bottomrule")) assertThat(tex.split(java.util.regex.Pattern.quote(rule), -1)).hasSize(3);
    assertThat(tex.indexOf("\\toprule")).isLessThan(tex.indexOf("\\midrule"));
    assertThat(tex.indexOf("\\midrule")).isLessThan(tex.indexOf("\\bottomrule"));
    String unescaped = tex.replace("\\\\", "").replace("\\{", "").replace("\\}", "");
    assertThat(unescaped.chars().filter(c -> c == '{').count()).as("braces balance").isEqualTo(unescaped.chars().filter(c -> c == '}').count());
    List<String> head = rows(tex, 0);
    assertThat(head).hasSize(2);
    assertThat(cells(head.get(0))).containsExactly("llama3.1:8b", "20", "25.0 [" + Figures.percent(m.get("llama3.1:8b").mismatchRate().low()) + ", "
        + Figures.percent(m.get("llama3.1:8b").mismatchRate().high()) + "]", "100.0", "5", Figures.p(m.get("llama3.1:8b").binomialP()), "0.0");
    assertThat(cells(head.get(1)).get(0)).isEqualTo(LatexTable.escape(ReportFixtures.AWKWARD));
    Map<String, BiasMetrics.Result> strong = Map.of("m", BiasMetrics.of(ReportFixtures.pairs(20, 20, "Work", "Work")));
    assertThat(cells(rows(LatexTable.of(strong, ReportFixtures.header(strong)), 0).get(0)).get(5)).as("p below 0.001 in math mode").isEqualTo("$<0.001$");
    List<String> envs = rows(tex, 1);
    assertThat(envs).extracting(r -> cells(r).get(0)).containsExactly("(no label)", "Family", "Work");
    assertThat(cells(envs.get(0))).hasSize(3).element(1).isEqualTo("---");
    for (String r : envs) assertThat(cells(r)).hasSize(3);
  }

  @Test
  void eachCaptionAndTheCommentsStateProtocolModelsDigestsOllamaAndDates() {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("other");
    String tex = LatexTable.of(m, ReportFixtures.header(m));
    List<String> captions = Arrays.stream(tex.split("\\\\caption\\{")).skip(1).map(c -> c.substring(0, c.indexOf("}\n\\label"))).toList();
    assertThat(captions).hasSize(2);
    for (String c : captions) {
      String plain = c.replace("\\allowbreak{}", "");
      assertThat(plain).contains("protocol \\texttt{evenhand}", "1 sample(s) per story", "Ollama 0.12.6", "started 2026-12-01 10:00:00 UTC",
          "finished 2026-12-01 10:30:00 UTC", "\\texttt{other} (digest \\texttt{sha256:" + "1".repeat(64) + "}; decoding: temperature=0.0, num\\_predict=256)");
    }
    assertThat(tex).startsWith("% Evenhand audit report").contains("% Protocol: evenhand; samples per story: 1\n", "% Ollama version: 0.12.6\n");
  }

  @Test
  void aContaminatedAuditSaysSoInEachCaption() {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("other");
    String tex = LatexTable.of(m, ReportFixtures.contaminated(ReportFixtures.header(m), 2));
    assertThat(tex.split("Contaminated: 2 audited pairs were exported as training data before\\.\\}", -1)).as("both captions").hasSize(3);
    assertThat(LatexTable.of(m, ReportFixtures.header(m))).doesNotContain("Contaminated");
  }

  @Test
  void theExactLabelTableListsTheSourcesLabelsAndThePairsTheyDrop() {
    Map<String, BiasMetrics.Result> m = ReportFixtures.twoModels("other");
    BiasMetrics.Rate r = BiasMetrics.wilson(3, 12);
    String tex = LatexTable.of(m, ReportFixtures.header(m), Map.of("llama3.1:8b", new BiasMetrics.ExactLabels(Map.of("Work", r, "Others", r), 151),
        "other", new BiasMetrics.ExactLabels(Map.of("Work", r), 151)));
    assertThat(tex).contains("\\label{tab:evenhand-audit-7-exact-labels}").contains("the paper's analysis.py");
    String table = tex.substring(tex.indexOf("-exact-labels}"));
    String body = table.substring(table.indexOf("\\midrule\n") + "\\midrule\n".length(), table.indexOf("\\bottomrule"));
    List<String> lines = Arrays.stream(body.split("\n")).filter(x -> !x.isBlank() && !x.equals("\\midrule")).toList();
    String shown = Figures.percent(r.rate()) + " [" + Figures.percent(r.low()) + ", " + Figures.percent(r.high()) + "]";
    assertThat(lines.stream().map(LatexTableTest::cells).toList()).containsExactly(List.of("Others", shown, "---"), List.of("Work", shown, shown),
        List.of("Pairs dropped", "151", "151"));
    assertThat(LatexTable.of(m, ReportFixtures.header(m))).as("no exact labels given: two tables").doesNotContain("exact-labels");
  }
}
