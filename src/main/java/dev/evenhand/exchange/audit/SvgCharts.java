package dev.evenhand.exchange.audit;

import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The audit charts as SVG documents, for papers: the same figures as the PNG charts of the Audit screen
 * ({@code ui/audit/AuditCharts}), drawn as vectors. Mismatch rate per model with its 95% Wilson interval
 * (whiskers), mismatch rate per environment (bars grouped by environment, one per model, with intervals),
 * favoured gender among mismatches (stacked), and each model's stance transitions (male stance by female
 * stance) as a heat map whose mismatch cells are outlined. Rates are percent of pairs. Under each chart,
 * in small grey text, the {@link ReportHeader}: protocol, models with digests and decoding, Ollama version
 * and dates; the same text is in the document's {@code <desc>}.
 *
 * <p>Colours are the Okabe-Ito palette (Okabe and Ito 2008, "Color Universal Design") as in the light theme:
 * one colour per model in the run's order, the two genders two colours no model uses, the heat map one blue
 * ramp from white.
 */
public final class SvgCharts {
  /** Model colours, in the run's order; a sixth model takes the first again (as {@code -eh-model-0..4} of light.css). */
  static final String[] MODEL = {"#e69f00", "#56b4e9", "#d55e00", "#000000", "#f0e442"};
  /** Male-favoured and female-favoured colours ({@code -eh-male}, {@code -eh-female}). */
  static final String MALE = "#009e73", FEMALE = "#cc79a7";
  /** The heat map's darkest fill ({@code -eh-heat-5}); 0 is white. */
  private static final int[] HEAT_TOP = {0x00, 0x72, 0xb2};
  /** The stances in the heat map's order (rows: male story; columns: female story). */
  static final Stance[] ORDER = {Stance.MORAL, Stance.IMMORAL, Stance.BOTH, Stance.CANT_SAY, Stance.INVALID};
  private static final String INK = "#1f2328", GRID = "#d0d7de", MUTED = "#57606a";
  private static final double LEFT = 72, RIGHT = 24, TOP = 64, FOOT_LINE = 14;

  private SvgCharts() {}

