package dev.evenhand.ui.audit;

import javafx.scene.paint.Color;

/**
 * Colour arithmetic for the heat map's text: the WCAG 2.x relative luminance and contrast ratio
 * (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance, #dfn-contrast-ratio), and the text colour
 * (black or white) that reads best on a cell's fill. Either one always reaches at least 4.58:1 on any
 * opaque fill, above the 4.5:1 of success criterion 1.4.3 (level AA), so every cell is readable in both
 * themes whatever the theme's fills.
 */
public final class HeatColours {
  private HeatColours() {}

  /** Fill levels of the heat map: 0 for an empty cell, up to 5 for the largest count. */
  public static final int LEVELS = 6;

  /**
   * @param c an opaque colour (alpha is ignored)
   * @return its relative luminance, 0 (black) to 1 (white): 0.2126 R + 0.7152 G + 0.0722 B of the
   *     linearised sRGB channels (channel / 12.92 up to 0.03928, else ((channel + 0.055) / 1.055)^2.4)
   */
  public static double luminance(Color c) {
    return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
  }

  private static double linear(double channel) {
    return channel <= 0.03928 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
  }

  /** @return the contrast ratio (L1 + 0.05) / (L2 + 0.05) of two colours, L1 the lighter: 1 to 21 */
  public static double contrast(Color a, Color b) {
    double la = luminance(a);
    double lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /** @return true when black text contrasts more with the fill than white text does */
  public static boolean darkInk(Color fill) { return contrast(fill, Color.BLACK) >= contrast(fill, Color.WHITE); }

  /**
   * @param n   a cell's count
   * @param max the largest count of the map (at least 1)
   * @return its fill level: 0 for 0, else 1 to {@code LEVELS - 1} in proportion to {@code n / max}
   */
  public static int level(int n, int max) {
    if (n <= 0) return 0;
    return Math.max(1, Math.min(LEVELS - 1, (int) Math.ceil((LEVELS - 1) * (double) n / Math.max(1, max))));
  }
}
