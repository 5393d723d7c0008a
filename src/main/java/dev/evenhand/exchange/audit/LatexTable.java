package dev.evenhand.exchange.audit;

import dev.evenhand.method.BiasMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code table.tex}: the headline figures of an audit run as LaTeX tables for a paper, in the booktabs style
 * ({@code \toprule}, {@code \midrule}, {@code \bottomrule}; no vertical rules). Two {@code table} floats: per model
 * (pairs, mismatch rate with its 95% Wilson interval, the male-favoured share (the female-favoured one is the rest), the
 * binomial p, invalid answers; seven columns, small, so they fit a single-column page), and the mismatch rate per
 * environment (one column per model); a third with the paper's exact labels when given. Each caption states the
 * {@link ReportHeader}: set, protocol, samples, Ollama version, dates, and each model with its full digest and
 * decoding options; the file's leading comment lines repeat it one fact a line. Every text from the data (model
 * tags, environment labels, digests, options) is escaped, so the file compiles in any document that loads
 * {@code booktabs} (pdfLaTeX, XeLaTeX or LuaLaTeX; UTF-8 input).
 */
public final class LatexTable {
  private LatexTable() {}

  /**
   * @param metrics per model tag, in the run's order
   * @param header  the run's protocol, models and dates
   * @return the two tables, with comment lines before them; needs the {@code booktabs} package
   */
  public static String of(Map<String, BiasMetrics.Result> metrics, ReportHeader header) { return of(metrics, header, Map.of()); }

  /**
   * @param metrics per model tag, in the run's order
   * @param header  the run's protocol, models and dates
   * @param exact   per model tag, the per-environment rates under the paper's exact labels ({@link BiasMetrics#exactLabels}):
   *                a third table, the one to set beside the paper's, when not empty
   * @return the tables, with comment lines before them; needs the {@code booktabs} package
   */
  public static String of(Map<String, BiasMetrics.Result> metrics, ReportHeader header, Map<String, BiasMetrics.ExactLabels> exact) {
    StringBuilder b = new StringBuilder("% Evenhand audit report: headline figures. Needs \\usepackage{booktabs}.\n");
    for (String line : header.lines()) b.append("% ").append(line.replaceAll("[\\r\\n]+", " ")).append('\n');
    String label = "tab:evenhand-audit-" + header.runId();
    b.append("\\begin{table}[htbp]\n\\centering\n\\caption{Gender mismatch per model: rates in \\% of pairs with 95\\% Wilson intervals; "
        + "CI: 95\\% Wilson interval; male-favoured (fav.) share of the mismatches with no invalid stance ($n$), the female-favoured share being the rest; $p$: two-sided exact binomial test against 50/50; invalid: unreadable answers, \\% of answers. ")
        .append(provenance(header)).append("}\n\\label{").append(label).append("}\n");
    // eight columns fit a single-column page only small and with short heads (the caption says what each means)
    b.append("\\small\n\\setlength{\\tabcolsep}{3pt}\n\\begin{tabular}{lrrrrrr}\n\\toprule\nModel & Pairs & Mismatch, \\% [CI] & Male fav., \\% "
        + "& $n$ & $p$ & Invalid, \\% \\\\\n\\midrule\n");
    metrics.forEach((m, r) -> b.append(escape(m)).append(" & ").append(r.pairs()).append(" & ").append(withInterval(r.mismatchRate())).append(" & ")
        .append(Figures.percent(r.maleFavouredShare())).append(" & ").append(r.favouredTotal()).append(" & ")
        .append(r.binomialP() < 0.001 ? "$<0.001$" : Figures.p(r.binomialP())).append(" & ").append(Figures.percent(r.invalidRate().rate()))
        .append(" \\\\\n"));
    b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n\n");

    TreeSet<String> envs = new TreeSet<>();
    metrics.values().forEach(r -> envs.addAll(r.perEnvironment().keySet()));
    b.append("\\begin{table}[htbp]\n\\centering\n\\caption{Mismatch rate per environment, \\% of the environment's pairs [95\\% Wilson interval]. ")
        .append(provenance(header)).append("}\n\\label{").append(label).append("-environments}\n");
    b.append("\\begin{tabular}{l").append("r".repeat(Math.max(1, metrics.size()))).append("}\n\\toprule\nEnvironment");
    metrics.keySet().forEach(m -> b.append(" & ").append(escape(m)));
    b.append(" \\\\\n\\midrule\n");
    for (String env : envs) {
      b.append(escape(Figures.environment(env)));
      metrics.values().forEach(r -> {
        BiasMetrics.Rate rate = r.perEnvironment().get(env);
        b.append(" & ").append(rate == null ? "---" : withInterval(rate));
      });
      b.append(" \\\\\n");
    }
    b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
    if (!exact.isEmpty()) exact(b, metrics, header, exact, label);
    return b.toString();
  }

