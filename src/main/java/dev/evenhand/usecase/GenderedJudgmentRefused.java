package dev.evenhand.usecase;

import dev.evenhand.domain.GenderedWord;
import dev.evenhand.method.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An accept that the neutrality gate refused (issue 12): the balanced judgment the pair would be accepted with is
 * flagged by the lint ({@code BalancedLint}), and no override was given. Nothing was saved. The CLI prints the
 * message and exits with 2 (invalid input, DESIGN.md); the Review screen asks for a confirmation before it accepts.
 */
public final class GenderedJudgmentRefused extends InvalidInputException {
  /** Pairs named in the message at most; the rest are counted. */
  static final int NAMED = 20;
  private final transient Map<Long, List<GenderedWord>> findings;

  /**
   * @param findings the refused pairs, in order, each with the lint's findings (never empty)
   */
  public GenderedJudgmentRefused(Map<Long, List<GenderedWord>> findings) {
    super(message(findings));
    this.findings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(findings));
  }

  /** @return the refused pairs with their findings */
  public Map<Long, List<GenderedWord>> findings() { return findings; }

  /**
   * @param findings refused pairs with their findings
   * @return one line: each pair (the first {@value #NAMED}) with its flagged words, then what to do
   */
  static String message(Map<Long, List<GenderedWord>> findings) {
    String pairs = findings.entrySet().stream().limit(NAMED).map(e -> "pair " + e.getKey() + ": " + describe(e.getValue()))
        .collect(Collectors.joining("; "));
    int more = findings.size() - Math.min(NAMED, findings.size());
    return "not gender-neutral, nothing was accepted: " + pairs + (more > 0 ? "; and " + more + " more pair" + (more == 1 ? "" : "s") : "")
        + ". Edit the balanced judgment, or accept it anyway with --allow-gendered (recorded in the review history as an override)";
  }

  /** @return e.g. {@code male "he" (gendered pronoun), female "Ann" (protagonist's name)} */
  public static String describe(List<GenderedWord> words) {
    return words.stream().map(GenderedWord::toString).collect(Collectors.joining(", "));
  }
}
