package dev.evenhand.ui.review;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BalancedLint;
import dev.evenhand.method.StoryDiff;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Draws the Review screen's marked-up texts: a word diff (the gender swap in a quiet colour, any other
 * difference in a warning colour), a lint that underlines gendered words and names, and stance badges.
 * Colours come from the CSS classes ({@code diff-*}, {@code lint-*}, {@code stance-*}).
 */
final class TextFlows {
  private TextFlows() {}

  /** Fills a flow with one side of a word diff; consecutive segments of one kind become one Text node (faster layout). */
  static void diff(TextFlow flow, List<StoryDiff.Segment> segments) {
    flow.getChildren().clear();
    StringBuilder run = new StringBuilder();
    StoryDiff.Kind kind = null;
    for (StoryDiff.Segment s : segments) {
      if (kind != null && s.kind() != kind) {
        addRun(flow, run.toString(), kind);
        run.setLength(0);
      }
      kind = s.kind();
      run.append(s.text());
    }
    if (kind != null) addRun(flow, run.toString(), kind);
  }

  private static Text text(String s, StoryDiff.Kind kind) {
    return styled(s, "diff-text", "diff-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  /** Adds a run; a marked run's trailing white space goes in a plain node, so the underline stops at the word. */
  private static void addRun(TextFlow flow, String run, StoryDiff.Kind kind) {
    if (kind == StoryDiff.Kind.SAME) {
      flow.getChildren().add(text(run, kind));
      return;
    }
    String body = run.stripTrailing();
    flow.getChildren().add(text(body, kind));
    if (body.length() < run.length()) flow.getChildren().add(text(run.substring(body.length()), StoryDiff.Kind.SAME));
  }

  /**
   * Fills a flow with a balanced judgment's lint: nothing for a blank text, "clean" without findings, else
   * the text with each finding underlined. Draws only from the lint, whose findings lie within its text.
   */
  static void lint(TextFlow flow, BalancedLint.Lint lint, ResourceBundle text) {
    flow.getChildren().clear();
    if (lint == null || lint.blank()) return;
    if (lint.findings().isEmpty()) {
      flow.getChildren().add(styled(text.getString("review.lint.clean"), "lint-clean"));
      return;
    }
    flow.getChildren().add(styled(String.format(text.getString("review.lint.found"), ""), "lint-head"));
    for (BalancedLint.Segment s : lint.segments()) {
      Text t = styled(s.text(), s.flagged() ? "lint-flag" : "lint-text");
      t.setUnderline(s.flagged());
      flow.getChildren().add(t);
    }
  }

  /** Shows a stance as a badge. */
  static void badge(Label l, Stance s) {
    l.setText(s.label());
    l.getStyleClass().setAll("badge", "stance-" + s.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  private static Text styled(String s, String... classes) {
    Text t = new Text(s);
    t.getStyleClass().setAll(classes);
    return t;
  }
}
