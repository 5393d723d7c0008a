package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import org.commonmark.node.Code;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.junit.jupiter.api.Test;

/**
 * A set's name, a path or a warning written into a dataset card stays text, as a CommonMark reader (the Hub renders
 * cards so) shows it: a breaker's origin {@code we`ird| *dir*⏎# Heading [x](y) <b>} made a link, emphasis and an open
 * HTML tag of the card, and a set named with backticks showed a stray backslash.
 */
class DatasetCardTextTest {
  private static final Parser PARSER = Parser.builder().build();
  private static final String HOSTILE = "we`ird| *dir*\n# Heading [x](y) <b> ``two`` `";

  @Test
  void aCodeSpanShowsTheTextAsItIs() {
    for (String t : new String[] {HOSTILE, "bk|`x`", "`", "plain", "a``b"}) {
      Node doc = PARSER.parse("- set " + DatasetCard.code(t) + " here");
      Code code = first(doc, Code.class);
      assertThat(code).as("a code span for " + t).isNotNull();
      assertThat(code.getLiteral()).as("its text").isEqualTo(t.replace('\n', ' '));
      assertThat(HtmlRenderer.builder().build().render(doc)).doesNotContain("<a ").doesNotContain("<em>").doesNotContain("<b>").doesNotContain("<h1>");
    }
  }

  @Test
  void proseShowsTheTextWithNothingMarkdownReads() {
    Node doc = PARSER.parse("- Warning: " + DatasetCard.prose(HOSTILE));
    String html = HtmlRenderer.builder().build().render(doc);
    assertThat(html).doesNotContain("<a ").doesNotContain("<em>").doesNotContain("<b>").doesNotContain("<h1>").doesNotContain("<code>");
    assertThat(TextContentRenderer.builder().build().render(doc).strip()).isEqualTo("- Warning: " + HOSTILE.replace('\n', ' '));
  }

  private static <T extends Node> T first(Node n, Class<T> type) {
    if (type.isInstance(n)) return type.cast(n);
    for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
      T found = first(c, type);
      if (found != null) return found;
    }
    return null;
  }
}
