package dev.evenhand.exchange.audit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.concurrent.atomic.AtomicLong;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.ViewBox;

/**
 * The few drawing operations the report's charts need (filled and outlined rectangles, lines, anchored and rotated
 * text, a tooltip on a shape), drawn on JFreeSVG's {@link SVGGraphics2D} (org.jfree:org.jfree.svg), which writes the
 * SVG 1.1: escaping, number formatting and text are the library's. Text stays {@code <text>} (searchable and
 * editable), not outlines; a text's anchor (start, middle, end) is placed with AWT's metrics of the font. The
 * document gets a {@code <title>} and a {@code <desc>} and refers to nothing outside itself.
 */
final class Svg {
  private static final AtomicLong DOCUMENTS = new AtomicLong();
  private final SVGGraphics2D g;
  private final String prefix;
  private int groups;
  private final double width;
  private final double height;
  private final String title;
  private final String desc;

  /**
   * Starts a document.
   *
   * @param width  width in CSS pixels (the {@code viewBox} too, so the chart scales)
   * @param height height in CSS pixels
   * @param title  the document's title (an accessible name)
   * @param desc   a longer description, kept in {@code <desc>}
   */
  Svg(double width, double height, String title, String desc) {
    this.width = width;
    this.height = height;
    this.title = title;
    this.desc = desc;
    this.g = new SVGGraphics2D(width, height);
    // ids of definitions unique per document, so several charts can sit inline in one page
    this.prefix = "c" + DOCUMENTS.incrementAndGet() + "_";
    g.setDefsKeyPrefix(prefix);
    g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_STANDARD);
    g.setFontFunction(family -> "Helvetica, Arial, sans-serif");
    rect(0, 0, width, height, "#ffffff", null);
  }

  /** @return the width given at the start */
  double width() { return width; }

  /** @return the height given at the start */
  double height() { return height; }

  /** A filled rectangle, optionally outlined 2 px wide ({@code stroke} null for none); colours as {@code #rrggbb}. */
  Svg rect(double x, double y, double w, double h, String fill, String stroke) {
    Rectangle2D r = new Rectangle2D.Double(x, y, Math.max(0, w), Math.max(0, h));
    g.setPaint(Color.decode(fill));
    g.fill(r);
    if (stroke != null) {
      g.setPaint(Color.decode(stroke));
      g.setStroke(new BasicStroke(2f));
      g.draw(r);
    }
    return this;
  }

  /**
   * A rectangle with a tooltip, e.g. a bar with its exact figure: a group ({@code <g>}) whose first child is the
   * {@code <title>}, then the filled rectangle and its outline, if any.
   */
  Svg rect(double x, double y, double w, double h, String fill, String stroke, String tip) {
    g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, prefix + "tip" + ++groups);
    g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, xmlChars(tip));
    rect(x, y, w, h, fill, stroke);
    g.setRenderingHint(SVGHints.KEY_END_GROUP, "");
    return this;
  }

  /** A line of width {@code strokeWidth} pixels. */
  Svg line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth) {
    g.setPaint(Color.decode(stroke));
    g.setStroke(new BasicStroke((float) strokeWidth));
    g.draw(new Line2D.Double(x1, y1, x2, y2));
    return this;
  }

  /**
   * Text at a point (its baseline).
   *
   * @param anchor {@code start}, {@code middle} or {@code end}: where the point is along the text
   * @param size   font size, pixels
   * @param rotate degrees about the point (0 for none; negative turns counter-clockwise)
   */
  Svg text(double x, double y, String text, String anchor, double size, String fill, double rotate) {
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont((float) size);
    g.setFont(font);
    g.setPaint(Color.decode(fill));
    String t = xmlChars(text);
    double w = g.getFontMetrics(font).getStringBounds(t, g).getWidth();
    double dx = switch (anchor) {
      case "middle" -> -w / 2;
      case "end" -> -w;
      default -> 0;
    };
    AffineTransform before = g.getTransform();
    if (rotate != 0) g.rotate(Math.toRadians(rotate), x, y);
    g.drawString(t, (float) (x + dx), (float) y);
    g.setTransform(before);
    return this;
  }

  /** @return the finished document: the {@code <svg>} element with a viewBox, its title and description first */
  String end() {
    String svg = g.getSVGElement(null, true, new ViewBox(0, 0, (int) Math.ceil(width), (int) Math.ceil(height)), null, null);
    int open = svg.indexOf('>', svg.indexOf("<svg")) + 1;
    return svg.substring(0, open) + "<title>" + escape(title) + "</title><desc>" + escape(desc) + "</desc>" + svg.substring(open) + "\n";
  }

  /** @return the text without the characters XML 1.0 forbids (controls but tab, LF, CR; U+FFFE, U+FFFF) */
  static String xmlChars(String s) {
    return s.codePoints().filter(c -> c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n' || c == '\r')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  /** @return the text with {@code & < > " '} escaped, and characters XML 1.0 forbids (controls but tab, LF, CR) dropped */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n' || c == '\r') b.appendCodePoint(c);
        }
      }
    });
    return b.toString();
  }
}