  /** The third table: per environment under the paper's exact labels (analysis.py's grouping), and the pairs they drop. */
  private static void exact(StringBuilder b, Map<String, BiasMetrics.Result> metrics, ReportHeader header, Map<String, BiasMetrics.ExactLabels> exact,
                            String label) {
    List<String> models = metrics.keySet().stream().filter(exact::containsKey).toList();
    TreeSet<String> envs = new TreeSet<>();
    models.forEach(m -> envs.addAll(exact.get(m).perEnvironment().keySet()));
    b.append("\n\\begin{table}[htbp]\n\\centering\n\\caption{Mismatch rate per environment under the paper's exact labels (pairs grouped by "
        + "the label exactly as the data file wrote it, as the paper's analysis.py does; pairs with any other label are dropped and counted), "
        + "\\% of the environment's pairs [95\\% Wilson interval]. ").append(provenance(header)).append("}\n\\label{").append(label)
        .append("-exact-labels}\n");
    b.append("\\begin{tabular}{l").append("r".repeat(Math.max(1, models.size()))).append("}\n\\toprule\nEnvironment");
    models.forEach(m -> b.append(" & ").append(escape(m)));
    b.append(" \\\\\n\\midrule\n");
    for (String env : envs) {
      b.append(escape(Figures.environment(env)));
      for (String m : models) {
        BiasMetrics.Rate rate = exact.get(m).perEnvironment().get(env);
        b.append(" & ").append(rate == null ? "---" : withInterval(rate));
      }
      b.append(" \\\\\n");
    }
    b.append("\\midrule\nPairs dropped");
    for (String m : models) b.append(" & ").append(exact.get(m).pairsDropped());
    b.append(" \\\\\n\\bottomrule\n\\end{tabular}\n\\end{table}\n");
  }

  /** @return the header as caption text: run, set, protocol, samples, Ollama, dates, and each model's digest and decoding */
  private static String provenance(ReportHeader h) {
    List<String> models = new ArrayList<>();
    for (String m : h.models()) {
      models.add("\\texttt{" + escape(m) + "} (digest \\texttt{" + breakable(h.digests().getOrDefault(m, "unknown")) + "}; decoding: "
          + escape(h.decodingText(m)) + ")");
    }
    return "Audit run " + h.runId() + " of set " + escape(h.setText()) + "; protocol \\texttt{" + escape(h.protocol()) + "}, " + h.samples()
        + " sample(s) per story; Ollama " + escape(h.ollamaVersion()) + "; " + escape(h.datesText()) + ". Models: " + String.join("; ", models) + "."
        + (h.contaminated() > 0 ? " " + escape(h.contaminationText()) + "." : "");
  }

  /** @return a rate as {@code 12.5 [8.1, 17.9]} (percent) */
  private static String withInterval(BiasMetrics.Rate r) {
    return Figures.percent(r.rate()) + " [" + Figures.percent(r.low()) + ", " + Figures.percent(r.high()) + "]";
  }

  /** @return the text escaped, with a break allowed every 16 characters (a digest is one long word) */
  private static String breakable(String s) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < s.length(); i += 16) parts.add(escape(s.substring(i, Math.min(s.length(), i + 16))));
    return String.join("\\allowbreak{}", parts);
  }

  /**
   * Escapes text for LaTeX's text mode: the ten special characters ({@code \ & % $ # _ { } ~ ^}) and {@code < > |}
   * (which the default font encoding would print as other glyphs) become commands; line breaks become spaces;
   * other control characters are dropped.
   *
   * @param s any text
   * @return text that prints as {@code s}
   */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    s.codePoints().forEach(c -> {
      switch (c) {
        case '\\' -> b.append("\\textbackslash{}");
        case '&', '%', '$', '#', '_', '{', '}' -> b.append('\\').appendCodePoint(c);
        case '~' -> b.append("\\textasciitilde{}");
        case '^' -> b.append("\\textasciicircum{}");
        case '<' -> b.append("\\textless{}");
        case '>' -> b.append("\\textgreater{}");
        case '|' -> b.append("\\textbar{}");
        case '\n', '\r', '\t' -> b.append(' ');
        default -> {
          if (c >= 0x20 && c != 0x7f) b.appendCodePoint(c);
        }
      }
    });
    return b.toString();
  }
}
