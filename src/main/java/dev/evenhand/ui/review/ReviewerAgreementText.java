package dev.evenhand.ui.review;

import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ReviewUseCase;
import java.util.function.Consumer;

/** The Agreement dialog's text: one line per other reviewer (Cohen's kappa on accept/reject, identical edits). */
final class ReviewerAgreementText {
  private ReviewerAgreementText() {}

  /**
   * Computes the agreement of a reviewer with every other reviewer, off the UI thread.
   *
   * @param done receives one line per other reviewer, or a line saying there is none, or the failure's
   *             message (on the UI side)
   */
  static void load(ReviewUseCase review, String reviewer, TaskExecutor tasks, ReviewMessages messages, Consumer<String> done) {
    BackgroundTask.wrap(c -> review.agreementWith(reviewer)).onSuccess(list -> {
      StringBuilder sb = new StringBuilder();
      for (ReviewUseCase.ReviewerAgreement a : list) {
        var r = a.result();
        sb.append(String.format(messages.text("review.agreement.row"), a.other(), r.pairs(), r.agreed(),
            Double.isNaN(r.kappa()) ? "n/a" : String.format("%.2f", r.kappa()), r.identicalEdits(), r.bothEdited())).append('\n');
      }
      done.accept(sb.length() == 0 ? String.format(messages.text("review.agreement.none"), reviewer) : sb.toString());
    }).onFailure(e -> done.accept(e.getMessage())).executeWith(tasks);
  }
}
