package dev.evenhand.usecase;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Judgment;
import dev.evenhand.store.CallRepository;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Ask the model again for a pair's balanced judgment (METHOD.md step 4), streaming the reply; the call is
 * stored with the pair as provenance. The Review screen's Regenerate.
 */
public final class RegenerateUseCase {
  /** How long regenerate waits while the server is away before it gives up: a person is watching. */
  private static final Duration MAX_PAUSE = Duration.ofMinutes(1);

  private final ModelTargets targets;
  private final CurationSteps steps;
  private final CallRepository calls;

  /**
   * @param targets checks the pair's model on the servers
   * @param steps   the model steps of the method
   * @param calls   where the call is stored
   */
  public RegenerateUseCase(ModelTargets targets, CurationSteps steps, CallRepository calls) {
    this.targets = targets;
    this.steps = steps;
    this.calls = calls;
  }

  /**
   * @param pair      the pair; its model tag picks the model (the default model tag when it has none)
   * @param onToken   each piece of the reply as it streams in (on the calling thread)
   * @param cancelled polled; true stops the call
   * @return the new balanced judgment (not saved: the researcher accepts, edits or rejects it)
   * @throws java.util.concurrent.CancellationException when cancelled
   * @throws IllegalStateException with the fault when the pair lacks a judgment or the model gave no usable reply
   * @throws dev.evenhand.llm.OllamaException when no server answers or none has the model
   * @throws InterruptedException when interrupted
   */
  public BalancedJudgment regenerate(CuratedPair pair, Consumer<String> onToken, BooleanSupplier cancelled) throws InterruptedException {
    Judgment male = pair.maleJudgment().orElseThrow(() -> new IllegalStateException("pair " + pair.id() + " has no judgment of the male story"));
    Judgment female = pair.femaleJudgment()
        .orElseThrow(() -> new IllegalStateException("pair " + pair.id() + " has no judgment of the female story"));
    String tag = pair.modelTag().isEmpty() ? targets.defaultModelTag() : pair.modelTag();
    GenerationService.Target t = targets.target(tag, 1, MAX_PAUSE, note -> { });
    try (var hosts = t.hosts()) {
      var out = steps.balanced(hosts, t.profile(), pair.pair(), male, female, call -> calls.insert(null, pair.id(), call), cancelled, onToken,
          cancelled);
      return out.value().orElseThrow(() -> new IllegalStateException("the model gave no usable balanced judgment ("
          + out.fault().label() + "): " + out.error()));
    }
  }
}