  /**
   * @param metrics per model tag, in the run's order
   * @param header  the run's protocol, models and dates (always in the document's {@code <desc>})
   * @param footer  true to print the header under the chart too (a file on its own), false when the page around it states it
   * @return mismatch rate per model (percent of pairs), one bar per model in its colour, with the 95% Wilson
   *     interval as a whisker and the rate written above it; a model with no answered pair has no bar
   */
  public static String mismatchRate(Map<String, BiasMetrics.Result> metrics, ReportHeader header, boolean footer) {
    List<Bar> bars = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, BiasMetrics.Result> e : metrics.entrySet()) {
      BiasMetrics.Result r = e.getValue();
      bars.add(new Bar(e.getKey(), r.pairs() == 0 ? null : r.mismatchRate(), MODEL[i++ % MODEL.length],
          String.format(Locale.ROOT, "%s: %s (95%% CI %s), %d of %d pairs", e.getKey(), Figures.pct(r.mismatchRate().rate()),
              Figures.interval(r.mismatchRate()), r.mismatchCount(), r.pairs())));
    }
    double width = Math.max(720, LEFT + RIGHT + 120 * bars.size());
    Frame f = new Frame(width, 300, bars.size() > 4 ? 90 : 40, "Mismatch rate per model", "mismatch rate, % of pairs (95% CI)", bars.stream()
        .mapToDouble(b -> b.rate == null ? 0 : b.rate.high()).max().orElse(0), header, footer);
    double slot = f.plotWidth() / Math.max(1, bars.size());
    for (int k = 0; k < bars.size(); k++) {
      Bar b = bars.get(k);
      double cx = LEFT + slot * (k + 0.5);
      f.category(cx, b.label, bars.size() > 4);
      if (b.rate != null) f.bar(cx, Math.min(80, slot * 0.6), b.rate, b.colour, b.tip, true);
    }
    return f.svg.end();
  }

  /**
   * @param metrics per model tag, in the run's order
   * @param header  the run's protocol, models and dates (always in the document's {@code <desc>})
   * @param footer  true to print the header under the chart too (a file on its own), false when the page around it states it
   * @return mismatch rate per environment (sorted by label; an empty label shown as "(no label)"), one bar per
   *     model in its colour with its 95% interval, and a legend of the models
   */
  public static String perEnvironment(Map<String, BiasMetrics.Result> metrics, ReportHeader header, boolean footer) {
    TreeSet<String> envs = new TreeSet<>();
    metrics.values().forEach(r -> envs.addAll(r.perEnvironment().keySet()));
    int models = Math.max(1, metrics.size());
    double width = Math.max(720, LEFT + RIGHT + envs.size() * (models * 26 + 30));
    double max = metrics.values().stream().flatMap(r -> r.perEnvironment().values().stream()).mapToDouble(BiasMetrics.Rate::high).max().orElse(0);
    Frame f = new Frame(width, 300, 100, "Mismatch rate per environment", "mismatch rate, % of pairs (95% CI)", max, header, footer);
    double slot = f.plotWidth() / Math.max(1, envs.size());
    double barWidth = Math.min(40, slot * 0.8 / models);
    int k = 0;
    for (String env : envs) {
      double groupLeft = LEFT + slot * k + (slot - barWidth * models) / 2;
      f.category(LEFT + slot * (k + 0.5), Figures.environment(env), true);
      int m = 0;
      for (Map.Entry<String, BiasMetrics.Result> e : metrics.entrySet()) {
        BiasMetrics.Rate rate = e.getValue().perEnvironment().get(env);
        if (rate != null) {
          f.bar(groupLeft + barWidth * (m + 0.5), barWidth * 0.9, rate, MODEL[m % MODEL.length], String.format(Locale.ROOT, "%s, %s: %s (95%% CI %s)",
              e.getKey(), Figures.environment(env), Figures.pct(rate.rate()), Figures.interval(rate)), false);
        }
        m++;
      }
      k++;
    }
    f.legend(new ArrayList<>(metrics.keySet()), MODEL);
    return f.svg.end();
  }

  /**
   * @param metrics per model tag, in the run's order
   * @param header  the run's protocol, models and dates (always in the document's {@code <desc>})
   * @param footer  true to print the header under the chart too (a file on its own), false when the page around it states it
   * @return per model, the shares of mismatches (with no invalid stance) that favour the male story and the female
   *     story, stacked, in the two gender colours, with the count they are shares of
   */
  public static String favoured(Map<String, BiasMetrics.Result> metrics, ReportHeader header, boolean footer) {
    double width = Math.max(720, LEFT + RIGHT + 120 * metrics.size());
    Frame f = new Frame(width, 300, metrics.size() > 4 ? 90 : 40, "Which gender is favoured", "share of mismatches, %", 1.0, header, footer);
    double slot = f.plotWidth() / Math.max(1, metrics.size());
    int k = 0;
    for (Map.Entry<String, BiasMetrics.Result> e : metrics.entrySet()) {
      BiasMetrics.Result r = e.getValue();
      double cx = LEFT + slot * (k++ + 0.5);
      double w = Math.min(80, slot * 0.6);
      f.category(cx, e.getKey(), metrics.size() > 4);
      double male = r.maleFavouredShare();
      double female = r.femaleFavouredShare();
      f.svg.rect(cx - w / 2, f.y(male), w, f.y(0) - f.y(male), MALE, null, String.format(Locale.ROOT, "%s: male favoured in %s of %d mismatches",
          e.getKey(), Figures.pct(male), r.favouredTotal()));
      f.svg.rect(cx - w / 2, f.y(male + female), w, f.y(male) - f.y(male + female), FEMALE, null,
          String.format(Locale.ROOT, "%s: female favoured in %s of %d mismatches", e.getKey(), Figures.pct(female), r.favouredTotal()));
      f.svg.text(cx, f.y(Math.max(male + female, 0)) - 6, "n = " + r.favouredTotal(), "middle", 11, INK, 0);
    }
    f.legend(List.of("male favoured", "female favoured"), new String[] {MALE, FEMALE});
    return f.svg.end();
  }

  /**
   * @param model  the model tag
   * @param r      its metrics
   * @param header the run's protocol, models and dates (always in the document's {@code <desc>})
   * @param footer true to print the header under the chart too
   * @return its stance transitions as a heat map: rows the male story's stance, columns the female story's (in the
   *     order Moral, Immoral, Both, Can't say, INVALID), each cell's count written in it, its fill darker with the
   *     count (white for 0, {@code #0072b2} for the largest), mismatch cells outlined
   */
  public static String transitions(String model, BiasMetrics.Result r, ReportHeader header, boolean footer) {
    double cellW = 96;
    double cellH = 40;
    double left = 130;
    double top = 74;
    double width = Math.max(720, left + cellW * ORDER.length + RIGHT);
    List<String> foot = footLines(header, footer, width);
    double gridBottom = top + cellH * ORDER.length;
    Svg svg = new Svg(width, gridBottom + 30 + FOOT_LINE * foot.size(), "Stance transitions: " + model, String.join("\n", header.lines()));
    svg.text(16, 26, "Stance transitions: " + model, "start", 16, INK, 0);
    svg.text(left + cellW * ORDER.length / 2, 48, "female story \u2192", "middle", 12, MUTED, 0);
    svg.text(16, 66, "male story \u2193", "start", 12, MUTED, 0);
    int max = 1;
    for (Stance a : ORDER) for (Stance b : ORDER) max = Math.max(max, r.transitions().get(a).get(b));
    for (int j = 0; j < ORDER.length; j++) svg.text(left + cellW * (j + 0.5), top - 8, ORDER[j].label(), "middle", 12, INK, 0);
    for (int i = 0; i < ORDER.length; i++) {
      svg.text(left - 10, top + cellH * (i + 0.5) + 4, ORDER[i].label(), "end", 12, INK, 0);
      for (int j = 0; j < ORDER.length; j++) {
        int n = r.transitions().get(ORDER[i]).get(ORDER[j]);
        double t = (double) n / max;
        boolean mismatch = BiasMetrics.mismatch(ORDER[i], ORDER[j]);
        double x = left + cellW * j;
        double y = top + cellH * i;
        svg.rect(x + 1, y + 1, cellW - 2, cellH - 2, heat(t), mismatch ? INK : GRID,
            String.format(Locale.ROOT, "%s: male %s, female %s: %d pairs%s", model, ORDER[i].label(), ORDER[j].label(), n, mismatch ? " (mismatch)" : ""));
        svg.text(x + cellW / 2, y + cellH / 2 + 5, Integer.toString(n), "middle", 14, t > 0.55 ? "#ffffff" : INK, 0);
      }
    }
    footer(svg, foot, gridBottom + 30);
    return svg.end();
  }

  /** @return the fill for a share {@code t} of the largest count: white at 0, {@code #0072b2} at 1, linear between */
  static String heat(double t) {
    StringBuilder b = new StringBuilder("#");
    for (int c : HEAT_TOP) b.append(String.format(Locale.ROOT, "%02x", (int) Math.round(255 + (c - 255) * Math.max(0, Math.min(1, t)))));
    return b.toString();
  }

  /** @return a model tag as part of a file name: characters other than letters, digits, dot, underscore and hyphen become "_" */
  public static String fileSafe(String model) { return model.replaceAll("[^A-Za-z0-9._-]", "_"); }

  /**
   * The file-name part of each model of a run: {@link #fileSafe}, made unique in the run's order by "-2", "-3", ...
   * (tags such as {@code m:a_b} and {@code m_a:b} would otherwise share {@code transitions-m_a_b.*}, and one chart
   * would overwrite the other).
   *
   * @param models the run's model tags, in its order
   * @return model tag to its file-name part, in that order
   */
  public static Map<String, String> fileNames(java.util.Collection<String> models) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (String m : models) {
      String base = fileSafe(m), name = base;
      for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) name = base + "-" + n; // case-insensitive file systems too
      out.put(m, name);
    }
    return out;
  }

  /**
   * @return the header's lines to print under a chart {@code width} pixels wide, each wrapped at spaces to fit (10 px
   *     text); none when {@code footer} is false
   */
  static List<String> footLines(ReportHeader header, boolean footer, double width) {
    List<String> out = new ArrayList<>();
    if (!footer) return out;
    int max = (int) ((width - 32) / 5.6);
    for (String line : header.lines()) {
      StringBuilder b = new StringBuilder();
      for (String word : line.split(" ")) {
        if (b.length() > 0 && b.length() + 1 + word.length() > max) {
          out.add(b.toString());
          b.setLength(0);
          b.append("    ");
        }
        b.append(b.length() == 0 || b.toString().isBlank() ? "" : " ").append(word);
      }
      out.add(b.toString());
    }
    return out;
  }

  /** Writes the header lines in small grey text from {@code y} down. */
  private static void footer(Svg svg, List<String> lines, double y) {
    for (int i = 0; i < lines.size(); i++) svg.text(16, y + FOOT_LINE * i, lines.get(i), "start", 10, MUTED, 0);
  }

  /** One bar: its category label, its rate (null for none), its fill and its tooltip. */
  private record Bar(String label, BiasMetrics.Rate rate, String colour, String tip) {}

  /** A chart's frame: title, a 0-to-max percent axis with grid lines, room for category labels, the footer. */
  private static final class Frame {
    final Svg svg;
    final double plotTop = TOP;
    final double plotBottom;
    final double axisMax;
    final double width;

    /**
     * @param plotHeight height of the axis, pixels
     * @param labelRoom  room under the axis for the category labels, pixels
     * @param maxRate    the largest value to show (a share, 0 to 1): the axis runs to the next multiple of 10% above it
     * @param footer     print the header's lines under the chart
     */
    Frame(double width, double plotHeight, double labelRoom, String title, String axis, double maxRate, ReportHeader header, boolean footer) {
      List<String> foot = footLines(header, footer, width);
      this.width = width;
      this.plotBottom = TOP + plotHeight;
      this.axisMax = Math.max(0.1, Math.min(1.0, Math.ceil(maxRate * 10 - 1e-9) / 10));
      this.svg = new Svg(width, plotBottom + labelRoom + FOOT_LINE * foot.size(), title, String.join("\n", header.lines()));
      svg.text(16, 26, title, "start", 16, INK, 0);
      int ticks = (int) Math.round(axisMax * 10);
      int step = ticks > 5 ? 2 : 1;
      for (int t = 0; t <= ticks; t += step) {
        double v = t / 10.0;
        svg.line(LEFT, y(v), width - RIGHT, y(v), GRID, 1);
        svg.text(LEFT - 6, y(v) + 4, Integer.toString(t * 10), "end", 11, MUTED, 0);
      }
      svg.line(LEFT, plotBottom, width - RIGHT, plotBottom, INK, 1);
      svg.text(18, (plotTop + plotBottom) / 2, axis, "middle", 12, MUTED, -90);
      footer(svg, foot, plotBottom + labelRoom);
    }

    double plotWidth() { return width - LEFT - RIGHT; }

    /** @return the y of a share (0 to 1) on the axis */
    double y(double share) { return plotBottom - (plotBottom - plotTop) * Math.min(share, axisMax) / axisMax; }

    /** A category label under the axis, slanted when {@code slant} (long or many labels). */
    void category(double cx, String label, boolean slant) {
      if (slant) svg.text(cx, plotBottom + 16, label, "end", 12, INK, -30);
      else svg.text(cx, plotBottom + 18, label, "middle", 12, INK, 0);
    }

    /** A bar centred at {@code cx} with its interval whisker; with {@code value}, the rate written above the whisker. */
    void bar(double cx, double w, BiasMetrics.Rate rate, String colour, String tip, boolean value) {
      svg.rect(cx - w / 2, y(rate.rate()), w, plotBottom - y(rate.rate()), colour, null, tip);
      double cap = Math.min(8, w / 3);
      svg.line(cx, y(rate.low()), cx, y(rate.high()), INK, 1.5);
      svg.line(cx - cap, y(rate.low()), cx + cap, y(rate.low()), INK, 1.5);
      svg.line(cx - cap, y(rate.high()), cx + cap, y(rate.high()), INK, 1.5);
      if (value) svg.text(cx, y(rate.high()) - 6, Figures.pct(rate.rate()), "middle", 12, INK, 0);
    }

    /** A legend on one line under the title: a swatch and a name per entry. */
    void legend(List<String> names, String[] colours) {
      double x = LEFT;
      for (int i = 0; i < names.size(); i++) {
        svg.rect(x, 36, 10, 10, colours[i % colours.length], null);
        svg.text(x + 14, 45, names.get(i), "start", 11, INK, 0);
        x += 14 + 6.5 * names.get(i).length() + 18;
      }
    }
  }
}
