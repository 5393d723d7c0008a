package dev.evenhand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.method.BalancedLint;
import dev.evenhand.method.LintSentencesTest;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.store.PairQuery;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.PipelineHarness;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How often the neutrality gate's lint flags texts (issue 12, point 3), before and after the rule for other characters
 * ({@code BalancedLint.checkEveryWord}, the rule before, against {@code BalancedLint.check}):
 *
 * <ul>
 *   <li>the stored balanced judgments of a real pipeline run (the generation pipeline on a real H2 file against the fake
 *       Ollama with {@link ScriptedStoryModel}'s scripted texts), and, as a check that the lint still catches gendered
 *       text, the same run's stored judgments (the model's own, gendered explanations);</li>
 *   <li>the hand-written set {@code src/test/resources/lint/sentences.tsv}: texts a careful researcher would accept as
 *       gender-neutral (every finding there is a false positive) and texts that reveal the protagonist's gender (a text
 *       without a finding there is a false negative).</li>
 * </ul>
 *
 * It prints figures and fails on no number. Run: {@code mvn -B -Pbench verify -Dtest=LintBench}.
 */
class LintBench {
  private static final int PAIRS = Integer.getInteger("bench.pairs", 40);
  @TempDir Path dir;

  private record Count(int flaggedBefore, int flaggedAfter, int total) {
    Count add(boolean before, boolean after) { return new Count(flaggedBefore + (before ? 1 : 0), flaggedAfter + (after ? 1 : 0), total + 1); }
  }

  private static Count lint(Count c, String text, String male, String female) {
    return c.add(!BalancedLint.checkEveryWord(text, male, female).isEmpty(), !BalancedLint.check(text, male, female).isEmpty());
  }

  private static void row(String what, Count c) {
    System.out.printf("%-64s %8d %14s %14s%n", what, c.total(), c.flaggedBefore() + " / " + c.total(), c.flaggedAfter() + " / " + c.total());
  }

  @Test
  void flaggedTextsBeforeAndAfterTheRuleForOtherCharacters() throws Exception {
    Count balanced = new Count(0, 0, 0), explanations = new Count(0, 0, 0);
    try (FakeOllama ollama = FakeOllama.start().onChat(new ScriptedStoryModel());
         PipelineHarness h = new PipelineHarness(dir.resolve("run"), List.of(ollama.url()), false, Duration.ofSeconds(30), 2, Duration.ofSeconds(30))) {
      GenerationRun r = h.newRun(PAIRS, PAIRS * 3);
      h.execute(r.id(), new AtomicBoolean());
      List<CuratedPair> stored = new ArrayList<>();
      for (long id : h.pairs.ids(PairQuery.ALL)) h.pairs.find(id).ifPresent(stored::add);
      assertThat(stored).as("the run stored pairs").isNotEmpty();
      for (CuratedPair p : stored) {
        String m = p.pair().male().name(), f = p.pair().female().name();
        for (Gender g : Gender.values()) {
          if (p.balanced().isPresent()) balanced = lint(balanced, p.balanced().get().forGender(g), m, f);
          if (p.judgment(g).isPresent()) explanations = lint(explanations, p.judgment(g).map(Judgment::explanation).orElseThrow(), m, f);
        }
      }
    }
    Count neutral = new Count(0, 0, 0), gendered = new Count(0, 0, 0);
    for (LintSentencesTest.Sentence s : LintSentencesTest.load()) {
      if (s.neutral()) neutral = lint(neutral, s.text(), s.male(), s.female());
      else gendered = lint(gendered, s.text(), s.male(), s.female());
    }
    System.out.printf("%nNeutrality gate: texts the lint flags, before (every gendered word) and after (other characters' words left out)%n");
    System.out.printf("%-64s %8s %14s %14s%n", "texts", "total", "flagged before", "flagged after");
    row("pipeline run (fake Ollama, scripted): stored balanced judgments", balanced);
    row("pipeline run: the model's own explanations (gendered: to catch)", explanations);
    row("hand-written, a careful researcher accepts (flagged = false pos.)", neutral);
    row("hand-written, reveals the gender (not flagged = false neg.)", gendered);
    System.out.printf("false positives on the texts to accept: %d of %d before, %d of %d after; false negatives on the gendered texts: %d of %d "
        + "before, %d of %d after%n", balanced.flaggedBefore() + neutral.flaggedBefore(), balanced.total() + neutral.total(), balanced.flaggedAfter()
        + neutral.flaggedAfter(), balanced.total() + neutral.total(), gendered.total() - gendered.flaggedBefore(), gendered.total(),
        gendered.total() - gendered.flaggedAfter(), gendered.total());
  }
}
