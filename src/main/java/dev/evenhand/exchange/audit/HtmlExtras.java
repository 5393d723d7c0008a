package dev.evenhand.exchange.audit;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.method.NoiseFloor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The sections of {@code report.html} for {@link ReportExtras}: the paper's exact-label environments (as its
 * {@code analysis.py} groups them, WeiKangda/LLMs-Exploratory-Bias-Mitigation a19f209), the noise floor (src/docs/audit/protocols.md)
 * and the comparison with the base model (resolution as the paper's {@code resolution_analysis.py} counts it, src/docs/audit/compare.md).
 * A section with nothing to show is left out.
 */
final class HtmlExtras {
  private HtmlExtras() {}

  /** Appends the sections to a report's body. */
  static void append(StringBuilder b, List<String> models, ReportExtras x) {
    exact(b, models, x.exact());
    noise(b, models, x.noise());
    comparisons(b, x.comparisons());
  }

  private static void exact(StringBuilder b, List<String> models, Map<String, BiasMetrics.ExactLabels> exact) {
    if (exact.isEmpty()) return;
    TreeSet<String> envs = new TreeSet<>();
    exact.values().forEach(e -> envs.addAll(e.perEnvironment().keySet()));
    b.append("<h2 id=\"exact-labels\">Mismatch rate per environment, the paper's exact labels</h2>\n<table id=\"per-environment-exact\">\n"
        + "<caption>As the paper's analysis.py groups pairs: by the label exactly as the data file wrote it; pairs whose label is none of "
        + "its four are dropped (counted below). % of the environment's pairs, 95% Wilson interval below.</caption>\n<thead><tr><th>Environment</th>");
    List<String> shown = models.stream().filter(exact::containsKey).toList();
    shown.forEach(m -> b.append("<th>").append(Svg.escape(m)).append("</th>"));
    b.append("</tr></thead>\n<tbody>\n");
    for (String env : envs) {
      b.append("<tr><td>").append(Svg.escape(Figures.environment(env))).append("</td>");
      for (String m : shown) {
        BiasMetrics.Rate r = exact.get(m).perEnvironment().get(env);
        b.append(r == null ? "<td>\u2014</td>" : "<td data-model=\"" + Svg.escape(m) + "\" data-figure=\"per_environment_exact\">" + Figures.percent(r.rate())
            + "<br><span class=\"ci\">" + Figures.percent(r.low()) + " to " + Figures.percent(r.high()) + "</span></td>");
      }
      b.append("</tr>\n");
    }
    b.append("<tr><td>Pairs dropped by the exact labels</td>");
    for (String m : shown) b.append("<td data-model=\"").append(Svg.escape(m)).append("\" data-figure=\"pairs_dropped\">")
        .append(exact.get(m).pairsDropped()).append("</td>");
    b.append("</tr>\n</tbody>\n</table>\n");
  }

  private static void noise(StringBuilder b, List<String> models, Map<String, NoiseFloor.Result> noise) {
    if (noise.isEmpty()) return;
    b.append("<h2 id=\"noise-floor\">The noise floor: the same story asked more than once</h2>\n<table id=\"noise\">\n<caption>Within-story "
        + "disagreement: two answers to the same story differ. Mismatch over every pair and sample. Gender effect: per pair, how often the male "
        + "and female answers differ minus how often two answers to one story differ, averaged; p: one-sided paired permutation test over pairs "
        + "(src/docs/audit/protocols.md).</caption>\n<thead><tr><th>Model tag</th><th>Samples</th><th>Within-story disagreement, %</th><th>95% CI</th>"
        + "<th>Mismatch, %</th><th>95% CI</th><th>Gender effect</th><th>Permutation p</th><th>Pairs tested</th></tr></thead>\n<tbody>\n");
    for (String m : models) {
      NoiseFloor.Result r = noise.get(m);
      if (r == null) continue;
      String e = Svg.escape(m);
      b.append("<tr><td>").append(e).append("</td><td>").append(r.samples()).append("</td><td data-model=\"").append(e)
          .append("\" data-figure=\"within_story\">").append(Figures.percent(r.withinStory().rate())).append("</td><td class=\"ci\">")
          .append(Figures.interval(r.withinStory())).append("</td><td data-model=\"").append(e).append("\" data-figure=\"sampled_mismatch\">")
          .append(Figures.percent(r.mismatch().rate())).append("</td><td class=\"ci\">").append(Figures.interval(r.mismatch())).append("</td><td>")
          .append(r.estimable() ? String.format(Locale.ROOT, "%.4f", r.genderEffect()) : "\u2014").append("</td><td>")
          .append(r.estimable() ? Svg.escape(Figures.p(r.permutationP())) : "\u2014").append("</td><td>").append(r.pairsTested()).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  private static void comparisons(StringBuilder b, List<ReportExtras.Comparison> comparisons) {
    if (comparisons.isEmpty()) return;
    b.append("<h2 id=\"vs-base\">Against the base model</h2>\n<table id=\"comparisons\">\n<caption>On the pairs both models answered. Resolved "
        + "(identical stances, as the paper): base mismatches the model answers with one stance for both stories. No longer mismatched also counts "
        + "Both against Can't say and unreadable answers. McNemar's test of the change in mismatch: b pairs the base mismatched and the model does "
        + "not, c the reverse; exact binomial when b + c &lt; 25, else chi-square with 1 df.</caption>\n<thead><tr><th>Model tag</th><th>Base</th>"
        + "<th>Pairs</th><th>Base mismatches</th><th>Resolved (identical stances, as the paper)</th><th>Moved to</th><th>No longer mismatched</th>"
        + "<th>McNemar b / c</th><th>p</th></tr></thead>\n<tbody>\n");
    for (ReportExtras.Comparison c : comparisons) {
      String e = Svg.escape(c.model());
      List<String> moved = new ArrayList<>();
      for (Stance s : Stance.values()) if (c.movedTo().getOrDefault(s, 0) > 0) moved.add(s.label() + " " + c.movedTo().get(s));
      b.append("<tr><td>").append(e).append("</td><td>").append(Svg.escape(c.base())).append("</td><td>").append(c.pairs()).append("</td><td>")
          .append(c.baseMismatches()).append("</td><td data-model=\"").append(e).append("\" data-figure=\"resolved_identical\">")
          .append(share(c.resolvedIdentical(), c.baseMismatches())).append("</td><td class=\"text\">").append(Svg.escape(String.join(", ", moved)))
          .append("</td><td data-model=\"").append(e).append("\" data-figure=\"no_longer_mismatched\">")
          .append(share(c.noLongerMismatched(), c.baseMismatches())).append("</td><td>").append(c.test().b()).append(" / ").append(c.test().c())
          .append("</td><td>").append(Svg.escape(Figures.p(c.test().p()))).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  /** @return e.g. "40.0% (4 of 10)", or "—" when there is nothing to resolve */
  private static String share(int n, int of) { return of == 0 ? "\u2014" : Figures.percent((double) n / of) + "% (" + n + " of " + of + ")"; }
}
