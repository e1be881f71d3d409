package gradgraph.models.plot;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A row of histogram panels over one shared range, as the book shows the activations of each hidden
 * layer ({@code 1-layer}, {@code 2-layer}, ...): values outside the range are counted in the edge
 * bins.
 *
 * <pre>{@code
 * Histograms h = new Histograms("activations", 0, 1, 30);
 * h.add("1-layer", a1).add("2-layer", a2);
 * long[] c = h.counts("1-layer"); // the numbers behind the bars
 * h.writePng(Path.of("activations.png"));
 * }</pre>
 */
public final class Histograms {
  private final String title;
  private final double lo;
  private final double hi;
  private final int bins;
  private final Map<String, long[]> panels = new LinkedHashMap<>();

  /**
   * Creates empty panels.
   *
   * @param title the title over the row
   * @param lo the range's lower end
   * @param hi the range's upper end, above {@code lo}
   * @param bins bins per panel, at least 1
   */
  public Histograms(String title, double lo, double hi, int bins) {
    Errors.check(
        Double.isFinite(lo) && Double.isFinite(hi) && hi > lo,
        "Histograms",
        "range",
        "need finite lo < hi, got [" + lo + ", " + hi + "]");
    Errors.check(bins >= 1, "Histograms", "bins", "must be at least 1, got " + bins);
    this.title = title;
    this.lo = lo;
    this.hi = hi;
    this.bins = bins;
  }

  /**
   * Adds a panel (or replaces the panel of the same name). Bin {@code b} counts the values in
   * {@code [lo + b·w, lo + (b+1)·w)} with {@code w = (hi − lo) / bins}; values below {@code lo} go
   * to the first bin, values at or above {@code hi} to the last; NaN values are not counted.
   *
   * @param name its caption
   * @param values the values to count, at least one; not modified
   * @return this
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Histograms add(String name, double[] values) {
    Errors.check(
        values.length > 0,
        "Histograms.add",
        "values",
        "panel '" + name + "' has no values (shape [0]); pass at least one");
    long[] counts = new long[bins];
    for (double v : values) {
      if (Double.isNaN(v)) {
        continue;
      }
      double b = Math.floor((v - lo) / (hi - lo) * bins);
      counts[(int) Math.max(0, Math.min(bins - 1, b))]++;
    }
    panels.put(name, counts);
    return this;
  }

  /**
   * Adds a panel of all the elements of a tensor, as {@link #add(String, double[])}.
   *
   * @param name its caption
   * @param values e.g. a layer's activations, any shape with at least one element
   * @return this
   * @throws IllegalArgumentException if {@code values} has no elements
   */
  public Histograms add(String name, Tensor values) {
    Errors.check(
        values.size() > 0,
        "Histograms.add",
        "values",
        "panel '" + name + "' has no values: shape " + Errors.shape(values.shape()));
    return add(name, values.toDoubleArray());
  }

  /**
   * Returns the edges of the bins.
   *
   * @return {@code bins + 1} values from {@code lo} to {@code hi}
   */
  public double[] edges() {
    double[] e = new double[bins + 1];
    for (int b = 0; b <= bins; b++) {
      e[b] = b == bins ? hi : lo + (hi - lo) * b / bins;
    }
    return e;
  }

  /**
   * Returns a panel's counts.
   *
   * @param name the caption
   * @return a copy of the counts, bin by bin
   */
  public long[] counts(String name) {
    long[] c = panels.get(name);
    if (c == null) {
      throw Errors.illegalArgument(
          "Histograms.counts", "name", "no panel '" + name + "'; there are " + panels.keySet());
    }
    return c.clone();
  }

  /**
   * Draws the panels side by side: each 200×160 pixels, its bars scaled to its own largest bin.
   *
   * @return the image
   * @throws IllegalStateException if no panel was added
   */
  public BufferedImage render() {
    if (panels.isEmpty()) {
      throw new IllegalStateException(
          "Histograms '" + title + "': no panels to draw; add some with add(name, values)");
    }
    int pw = 200;
    int ph = 160;
    int gap = 16;
    int n = Math.max(1, panels.size());
    BufferedImage img = Headless.canvas(gap + n * (pw + gap), 30 + ph + 40);
    Graphics2D g = Headless.graphics(img);
    g.setFont(Headless.TITLE);
    g.drawString(title, gap, 18);
    g.setFont(Headless.LABEL);
    int k = 0;
    for (Map.Entry<String, long[]> e : panels.entrySet()) {
      int x0 = gap + k * (pw + gap);
      int y0 = 30;
      long max = 1;
      for (long c : e.getValue()) {
        max = Math.max(max, c);
      }
      g.setColor(Headless.palette(0));
      double bw = (double) pw / bins;
      for (int b = 0; b < bins; b++) {
        int barH = (int) Math.round((double) ph * e.getValue()[b] / max);
        g.fillRect(
            x0 + (int) Math.round(b * bw),
            y0 + ph - barH,
            Math.max(1, (int) Math.round(bw) - 1),
            barH);
      }
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1));
      g.drawRect(x0, y0, pw, ph);
      g.drawString(fmt(lo), x0, y0 + ph + 13);
      String h = fmt(hi);
      g.drawString(h, x0 + pw - g.getFontMetrics().stringWidth(h), y0 + ph + 13);
      g.drawString(e.getKey(), x0 + pw / 2 - g.getFontMetrics().stringWidth(e.getKey()) / 2, 224);
      k++;
    }
    g.dispose();
    return img;
  }

  /**
   * Draws the panels and writes them as PNG.
   *
   * @param file the PNG file, created or replaced atomically; its directory is created
   * @return the file
   * @throws IOException if it cannot be written
   */
  public Path writePng(Path file) throws IOException {
    Headless.writePng(render(), file);
    return file;
  }

  /**
   * Returns the panel names, in order.
   *
   * @return the names
   */
  public List<String> names() {
    return new ArrayList<>(panels.keySet());
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
