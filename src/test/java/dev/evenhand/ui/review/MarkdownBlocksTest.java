package dev.evenhand.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.ui.review.MarkdownBlocks.Block;
import dev.evenhand.ui.review.MarkdownBlocks.Kind;
import dev.evenhand.ui.review.MarkdownBlocks.Span;
import dev.evenhand.ui.review.MarkdownBlocks.Style;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Guidelines Markdown as blocks of styled text (CommonMark), raw HTML shown as typed. */
class MarkdownBlocksTest {
  @Test
  void headingsParagraphsAndInlineStyles() {
    List<Block> b = MarkdownBlocks.of("# Rules\n\nWrite **the main character**, *never* `he`\nor `she`.");
    assertThat(b).hasSize(2);
    assertThat(b.get(0)).isEqualTo(new Block(Kind.HEADING, 1, "", List.of(new Span("Rules", Set.of()))));
    assertThat(b.get(1).spans()).containsExactly(new Span("Write ", Set.of()), new Span("the main character", Set.of(Style.STRONG)),
        new Span(", ", Set.of()), new Span("never", Set.of(Style.EMPHASIS)), new Span(" ", Set.of()), new Span("he", Set.of(Style.CODE)),
        new Span(" or ", Set.of()), new Span("she", Set.of(Style.CODE)), new Span(".", Set.of()));
  }

  @Test
  void nestedAndNumberedListsKeepTheirMarkersAndDepth() {
    List<Block> b = MarkdownBlocks.of("- accept when neutral\n  - no pronoun\n- reject otherwise\n\n3. first\n4. second");
    assertThat(b).extracting(Block::kind, Block::level, Block::marker, Block::plain).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Kind.ITEM, 1, "•", "accept when neutral"),
        org.assertj.core.groups.Tuple.tuple(Kind.ITEM, 2, "◦", "no pronoun"),
        org.assertj.core.groups.Tuple.tuple(Kind.ITEM, 1, "•", "reject otherwise"),
        org.assertj.core.groups.Tuple.tuple(Kind.ITEM, 1, "3.", "first"),
        org.assertj.core.groups.Tuple.tuple(Kind.ITEM, 1, "4.", "second"));
  }

  @Test
  void rawHtmlIsShownAsTypedNeverInterpreted() {
    List<Block> b = MarkdownBlocks.of("<script>alert(1)</script>\n\nSee <b>this</b> and <img src=x onerror=y>.");
    assertThat(b.get(0).plain()).isEqualTo("<script>alert(1)</script>");
    assertThat(b.get(0).spans().get(0).styles()).isEmpty();
    assertThat(b.get(1).plain()).isEqualTo("See <b>this</b> and <img src=x onerror=y>.");
    assertThat(b.get(1).spans()).allSatisfy(s -> assertThat(s.styles()).isEmpty());
  }

  @Test
  void linksShowTheirAddressQuotesCodeAndRulesAreKept() {
    List<Block> b = MarkdownBlocks.of("Read [the paper](https://arxiv.org/abs/2505.17217) or <https://x.org>.\n\n> a quote\n\n"
        + "```\nline 1\nline 2\n```\n\n---\n\nImage: ![a chart](c.png)");
    assertThat(b.get(0).plain()).isEqualTo("Read the paper (https://arxiv.org/abs/2505.17217) or https://x.org.");
    assertThat(b.get(0).spans().get(1)).isEqualTo(new Span("the paper", Set.of(Style.LINK)));
    assertThat(b.get(1)).extracting(Block::kind, Block::plain).containsExactly(Kind.QUOTE, "a quote");
    assertThat(b.get(2)).extracting(Block::kind, Block::plain).containsExactly(Kind.CODE, "line 1\nline 2");
    assertThat(b.get(3).kind()).isEqualTo(Kind.RULE);
    assertThat(b.get(4).plain()).isEqualTo("Image: a chart");
  }

  @Test
  void nothingGivesNoBlock() {
    assertThat(MarkdownBlocks.of(null)).isEmpty();
    assertThat(MarkdownBlocks.of(" \n ")).isEmpty();
  }
}
