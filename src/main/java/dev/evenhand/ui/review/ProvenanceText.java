package dev.evenhand.ui.review;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.GenderedWord;
import dev.evenhand.domain.Review;
import dev.evenhand.store.CallRepository.CallInfo;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ReviewUseCase;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The provenance of the shown pair: one entry per model call, then its review history (with any neutrality
 * override and its flagged words). While the provenance pane is open it
 * follows the shown pair.
 */
final class ProvenanceText {
  private final StringProperty text = new SimpleStringProperty("");
  private final ReviewUseCase review;
  private final TaskExecutor tasks;
  private final ReviewMessages messages;
  /** True while the provenance pane is open. */
  private boolean shown;
  /** The pair shown, null for none. */
  private CuratedPair pair;

  /**
   * @param review   reads the calls
   * @param tasks    runs the read
   * @param messages gives the text for a pair without calls
   */
  ProvenanceText(ReviewUseCase review, TaskExecutor tasks, ReviewMessages messages) {
    this.review = review;
    this.tasks = tasks;
    this.messages = messages;
  }

  /** A pair is shown: the text empties, and loads again when the pane is open. Null: none is shown (the text stays). */
  void follow(CuratedPair p) {
    pair = p;
    if (p == null) return;
    text.set("");
    if (shown) load();
  }

  /** @param open true while the provenance pane is open */
  void setShown(boolean open) {
    shown = open;
    if (open) load();
  }

  /** Loads the calls of the shown pair, off the UI thread; nothing without a pair. */
  void load() {
    CuratedPair p = pair;
    if (p == null) return;
    record Loaded(List<CallInfo> calls, List<Review> history) {}
    BackgroundTask.wrap(c -> new Loaded(review.calls(p.id()), review.history(p.id())))
        .onSuccess(l -> {
          String h = history(l.history());
          text.set(l.calls().isEmpty() ? messages.text("review.noProvenance") + (h.isEmpty() ? "" : "\n" + h) : format(l.calls()) + h);
        })
        .onFailure(e -> text.set(e.getMessage())).executeWith(tasks);
  }

  /**
   * @param calls a pair's model calls, oldest first
   * @return two lines per call: id, step, outcome and fault kind, model tag at host, digest (first 19
   *     characters), Ollama version, start, prompt template id and version; then options, done_reason and
   *     the timings Ollama reports in ns, shown in ms, with the tokens generated
   */
  static String format(List<CallInfo> calls) {
    StringBuilder sb = new StringBuilder();
    for (CallInfo c : calls) {
      sb.append(String.format("#%d %-10s %-6s %s @ %s (digest %s) · Ollama %s · %s · template %s v%d%n",
          c.id(), c.step(), c.outcome() + (c.faultKind().isEmpty() ? "" : " " + c.faultKind()), c.modelTag(), c.hostUrl(),
          c.modelDigest().length() > 19 ? c.modelDigest().substring(0, 19) + "…" : c.modelDigest(), c.ollamaVersion(),
          c.startedAt(), c.templateId(), c.templateVersion()));
      sb.append(String.format("    options %s · done_reason %s · load %.1f ms · prompt eval %.1f ms · eval %.1f ms (%d tokens) · total %.1f ms%n",
          c.options(), c.doneReason().isEmpty() ? "-" : c.doneReason(), c.loadNs() / 1e6, c.promptEvalNs() / 1e6, c.evalNs() / 1e6,
          c.evalCount(), c.totalNs() / 1e6));
    }
    return sb.toString();
  }

  /**
   * @param rows a pair's review history, oldest first
   * @return one line per row (time, action, reviewer, status before and after, reason), and under an accept with a
   *     neutrality override (issue 12) a line naming the flagged words; empty for no rows
   */
  static String history(List<Review> rows) {
    StringBuilder sb = new StringBuilder();
    for (Review r : rows) {
      sb.append(String.format("review %s  %s by %s: %s -> %s%s%n", r.at(), r.action().label(), r.reviewer(), r.before().label(), r.after().label(),
          r.reason().isEmpty() ? "" : " (" + r.reason() + ")"));
      if (r.overridden()) {
        sb.append("    override: accepted although not gender-neutral: ")
            .append(r.override().stream().map(GenderedWord::toString).collect(java.util.stream.Collectors.joining(", "))).append('\n');
      }
    }
    return sb.toString();
  }

  /** @return the provenance text of the shown pair (empty until loaded) */
  StringProperty text() { return text; }
}
