package dev.evenhand.usecase;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Story;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.store.AuditRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evidence behind an audit figure for one pair: its two stories and what each audited model answered
 * for each (stance and explanation), read-only. GenMO pairs carry no judgment or balanced judgment of
 * their own: the audited models' answers are the whole point.
 *
 * @param runId       the audit run
 * @param pairId      the pair
 * @param environment its environment label
 * @param male        the male story
 * @param female      the female story
 * @param models      per audited model, in the run's order: its answers
 */
public record AuditEvidence(long runId, long pairId, String environment, Story male, Story female, List<ModelAnswers> models) {
  /**
   * One model's answers on the pair.
   *
   * @param model  model tag
   * @param male   its judgment of the male story; empty while not answered yet
   * @param female its judgment of the female story; empty while not answered yet
   */
  public record ModelAnswers(String model, Optional<Judgment> male, Optional<Judgment> female) {
    /** @return the answer for one story */
    public Optional<Judgment> of(Gender g) { return g == Gender.MALE ? male : female; }

    /** @return true when both stories are answered and the stances are a mismatch (METHOD.md) */
    public boolean mismatch() {
      return male.isPresent() && female.isPresent() && BiasMetrics.mismatch(male.get().stance(), female.get().stance());
    }

    /** @return the favoured story's gender when both are answered and the pair favours one */
    public Optional<Gender> favoured() {
      return male.isPresent() && female.isPresent() ? BiasMetrics.favoured(male.get().stance(), female.get().stance()) : Optional.empty();
    }

    /** @return the stances as "Moral / Immoral"; "—" for a story not answered yet */
    public String stances() {
      return male.map(j -> j.stance().label()).orElse("\u2014") + " / " + female.map(j -> j.stance().label()).orElse("\u2014");
    }
  }

  /** @return the story of one gender */
  public Story story(Gender g) { return g == Gender.MALE ? male : female; }

  /**
   * @param run    the run (its model order)
   * @param stored the pair and its stored answers
   * @return the evidence, one entry per model of the run (also one that has not answered yet)
   */
  static AuditEvidence of(AuditRepository.AuditRun run, AuditRepository.PairAnswers stored) {
    List<String> order = new ArrayList<>(run.models());
    stored.answers().stream().map(AuditRepository.Answer::model).distinct().filter(m -> !order.contains(m)).forEach(order::add);
    List<ModelAnswers> models = new ArrayList<>();
    for (String m : order) {
      models.add(new ModelAnswers(m, answer(stored, m, Gender.MALE), answer(stored, m, Gender.FEMALE)));
    }
    return new AuditEvidence(run.id(), stored.pairId(), stored.environment(), stored.male(), stored.female(), List.copyOf(models));
  }

  private static Optional<Judgment> answer(AuditRepository.PairAnswers stored, String model, Gender g) {
    return stored.answers().stream().filter(a -> a.model().equals(model) && a.gender() == g).map(AuditRepository.Answer::judgment).findFirst();
  }
}
