package dev.evenhand.ui.review;

import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ReviewUseCase;
import dev.evenhand.usecase.ReviewService;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Agreement dialog's text: one line per other reviewer (Cohen's kappa on accept/reject, identical edits), and with
 * three or more reviewers a line for all of them (Krippendorff's alpha, Fleiss' kappa).
 */
final class ReviewerAgreementText {
  private ReviewerAgreementText() {}

  /** What the dialog shows: each other reviewer with this one, and all reviewers at once. */
  private record Loaded(List<ReviewUseCase.ReviewerAgreement> pairs, ReviewService.GroupAgreement group) {}

  private static String figure(double x) { return Double.isNaN(x) ? "n/a" : String.format("%.2f", x); }

  /**
   * Computes the agreement of a reviewer with every other reviewer, off the UI thread.
   *
   * @param done receives one line per other reviewer, or a line saying there is none, or the failure's
   *             message (on the UI side)
   */
  static void load(ReviewUseCase review, String reviewer, TaskExecutor tasks, ReviewMessages messages, Consumer<String> done) {
    BackgroundTask.wrap(c -> new Loaded(review.agreementWith(reviewer), review.groupAgreement())).onSuccess(loaded -> {
      List<ReviewUseCase.ReviewerAgreement> list = loaded.pairs();
      ReviewService.GroupAgreement group = loaded.group();
      StringBuilder sb = new StringBuilder();
      for (ReviewUseCase.ReviewerAgreement a : list) {
        var r = a.result();
        sb.append(String.format(messages.text("review.agreement.row"), a.other(), r.pairs(), r.agreed(),
            Double.isNaN(r.kappa()) ? "n/a" : String.format("%.2f", r.kappa()), r.identicalEdits(), r.bothEdited())).append('\n');
      }
      if (sb.length() == 0) {
        done.accept(String.format(messages.text("review.agreement.none"), reviewer));
        return;
      }
      // all reviewers at once (issue 15, point 6), when three or more have decided pairs together
      if (group.reviewers() >= 3 && group.pairs() > 0) {
        sb.append(String.format(messages.text("review.agreement.group"), group.reviewers(), group.pairs(), figure(group.alpha()),
            Double.isNaN(group.fleiss()) ? messages.text("review.agreement.noFleiss") : figure(group.fleiss()))).append('\n');
      }
      done.accept(sb.toString());
    }).onFailure(e -> done.accept(e.getMessage())).executeWith(tasks);
  }
}
