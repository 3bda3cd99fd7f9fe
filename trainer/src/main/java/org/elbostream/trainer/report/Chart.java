package org.elbostream.trainer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.elbostream.trainer.eval.measure.Runs;

/**
 * A small PNG chart drawn with Java2D, so the report needs no plotting library and no browser
 * scripts: line series, histograms with vertical markers, and coloured scatter plots.
 */
public final class Chart {
  private static final int W = 760;
  private static final int H = 380;
  private static final int LEFT = 88;
  private static final int RIGHT = 20;
  private static final int TOP = 36;
  private static final int BOTTOM = 48;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd)};
  /** Ten colours that stay apart (matplotlib's tab10), for categories. */
  private static final Color[] CATEGORIES = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};
  private static final Color BAND = new Color(255, 200, 200);
  private static final Color STRIP = new Color(0x8c564b);
  private static final int STRIP_HEIGHT = 10;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Runnable> layers = new ArrayList<>();
  private final List<String[]> legend = new ArrayList<>();
  private double xMin = Double.POSITIVE_INFINITY;
  private double xMax = Double.NEGATIVE_INFINITY;
  private double yMin = Double.POSITIVE_INFINITY;
  private double yMax = Double.NEGATIVE_INFINITY;
  private Graphics2D g;

  public Chart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** A line through (x[i], y[i]); non-finite points are skipped. */
  public Chart line(String name, double[] x, double[] y) {
    int colour = legend.size();
    legend.add(new String[] {name, String.valueOf(colour)});
    for (int i = 0; i < x.length; i++) {
      extend(x[i], y[i]);
    }
    layers.add(() -> {
      g.setColor(PALETTE[colour % PALETTE.length]);
      g.setStroke(new BasicStroke(2f));
      for (int i = 1; i < x.length; i++) {
        if (finite(x[i - 1], y[i - 1]) && finite(x[i], y[i])) {
          g.drawLine(px(x[i - 1]), py(y[i - 1]), px(x[i]), py(y[i]));
        }
      }
    });
    return this;
  }

  /** A histogram of values in {@code bins} equal bins. */
  public Chart histogram(String name, double[] values, int bins) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    double width = (hi - lo) / bins;
    int[] counts = new int[bins];
    for (double v : values) {
      if (Double.isFinite(v)) {
        counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
      }
    }
    int colour = legend.size();
    legend.add(new String[] {name, String.valueOf(colour)});
    extend(lo, 0);
    for (int b = 0; b < bins; b++) {
      extend(lo + (b + 1) * width, counts[b]);
    }
    double start = lo;
    layers.add(() -> {
      g.setColor(PALETTE[colour % PALETTE.length]);
      for (int b = 0; b < bins; b++) {
        int x0 = px(start + b * width);
        int x1 = px(start + (b + 1) * width);
        int y0 = py(counts[b]);
        g.fillRect(x0, y0, Math.max(1, x1 - x0 - 1), py(0) - y0);
      }
    });
    return this;
  }

  /**
   * Shaded spans where {@code flags[i]} is set, x being the index i: labelled anomalies behind a
   * time series. Call before the series so it is drawn on top.
   */
  public Chart bands(String name, boolean[] flags) {
    legend.add(new String[] {name, "-2"});
    extend(0, Double.NaN);
    extend(flags.length - 1, Double.NaN);
    layers.add(() -> {
      g.setColor(BAND);
      for (int[] run : Runs.of(flags)) {
        int x0 = px(run[0]);
        g.fillRect(x0, TOP, Math.max(1, px(run[1]) - x0 + 1), H - BOTTOM - TOP);
      }
    });
    return this;
  }

  /**
   * Spans [from, to] of the index drawn as a strip along the top of the plot, apart from the bands
   * below it: incidents over a score line, beside the labelled segments they should cover.
   */
  public Chart strip(String name, List<int[]> spans) {
    legend.add(new String[] {name, "-3"});
    layers.add(() -> {
      g.setColor(STRIP);
      for (int[] span : spans) {
        int x0 = px(span[0]);
        g.fillRect(x0, TOP, Math.max(2, px(span[1]) - x0 + 1), STRIP_HEIGHT);
      }
    });
    return this;
  }

  /** A dashed horizontal line at y, labelled. */
  public Chart level(String name, double y) {
    int colour = legend.size() + 2;
    legend.add(new String[] {name, String.valueOf(colour)});
    extend(Double.NaN, y);
    layers.add(() -> {
      g.setColor(PALETTE[colour % PALETTE.length]);
      g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      g.drawLine(LEFT, py(y), W - RIGHT, py(y));
    });
    return this;
  }

  /** A dashed vertical line at x, labelled. */
  public Chart marker(String name, double x) {
    int colour = legend.size() + 2;
    legend.add(new String[] {name, String.valueOf(colour)});
    extend(x, Double.NaN);
    layers.add(() -> {
      g.setColor(PALETTE[colour % PALETTE.length]);
      g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      g.drawLine(px(x), TOP, px(x), H - BOTTOM);
    });
    return this;
  }

  /** Points coloured from blue (low) to red (high) by {@code colourBy}, e.g. the score. */
  public Chart scatter(double[] x, double[] y, double[] colourBy, String colourName) {
    double[] sorted = colourBy.clone();
    java.util.Arrays.sort(sorted);
    double lo = sorted[0];
    double hi = sorted[(int) (0.99 * (sorted.length - 1))]; // a few extreme scores must not wash out the rest
    for (int i = 0; i < x.length; i++) {
      extend(x[i], y[i]);
    }
    legend.add(new String[] {"colour: " + colourName + " (blue low, red high)", "-1"});
    layers.add(() -> {
      for (int i = 0; i < x.length; i++) {
        double t = hi > lo ? Math.max(0, Math.min(1, (colourBy[i] - lo) / (hi - lo))) : 0;
        g.setColor(new Color((float) t, 0.15f, (float) (1 - t), 0.6f));
        g.fillOval(px(x[i]) - 2, py(y[i]) - 2, 5, 5);
      }
    });
    return this;
  }

  /** Points coloured by group, one legend entry per group: e.g. a latent space coloured by digit. */
  public Chart groups(double[] x, double[] y, int[] group, String[] names) {
    for (int i = 0; i < x.length; i++) {
      extend(x[i], y[i]);
    }
    for (int k = 0; k < names.length; k++) {
      legend.add(new String[] {names[k], String.valueOf(-10 - k)});
    }
    layers.add(() -> {
      for (int i = 0; i < x.length; i++) {
        Color c = CATEGORIES[group[i] % CATEGORIES.length];
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
        g.fillOval(px(x[i]) - 2, py(y[i]) - 2, 4, 4);
      }
    });
    return this;
  }

  private void extend(double x, double y) {
    if (Double.isFinite(x)) {
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
    }
    if (Double.isFinite(y)) {
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  }

  private static boolean finite(double x, double y) {
    return Double.isFinite(x) && Double.isFinite(y);
  }

  private int px(double x) {
    return LEFT + (int) Math.round((x - xMin) / (xMax - xMin) * (W - LEFT - RIGHT));
  }

  private int py(double y) {
    return H - BOTTOM - (int) Math.round((y - yMin) / (yMax - yMin) * (H - TOP - BOTTOM));
  }

  /** Renders the chart to PNG bytes. */
  public byte[] png() {
    if (!(xMax > xMin)) {
      xMax = xMin + 1;
    }
    if (!(yMax > yMin)) {
      yMax = yMin + 1;
    }
    double pad = 0.08 * (yMax - yMin); // room for an incident strip above the highest point
    yMax += pad;
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      drawAxes();
      layers.forEach(Runnable::run);
      drawLegend();
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The PNG as a data URI for an {@code <img src>}: the report stays one self-contained file. */
  public String dataUri() {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png());
  }

  private void drawAxes() {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, LEFT, 22);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
    g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
    for (int i = 0; i <= 5; i++) {
      double x = xMin + i * (xMax - xMin) / 5;
      double y = yMin + i * (yMax - yMin) / 5;
      g.setColor(new Color(0xDDDDDD));
      g.drawLine(LEFT + 1, py(y), W - RIGHT, py(y));
      g.setColor(Color.DARK_GRAY);
      g.drawString(tick(x, (xMax - xMin) / 5), px(x) - 14, H - BOTTOM + 15);
      String label = tick(y, (yMax - yMin) / 5);
      g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), py(y) + 4);
    }
    g.drawString(xLabel, (W - LEFT) / 2, H - 10);
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(H + TOP) / 2 - 20, 12);
    g.rotate(Math.PI / 2);
  }

  private void drawLegend() {
    int y = TOP + 12;
    for (String[] entry : legend) {
      int colour = Integer.parseInt(entry[1]);
      if (colour >= 0 || colour == -2 || colour == -3 || colour <= -10) {
        g.setColor(colour >= 0 ? PALETTE[colour % PALETTE.length]
            : colour == -2 ? BAND : colour == -3 ? STRIP : CATEGORIES[(-10 - colour) % CATEGORIES.length]);
        g.fillRect(W - RIGHT - 230, y - 9, 12, 10);
      }
      g.setColor(Color.BLACK);
      g.drawString(entry[0], W - RIGHT - 212, y);
      y += 15;
    }
  }

  /** A tick label with as many decimals as the step between ticks needs, so neighbours differ. */
  private static String tick(double v, double step) {
    double a = Math.abs(v);
    if (a >= 1e5 || (a != 0 && a < 1e-4)) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    int decimals = step > 0 ? (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(step)) + 1)) : 2;
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
