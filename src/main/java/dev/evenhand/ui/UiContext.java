package dev.evenhand.ui;

import dev.evenhand.store.CallRepository;
import dev.evenhand.store.PairRepository;
import dev.evenhand.usecase.ReviewService;
import java.util.concurrent.Executor;

/**
 * What the Review screen's view model uses until it takes its own collaborators; the other screens get
 * theirs from {@link dev.evenhand.ui.main.Screens}. Every call here may block: the view model runs them
 * on {@link #background()}.
 *
 * @param pairs      stored pairs
 * @param review     review actions
 * @param reviewer   the reviewer name for review actions
 * @param background runs blocking work off the FX thread
 * @param calls      stored model calls (provenance)
 * @param regenerate asks the model again for a pair's balanced judgments, streaming the reply
 */
public record UiContext(PairRepository pairs, ReviewService review, String reviewer, Executor background, CallRepository calls,
                        Regenerate regenerate) {
  /** Asks the model for new balanced judgments of a pair (blocking; the call is stored with the pair). */
  @FunctionalInterface
  public interface Regenerate {
    /**
     * @param pair      the pair (its model tag picks the model)
     * @param onToken   each piece of the reply as it streams in (on a background thread)
     * @param cancelled polled; true stops the call
     * @return the new balanced judgments
     * @throws java.util.concurrent.CancellationException when cancelled
     * @throws IllegalStateException with the fault when the model gave no usable reply
     */
    dev.evenhand.domain.BalancedJudgment run(dev.evenhand.domain.CuratedPair pair, java.util.function.Consumer<String> onToken,
                                             java.util.function.BooleanSupplier cancelled) throws InterruptedException;
  }
}
