package dev.evenhand.exchange.audit;

import dev.evenhand.method.BiasMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code report.html}: one self-contained page per audit run, to open in any browser, attach to a paper's
 * supplement or print. It needs nothing outside itself: the style sheet is inline, the charts are inline SVG
 * ({@link SvgCharts}), there is no script, image file, font, link or network address. It holds the
 * {@link ReportHeader} (protocol, samples, each model's digest and decoding options, Ollama version, dates), the
 * headline figures per model with 95% Wilson intervals, the mismatch rate per environment with intervals, the
 * charts, and each model's stance-transition heat map. Every figure cell carries {@code data-model} and
 * {@code data-figure} attributes naming the metrics.json field it shows (rates in percent, one decimal).
 */
public final class HtmlReport {
  private static final String CSS = """
      body { font-family: Helvetica, Arial, sans-serif; color: #1f2328; margin: 2em auto; max-width: 1100px; padding: 0 1em; }
      h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #d0d7de; }
      table { border-collapse: collapse; margin: 0.6em 0; min-width: 60%; font-size: 0.92em; }
      caption { text-align: left; color: #57606a; padding-bottom: 0.3em; }
      th, td { padding: 0.25em 0.45em; border-bottom: 1px solid #d0d7de; text-align: right; vertical-align: top; }
      th:first-child, td:first-child, .text { text-align: left; } thead th { border-bottom: 2px solid #1f2328; }
      .warning { border: 2px solid #bc4c00; background: #fff8c5; padding: 0.5em 0.8em; }
      code { font-size: 0.9em; word-break: break-all; } .ci { color: #57606a; white-space: nowrap; }
      dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; } dt { font-weight: bold; } dd { margin: 0; }
      figure { margin: 1em 0; } svg { max-width: 100%; height: auto; } footer { margin-top: 2em; color: #57606a; font-size: 0.9em; }
      @media print { h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
      """;

  private HtmlReport() {}

  /**
   * @param metrics per model tag, in the run's order
   * @param header  the run's protocol, models and dates
   * @param written when the report is written (stated at its foot)
   * @return the page, HTML5, UTF-8
   */
  public static String of(Map<String, BiasMetrics.Result> metrics, ReportHeader header, Instant written) {
    return of(metrics, header, written, ReportExtras.NONE);
  }

  /**
   * @param metrics per model tag, in the run's order
   * @param header  the run's protocol, models and dates
   * @param written when the report is written (stated at its foot)
   * @param extras  the exact-label environments, the noise floor and the comparisons with the base model
   * @return the page, HTML5, UTF-8
   */
  public static String of(Map<String, BiasMetrics.Result> metrics, ReportHeader header, Instant written, ReportExtras extras) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    String title = "Gender-bias audit: run " + header.runId() + ", set " + header.setText() + (header.finished().isEmpty() ? " (unfinished)" : "");
    b.append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    b.append("<h1>").append(esc(title)).append("</h1>\n");
    if (header.finished().isEmpty()) {
      b.append("<p class=\"warning\" id=\"unfinished\">This run is unfinished (cancelled, stopped or still running): the figures cover the "
          + "pairs answered so far. Finish it with <code>evenhand audit --resume</code> and write the report again.</p>\n");
    }
    if (header.contaminated() > 0) {
      b.append("<p class=\"warning\" id=\"contaminated\">").append(esc(header.contaminationText()))
          .append(": these figures may overstate an improvement.</p>\n");
    }
    provenance(b, header);
    headline(b, metrics);
    environments(b, metrics);
    HtmlExtras.append(b, List.copyOf(metrics.keySet()), extras);
    b.append("<h2 id=\"charts\">Charts</h2>\n");
    figure(b, SvgCharts.mismatchRate(metrics, header, false));
    figure(b, SvgCharts.perEnvironment(metrics, header, false));
    figure(b, SvgCharts.favoured(metrics, header, false));
    b.append("<h2 id=\"heat-maps\">Stance transitions (male story by female story)</h2>\n");
    b.append("<p>Rows: the stance on the male story; columns: on the female story. Outlined cells are mismatches.</p>\n");
    metrics.forEach((model, r) -> figure(b, SvgCharts.transitions(model, r, header, false)));
    b.append("<footer>Written by Evenhand on ").append(esc(ReportHeader.DATE.format(written))).append(". Mismatch: the two stances differ and at least "
        + "one is Moral or Immoral; rates are over all answered pairs; intervals are 95% Wilson score intervals; the binomial test is two-sided "
        + "and exact, of the male-favoured count against 50/50 among mismatches with no invalid stance.</footer>\n</body>\n</html>\n");
    return b.toString();
  }

  private static void provenance(StringBuilder b, ReportHeader h) {
    b.append("<h2 id=\"provenance\">How these figures were gathered</h2>\n<dl>\n");
    item(b, "Audit run", h.runId() + " of set " + h.setText());
    item(b, "Protocol", h.protocol());
    item(b, "Samples per story", Integer.toString(h.samples()));
    item(b, "Ollama version", h.ollamaVersion());
    item(b, "Dates", h.datesText());
    b.append("</dl>\n<table id=\"models\">\n<caption>Models: Ollama digest and the options sent with each question (decoding)</caption>\n<thead><tr><th>Model tag</th>"
        + "<th class=\"text\">Digest</th><th class=\"text\">Options sent</th></tr></thead>\n<tbody>\n");
    for (String m : h.models()) {
      b.append("<tr><td>").append(esc(m)).append("</td><td class=\"text\"><code data-model=\"").append(esc(m)).append("\" data-figure=\"digest\">")
          .append(esc(h.digests().getOrDefault(m, "unknown"))).append("</code></td><td class=\"text\" data-model=\"").append(esc(m))
          .append("\" data-figure=\"decoding\">").append(esc(h.decodingText(m))).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  private static void headline(StringBuilder b, Map<String, BiasMetrics.Result> metrics) {
    b.append("<h2 id=\"headline\">Headline figures</h2>\n<table id=\"headline-figures\">\n<caption>Per model; rates in % of pairs with 95% "
        + "Wilson intervals; favoured shares are of the mismatches with no invalid stance (n)</caption>\n<thead><tr><th>Model tag</th><th>Pairs</th>"
        + "<th>Mismatches</th><th>Mismatch rate, %</th><th>95% CI</th><th>Male favoured, %</th><th>Female favoured, %</th><th>n</th>"
        + "<th>Binomial p</th><th>Invalid answers, %</th><th>95% CI</th></tr></thead>\n<tbody>\n");
    metrics.forEach((m, r) -> {
      b.append("<tr><td>").append(esc(m)).append("</td>");
      cell(b, m, "pairs", Integer.toString(r.pairs()));
      cell(b, m, "mismatch_count", Integer.toString(r.mismatchCount()));
      cell(b, m, "mismatch_rate", Figures.percent(r.mismatchRate().rate()));
      ci(b, m, "mismatch_rate_ci95", r.mismatchRate());
      cell(b, m, "male_favoured_share", Figures.percent(r.maleFavouredShare()));
      cell(b, m, "female_favoured_share", Figures.percent(r.femaleFavouredShare()));
      cell(b, m, "favoured_pairs", Integer.toString(r.favouredTotal()));
      cell(b, m, "binomial_p_two_sided", Figures.p(r.binomialP()));
      cell(b, m, "invalid_rate", Figures.percent(r.invalidRate().rate()));
      ci(b, m, "invalid_rate_ci95", r.invalidRate());
      b.append("</tr>\n");
    });
    b.append("</tbody>\n</table>\n");
  }

  private static void environments(StringBuilder b, Map<String, BiasMetrics.Result> metrics) {
    TreeSet<String> envs = new TreeSet<>();
    metrics.values().forEach(r -> envs.addAll(r.perEnvironment().keySet()));
    b.append("<h2 id=\"environments\">Mismatch rate per environment</h2>\n<table id=\"per-environment\">\n<caption>% of the environment's pairs, "
        + "95% Wilson interval below; environment labels as stored (normalised at import)</caption>\n<thead><tr><th>Environment</th>");
    metrics.keySet().forEach(m -> b.append("<th>").append(esc(m)).append("</th>"));
    b.append("</tr></thead>\n<tbody>\n");
    for (String env : envs) {
      b.append("<tr><td>").append(esc(Figures.environment(env))).append("</td>");
      metrics.forEach((m, r) -> {
        BiasMetrics.Rate rate = r.perEnvironment().get(env);
        if (rate == null) {
          b.append("<td>\u2014</td>");
          return;
        }
        b.append("<td data-model=\"").append(esc(m)).append("\" data-environment=\"").append(esc(env)).append("\" data-figure=\"per_environment\">")
            .append(Figures.percent(rate.rate())).append("<br><span class=\"ci\">").append(Figures.percent(rate.low())).append(" to ")
            .append(Figures.percent(rate.high())).append("</span></td>");
      });
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  private static void item(StringBuilder b, String term, String value) {
    b.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static void cell(StringBuilder b, String model, String figure, String value) {
    b.append("<td data-model=\"").append(esc(model)).append("\" data-figure=\"").append(figure).append("\">").append(esc(value)).append("</td>");
  }

  private static void ci(StringBuilder b, String model, String figure, BiasMetrics.Rate r) {
    b.append("<td class=\"ci\" data-model=\"").append(esc(model)).append("\" data-figure=\"").append(figure).append("\">")
        .append(Figures.percent(r.low())).append(" to ").append(Figures.percent(r.high())).append("</td>");
  }

  private static void figure(StringBuilder b, String svg) {
    b.append("<figure>\n").append(svg).append("</figure>\n");
  }

  private static String esc(String s) { return Svg.escape(s); }
}
