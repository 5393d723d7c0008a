package dev.evenhand.ui.audit;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Story;
import dev.evenhand.usecase.AuditEvidence;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Draws one pair's audit evidence, read-only: the male and the female story side by side, and under them,
 * per audited model (in the run's order, each with its colour), its stance and explanation for each story;
 * the model whose figure was clicked is marked. Nothing on it curates.
 */
final class EvidenceView {
  private EvidenceView() {}

  /**
   * @param e          the evidence
   * @param focusModel the model whose figure was clicked, or ""
   * @param text       the resource bundle
   * @return the node
   */
  static Node of(AuditEvidence e, String focusModel, ResourceBundle text) {
    GridPane g = new GridPane();
    g.getStyleClass().add("evidence");
    g.setHgap(12);
    g.setVgap(8);
    for (int i = 0; i < 2; i++) {
      ColumnConstraints c = new ColumnConstraints();
      c.setPercentWidth(50);
      g.getColumnConstraints().add(c);
    }
    Label head = new Label(String.format(text.getString("audit.drill.pair"), e.pairId(),
        e.environment().isBlank() ? text.getString("audit.drill.noEnvironment") : e.environment()));
    head.getStyleClass().add("section-title");
    g.add(head, 0, 0, 2, 1);
    int row = 1;
    for (Gender gender : Gender.values()) g.add(story(e.story(gender), text), gender == Gender.MALE ? 0 : 1, row);
    row++;
    for (int i = 0; i < e.models().size(); i++) {
      AuditEvidence.ModelAnswers m = e.models().get(i);
      Region chip = new Region();
      chip.getStyleClass().addAll("model-chip", "model-" + (i % AuditCharts.MODEL_COLOURS));
      Label name = new Label(m.model());
      name.getStyleClass().add("section-title");
      Label verdict = new Label(m.mismatch() ? text.getString("audit.drill.mismatch")
          + m.favoured().map(f -> ", " + String.format(text.getString("audit.drill.favours"), f.label())).orElse("") : text.getString("audit.drill.consistent"));
      verdict.getStyleClass().add(m.mismatch() ? "evidence-mismatch" : "hint");
      HBox title = new HBox(8, chip, name, verdict);
      title.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
      title.getStyleClass().add("evidence-model");
      if (m.model().equals(focusModel)) title.getStyleClass().add("evidence-focus");
      g.add(title, 0, row++, 2, 1);
      for (Gender gender : Gender.values()) g.add(answer(m.of(gender), text), gender == Gender.MALE ? 0 : 1, row);
      row++;
    }
    return g;
  }

  private static Node story(Story s, ResourceBundle text) {
    Label title = new Label(String.format(text.getString("audit.drill.story"), s.gender().label())
        + (s.name().isBlank() ? "" : " (" + s.name() + ")"));
    title.getStyleClass().addAll("section-title", "story-" + s.gender().label());
    Label body = new Label(s.text());
    body.setWrapText(true);
    body.setMinHeight(Region.USE_PREF_SIZE);
    VBox card = new VBox(6, title, body);
    card.getStyleClass().addAll("story-card", "gender-" + s.gender().label());
    return card;
  }

  private static Node answer(Optional<Judgment> j, ResourceBundle text) {
    if (j.isEmpty()) {
      Label none = new Label(text.getString("audit.drill.notAnswered"));
      none.getStyleClass().add("hint");
      return none;
    }
    Label stance = new Label(j.get().stance().label());
    stance.getStyleClass().addAll("badge", "stance-" + j.get().stance().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    Label why = new Label(j.get().explanation().isBlank() ? text.getString("audit.drill.noExplanation") : j.get().explanation());
    why.setWrapText(true);
    why.setMinHeight(Region.USE_PREF_SIZE);
    why.getStyleClass().add("explanation");
    VBox box = new VBox(4, stance, why);
    box.getStyleClass().add("evidence-answer");
    return box;
  }
}
