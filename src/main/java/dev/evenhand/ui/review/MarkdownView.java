package dev.evenhand.ui.review;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Separator;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Draws {@link MarkdownBlocks} into a box: one {@link TextFlow} per block, styled by CSS classes
 * ({@code md-heading}, {@code md-heading-N}, {@code md-paragraph}, {@code md-item}, {@code md-quote},
 * {@code md-code}; runs {@code md-text} with {@code md-strong}, {@code md-emphasis}, {@code md-code},
 * {@code md-link}). Only text nodes are made: nothing in the Markdown is run or loaded.
 */
final class MarkdownView {
  /** Indent of one list or quote level, in pixels. */
  private static final double INDENT = 14;

  private MarkdownView() {}

  /** Replaces the box's children with the blocks. */
  static void fill(VBox box, List<MarkdownBlocks.Block> blocks) {
    box.getChildren().setAll(blocks.stream().map(MarkdownView::block).toList());
  }

  private static Node block(MarkdownBlocks.Block b) {
    if (b.kind() == MarkdownBlocks.Kind.RULE) return new Separator();
    TextFlow flow = new TextFlow();
    String kind = b.kind().name().toLowerCase(Locale.ROOT);
    flow.getStyleClass().setAll("md-block", "md-" + kind);
    if (b.kind() == MarkdownBlocks.Kind.HEADING) flow.getStyleClass().add("md-heading-" + Math.min(b.level(), 3));
    if (b.kind() != MarkdownBlocks.Kind.HEADING && b.level() > 0) {
      flow.setPadding(new Insets(0, 0, 0, INDENT * (b.level() - 1) + (b.marker().isEmpty() && b.kind() == MarkdownBlocks.Kind.ITEM ? INDENT : 0)));
    }
    if (!b.marker().isEmpty()) flow.getChildren().add(text(b.marker() + " ", "md-text", "md-marker"));
    for (MarkdownBlocks.Span s : b.spans()) {
      Text t = text(s.text(), "md-text");
      for (MarkdownBlocks.Style st : s.styles()) t.getStyleClass().add("md-" + st.name().toLowerCase(Locale.ROOT));
      flow.getChildren().add(t);
    }
    return flow;
  }

  private static Text text(String s, String... classes) {
    Text t = new Text(s);
    t.getStyleClass().setAll(classes);
    return t;
  }
}
