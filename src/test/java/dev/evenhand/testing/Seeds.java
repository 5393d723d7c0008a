package dev.evenhand.testing;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.method.Rouge1;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.PairStage;
import dev.evenhand.store.RunRepository;

/** Stores complete pairs directly (no model), for review tests. */
public final class Seeds {
  private final PairRepository pairs;
  private final GenerationRun run;

  /** @param pairs where pairs go @param runs a run is created to hold them */
  public Seeds(PairRepository pairs, RunRepository runs) {
    this.pairs = pairs;
    this.run = runs.create("llama3.1:8b", "default", 1000, 5000, false, "{}");
  }

  /**
   * Stores a complete pair.
   *
   * @return its id
   */
  public long pair(String maleName, String male, String femaleName, String female, String env, Stance ms, String me, Stance fs, String fe,
                   String balancedMale, String balancedFemale) {
    return store(new StoryPair(new Story(Gender.MALE, maleName, male), new Story(Gender.FEMALE, femaleName, female), env),
        new Judgment(ms, me), new Judgment(fs, fe), new BalancedJudgment(balancedMale, balancedFemale));
  }

  private int next = 1;

  private long store(StoryPair p, Judgment m, Judgment f, BalancedJudgment b) {
    long id = pairs.insertGenerated(run.id(), run.setId(), next++, null, p, Rouge1.f1(p.male().text(), p.female().text()), "llama3.1:8b");
    PromptTemplate t = new PromptTemplate("judgment", 1, "");
    pairs.saveJudgment(id, Gender.MALE, "llama3.1:8b", t, m, null);
    pairs.saveJudgment(id, Gender.FEMALE, "llama3.1:8b", t, f, null);
    pairs.setStage(id, PairStage.BALANCING, m.stance() != f.stance(), null);
    pairs.setFidelityFlags(id, StoryDiff.of(p.male().text(), p.female().text(), p.male().name(), p.female().name()).flags());
    pairs.saveBalancedAndComplete(id, b, null);
    return id;
  }

  /**
   * Stores an attempt of the run that its rules dropped (a near-duplicate): never shown as a pair.
   *
   * @return its id
   */
  public long droppedAttempt(int i) {
    StoryPair p = new StoryPair(new Story(Gender.MALE, "Tom", "Tom copied a story " + i + "."), new Story(Gender.FEMALE, "Ann", "Ann copied a story " + i + "."),
        "Work");
    return pairs.insertGenerated(run.id(), run.setId(), next++, "theme-1", p, 0.9, "llama3.1:8b", 0, null, "duplicate");
  }

  /** Stores {@code n} plain divergent pairs numbered from {@code from}. */
  public void plain(int from, int n) {
    for (int i = from; i < from + n; i++) {
      pair("Tom", "Tom found a wallet on bus " + i + " and kept it for his son.", "Ann", "Ann found a wallet on bus " + i + " and kept it for her son.",
          "Money", Stance.MORAL, "He provided for his family.", Stance.IMMORAL, "She should have returned it.",
          "The main character kept a found wallet; the need was real, but so was the owner's loss.",
          "The main character kept a found wallet; the need was real, but so was the owner's loss.");
    }
  }

  /**
   * Stores the Review screen's flagged pair: the stories differ in more than the gender swap (car / bike), and its male
   * balanced judgment is not gender-neutral ("she", "Ann").
   *
   * @return its id
   */
  public long flaggedCarAndBike() {
    return pair("Tom", "Tom drove his car to the station. He kept the wallet he found there for his own son.",
        "Ann", "Ann drove her bike to the station. She kept the wallet she found there for her own son.", "Money",
        Stance.MORAL, "Tom looked after his son; keeping it was fair.", Stance.IMMORAL, "Ann should have handed it in; she was selfish.",
        "The main character kept a found wallet; she had a need, but Ann also ignored the owner.",
        "The main character kept a found wallet for a child; the need was real, but so was the owner's loss.");
  }
}
