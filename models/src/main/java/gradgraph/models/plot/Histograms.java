package gradgraph.examples.figures;

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
    if (!(hi > lo) || bins < 1) {
      throw new IllegalArgumentException(
          "Histograms: range and bins: need lo < hi and bins >= 1, got ["
              + lo
              + ", "
              + hi
              + "] and "
              + bins);
    }
    this.title = title;
    this.lo = lo;
    this.hi = hi;
    this.bins = bins;
  }

  /**
   * Adds a panel.
   *
   * @param name its caption
   * @param values the values to count; not modified
   * @return this
   */
  public Histograms add(String name, double[] values) {
    long[] counts = new long[bins];
    for (double v : values) {
      int b = (int) Math.floor((v - lo) / (hi - lo) * bins);
      counts[Math.max(0, Math.min(bins - 1, b))]++;
    }
    panels.put(name, counts);
    return this;
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
      throw new IllegalArgumentException("Histograms.counts: name: no panel '" + name + "'");
    }
    return c.clone();
  }

  /**
   * Draws the panels side by side.
   *
   * @return the image
   */
  public BufferedImage render() {
    int pw = 200;
    int ph = 160;
    int gap = 16;
    int n = Math.max(1, panels.size());
    BufferedImage img = Png.canvas(gap + n * (pw + gap), 30 + ph + 40);
    Graphics2D g = Png.graphics(img);
    g.setFont(Png.TITLE);
    g.drawString(title, gap, 18);
    g.setFont(Png.LABEL);
    int k = 0;
    for (Map.Entry<String, long[]> e : panels.entrySet()) {
      int x0 = gap + k * (pw + gap);
      int y0 = 30;
      long max = 1;
      for (long c : e.getValue()) {
        max = Math.max(max, c);
      }
      g.setColor(Png.palette(0));
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
   * @param file the PNG file; its directory is created
   * @return the file
   * @throws IOException if it cannot be written
   */
  public Path writePng(Path file) throws IOException {
    Png.write(render(), file);
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
