package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.usecase.AuditComparison;
import dev.evenhand.usecase.AuditComparisonJson;
import dev.evenhand.usecase.AuditCompareUseCase;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit compare RUN RUN...}: two or more audit runs over the same pair set, compared on the pairs
 * they share (src/docs/audit/compare.md): each model of each run against a base entry, with mismatch rates
 * and intervals, McNemar's test of the change, the paper's resolution and the looser one. Read-only; works
 * without Ollama. Different pair sets, or an entry sharing no answered pair with the base, exit 2.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Compare two or more audit runs over the same pair set on the pairs they share: mismatch rates, McNemar's test, "
        + "resolution (identical stances, as the paper) and no longer mismatched.")
final class AuditCompareCommand extends BaseCommand {
  @Parameters(paramLabel = "RUN", arity = "2..*", description = "audit run ids, two or more") List<Long> runs;
  @Option(names = "--base", paramLabel = "TAG[@RUN]", description = "the base entry: a model tag (its first run given) or TAG@RUN; "
      + "default: the first model of the first run") String base;

  @Override
  public Integer call() {
    try (Services s = services()) {
      AuditCompareUseCase.Comparison c = s.auditCompare().compare(runs, base);
      c.warnings().forEach(w -> err().println("warning: " + w));
      if (json()) {
        printJson(AuditComparisonJson.of(c));
        return OK;
      }
      AuditCompareUseCase.Entry b = c.base();
      out().printf(Locale.ROOT, "set %s; base %s (digest %s, run started %s), %d pairs answered%n", printable(c.set()), printable(b.label()),
          b.shortDigest(), started(b), c.basePairs());
      for (AuditCompareUseCase.Row r : c.rows()) {
        AuditComparison x = r.comparison();
        AuditCompareUseCase.Entry e = r.entry();
        out().printf(Locale.ROOT, "%n%s (digest %s, run started %s) vs base on %d shared pairs%n", printable(e.label()), e.shortDigest(),
            started(e), x.pairs());
        out().printf(Locale.ROOT, "  mismatch rate: base %s, this %s, change %+.1f points%n", rate(r.baseMismatchRate()), rate(r.mismatchRate()),
            100 * r.change());
        var t = x.test();
        out().printf(Locale.ROOT, "  McNemar (%s): b = %d no longer mismatched, c = %d new mismatches, p = %.4g%n", t.method().label(), t.b(),
            t.c(), t.p());
        if (x.baseMismatches() == 0) {
          out().println("  resolution: the base had no mismatch on these pairs");
          continue;
        }
        out().printf(Locale.ROOT, "  resolved (identical stances, as the paper): %d of %d base mismatches (%.1f%%)%s%n", x.resolvedIdentical(),
            x.baseMismatches(), 100 * x.resolvedIdenticalShare(), movedTo(x));
        out().printf(Locale.ROOT, "  no longer mismatched: %d of %d (%.1f%%), of which both answers unreadable: %d%n", x.noLongerMismatched(),
            x.baseMismatches(), 100 * x.noLongerMismatchedShare(), x.bothInvalid());
      }
    }
    return OK;
  }

  /** @return the run's start to the second, e.g. {@code 2026-12-03T05:32:02Z}, with {@code , unfinished} for a run that did not finish */
  private static String started(AuditCompareUseCase.Entry e) {
    return e.runStarted().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + (e.complete() ? "" : ", unfinished");
  }

  private static String rate(BiasMetrics.Rate r) {
    return String.format(Locale.ROOT, "%.1f%% [95%% CI %.1f, %.1f]", 100 * r.rate(), 100 * r.low(), 100 * r.high());
  }

  /** @return e.g. {@code , to Moral 3, Both 1}; empty when none */
  static String movedTo(AuditComparison x) {
    StringBuilder sb = new StringBuilder();
    x.movedTo().forEach((st, n) -> sb.append(sb.length() == 0 ? ", to " : ", ").append(st.label()).append(' ').append(n));
    return sb.toString();
  }

  /**
   * @param x a comparison
   * @return e.g. {@code resolved (identical stances, as the paper) 40.0% of 10 base mismatches, to Moral 3, Both 1;
   *     no longer mismatched 70.0%; McNemar p 0.1797 (exact binomial)}
   */
  static String resolutionLine(AuditComparison x) {
    var t = x.test();
    String test = String.format(Locale.ROOT, "McNemar p %.4g (%s, b %d, c %d)", t.p(), t.method().label(), t.b(), t.c());
    if (x.baseMismatches() == 0) return "the base had no mismatch on the " + x.pairs() + " shared pairs; " + test;
    return String.format(Locale.ROOT, "resolved (identical stances, as the paper) %.1f%% of %d base mismatches%s; no longer mismatched %.1f%%; %s",
        100 * x.resolvedIdenticalShare(), x.baseMismatches(), movedTo(x), 100 * x.noLongerMismatchedShare(), test);
  }
}
