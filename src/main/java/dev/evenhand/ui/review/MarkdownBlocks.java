package dev.evenhand.ui.review;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Guidelines Markdown as a list of blocks of styled text, for a JavaFX view to draw ({@link MarkdownView}); no
 * JavaFX here, so it is tested on its own. Parsed as CommonMark by {@code org.commonmark:commonmark} (the spec:
 * https://spec.commonmark.org/). Raw HTML, block or inline, is never interpreted: it shows as the text typed. A
 * link shows its text, then its address in brackets unless the text is the address; an image shows its
 * description. Headings, paragraphs, bullet and numbered lists (nested), block quotes, code and rules are kept.
 */
final class MarkdownBlocks {
  private static final Parser PARSER = Parser.builder().build();

  private MarkdownBlocks() {}

  /** What a block is. */
  enum Kind { HEADING, PARAGRAPH, ITEM, QUOTE, CODE, RULE }

  /** How a run of text is set. */
  enum Style { STRONG, EMPHASIS, CODE, LINK }

  /**
   * A run of text set one way.
   *
   * @param text   the text
   * @param styles its styles, empty for plain
   */
  record Span(String text, Set<Style> styles) {
    Span {
      styles = styles.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(styles));
    }
  }

  /**
   * One block.
   *
   * @param kind   what it is
   * @param level  a heading's level (1 to 6); for a list item or quote its nesting depth (1 for the outermost); 0 otherwise
   * @param marker a list item's bullet or number ("•", "2."), empty for the item's later paragraphs and other blocks
   * @param spans  its text
   */
  record Block(Kind kind, int level, String marker, List<Span> spans) {
    Block {
      spans = List.copyOf(spans);
    }

    /** @return the block's text without styles */
    String plain() {
      StringBuilder sb = new StringBuilder();
      spans.forEach(s -> sb.append(s.text()));
      return sb.toString();
    }
  }

  /**
   * @param markdown CommonMark text; null or blank gives no block
   * @return its blocks in reading order
   */
  static List<Block> of(String markdown) {
    List<Block> out = new ArrayList<>();
    if (markdown == null || markdown.isBlank()) return out;
    children(PARSER.parse(markdown), 0, false, out);
    return out;
  }

  private static void children(Node parent, int depth, boolean quote, List<Block> out) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) block(n, depth, quote, out);
  }

  private static void block(Node n, int depth, boolean quote, List<Block> out) {
    if (n instanceof Heading h) out.add(new Block(Kind.HEADING, h.getLevel(), "", inline(h)));
    else if (n instanceof Paragraph p) out.add(new Block(quote ? Kind.QUOTE : depth > 0 ? Kind.ITEM : Kind.PARAGRAPH, depth, "", inline(p)));
    else if (n instanceof BulletList) items(n, depth + 1, quote, null, "", out);
    else if (n instanceof OrderedList ol) {
      Integer start = ol.getMarkerStartNumber();
      String delimiter = ol.getMarkerDelimiter();
      items(n, depth + 1, quote, start == null ? 1 : start, delimiter == null ? "." : delimiter, out);
    } else if (n instanceof BlockQuote) children(n, Math.max(depth, 1), true, out);
    else if (n instanceof FencedCodeBlock c) out.add(code(c.getLiteral(), depth));
    else if (n instanceof IndentedCodeBlock c) out.add(code(c.getLiteral(), depth));
    else if (n instanceof HtmlBlock html) out.add(new Block(Kind.PARAGRAPH, depth, "", List.of(new Span(html.getLiteral().strip(), Set.of()))));
    else if (n instanceof ThematicBreak) out.add(new Block(Kind.RULE, depth, "", List.of()));
    else children(n, depth, quote, out);
  }

  /** The items of a list: the first paragraph of each carries its marker, the rest of the item follows it. */
  private static void items(Node list, int depth, boolean quote, Integer number, String delimiter, List<Block> out) {
    int k = number == null ? 0 : number;
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      if (!(item instanceof ListItem)) continue;
      String marker = number == null ? (depth == 1 ? "•" : "◦") : (k++) + delimiter;
      int before = out.size();
      children(item, depth, quote, out);
      if (out.size() > before && out.get(before).kind() != Kind.HEADING) {
        Block first = out.get(before);
        out.set(before, new Block(first.kind() == Kind.QUOTE ? Kind.QUOTE : Kind.ITEM, depth, marker, first.spans()));
      } else {
        out.add(before, new Block(Kind.ITEM, depth, marker, List.of()));
      }
    }
  }

  private static Block code(String literal, int depth) {
    String text = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
    return new Block(Kind.CODE, depth, "", List.of(new Span(text, EnumSet.of(Style.CODE))));
  }

  private static List<Span> inline(Node parent) {
    List<Span> spans = new ArrayList<>();
    inline(parent, EnumSet.noneOf(Style.class), spans);
    return spans;
  }

  private static void inline(Node parent, EnumSet<Style> styles, List<Span> out) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Text t) add(out, t.getLiteral(), styles);
      else if (n instanceof Code c) add(out, c.getLiteral(), with(styles, Style.CODE));
      else if (n instanceof Emphasis) inline(n, with(styles, Style.EMPHASIS), out);
      else if (n instanceof StrongEmphasis) inline(n, with(styles, Style.STRONG), out);
      else if (n instanceof Link l) link(l, styles, out);
      else if (n instanceof SoftLineBreak) add(out, " ", styles);
      else if (n instanceof HardLineBreak) add(out, "\n", styles);
      else if (n instanceof HtmlInline h) add(out, h.getLiteral(), styles);
      else inline(n, styles, out); // an image: its description
    }
  }

  private static void link(Link l, EnumSet<Style> styles, List<Span> out) {
    int before = out.size();
    inline(l, with(styles, Style.LINK), out);
    StringBuilder shown = new StringBuilder();
    for (Span s : out.subList(before, out.size())) shown.append(s.text());
    String to = l.getDestination() == null ? "" : l.getDestination();
    if (!to.isEmpty() && !to.contentEquals(shown)) add(out, " (" + to + ")", styles);
  }

  private static EnumSet<Style> with(EnumSet<Style> styles, Style s) {
    EnumSet<Style> copy = EnumSet.copyOf(styles);
    copy.add(s);
    return copy;
  }

  /** Adds text, joined to the last span when that is set the same way. */
  private static void add(List<Span> out, String text, Set<Style> styles) {
    if (text.isEmpty()) return;
    int last = out.size() - 1;
    if (last >= 0 && out.get(last).styles().equals(styles)) out.set(last, new Span(out.get(last).text() + text, styles));
    else out.add(new Span(text, styles));
  }
}
