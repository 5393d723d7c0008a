package dev.evenhand.exchange.audit;

import java.util.Locale;

/**
 * A small SVG 1.1 writer: elements with attributes and text, every attribute value and text escaped for XML,
 * numbers written with a dot and at most two decimals whatever the locale. The document it ends is well-formed
 * XML (checked with the JDK's parser in the tests) and refers to nothing outside itself: no image, link, script
 * or font file.
 *
 * <p>Why our own: the charts are rectangles, lines and text, and no SVG library is among the packages served here
 * (JFreeSVG is not; Batik's generator would bring the whole of Batik for three shapes).
 */
final class Svg {
  private final StringBuilder out = new StringBuilder();
  private final double width;
  private final double height;

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
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
        .append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height)).append("\" font-family=\"Helvetica, Arial, sans-serif\">\n");
    out.append("<title>").append(escape(title)).append("</title>\n<desc>").append(escape(desc)).append("</desc>\n");
    rect(0, 0, width, height, "#ffffff", null);
  }

  /** @return the width given at the start */
  double width() { return width; }

  /** @return the height given at the start */
  double height() { return height; }

  /** A filled rectangle, optionally outlined ({@code stroke} null for none). */
  Svg rect(double x, double y, double w, double h, String fill, String stroke) {
    out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(Math.max(0, w)))
        .append("\" height=\"").append(num(Math.max(0, h))).append("\" fill=\"").append(escape(fill)).append('"');
    if (stroke != null) out.append(" stroke=\"").append(escape(stroke)).append("\" stroke-width=\"2\"");
    out.append("/>\n");
    return this;
  }

  /** A rectangle with a tooltip ({@code <title>} child), e.g. a bar with its exact figure. */
  Svg rect(double x, double y, double w, double h, String fill, String stroke, String tip) {
    rect(x, y, w, h, fill, stroke);
    // reopen the empty element just written ("/>\n") to give it a title child
    out.setLength(out.length() - 3);
    out.append("><title>").append(escape(tip)).append("</title></rect>\n");
    return this;
  }

  /** A line of width {@code strokeWidth}. */
  Svg line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth) {
    out.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2)).append("\" y2=\"")
        .append(num(y2)).append("\" stroke=\"").append(escape(stroke)).append("\" stroke-width=\"").append(num(strokeWidth)).append("\"/>\n");
    return this;
  }

  /**
   * Text at a point.
   *
   * @param anchor {@code start}, {@code middle} or {@code end}
   * @param size   font size, pixels
   * @param rotate degrees about the point (0 for none)
   */
  Svg text(double x, double y, String text, String anchor, double size, String fill, double rotate) {
    out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"").append(escape(anchor))
        .append("\" font-size=\"").append(num(size)).append("\" fill=\"").append(escape(fill)).append('"');
    if (rotate != 0) out.append(" transform=\"rotate(").append(num(rotate)).append(' ').append(num(x)).append(' ').append(num(y)).append(")\"");
    out.append('>').append(escape(text)).append("</text>\n");
    return this;
  }

  /** @return the finished document */
  String end() { return out + "</svg>\n"; }

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

  /** @return the number with at most two decimals, dot as separator, no trailing zeros */
  static String num(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    return s.equals("-0") ? "0" : s;
  }
}
