package gradgraph.models.plot;

import gradgraph.models.metrics.ConfusionMatrix;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws a {@link ConfusionMatrix} as a heat map: one cell per (true class, predicted class), its
 * shade the fraction of the true class's examples (each row normalized, so rare classes show as
 * clearly as common ones), its text the count; true classes down the side, predictions along the
 * top.
 */
public final class ConfusionMatrixChart {
  private ConfusionMatrixChart() {}

  /**
   * Renders the chart.
   *
   * @param m the matrix
   * @param title the title, e.g. {@code "Fashion-MNIST test, accuracy 0.87"}
   * @return the image
   */
  public static BufferedImage render(ConfusionMatrix m, String title) {
    Headless.ensure();
    int k = m.numClasses();
    int cell = k <= 10 ? 56 : Math.max(18, 560 / k);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(13, cell / 4)));
    Font bold = font.deriveFont(Font.BOLD, font.getSize2D() + 3);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    FontMetrics fm = pg.getFontMetrics(font);
    int label = 0;
    for (String n : m.classNames()) {
      label = Math.max(label, fm.stringWidth(n));
    }
    pg.dispose();
    int left = label + 60;
    int top = label + 70;
    int width = left + k * cell + 30;
    int height = top + k * cell + 30;
    BufferedImage img = Headless.canvas(width, height);
    Graphics2D g = Headless.graphics(img);
    g.setFont(bold);
    g.drawString(title, 10, 10 + g.getFontMetrics().getAscent());
    g.setFont(font);
    FontMetrics f = g.getFontMetrics();
    g.drawString(
        "predicted", left + (k * cell - f.stringWidth("predicted")) / 2, 40 + f.getAscent());
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString("true class", -(top + (k * cell + f.stringWidth("true class")) / 2), 20);
    g.setTransform(saved);
    for (int i = 0; i < k; i++) {
      String n = m.classNames().get(i);
      g.setColor(Color.BLACK);
      g.drawString(n, left - 8 - f.stringWidth(n), top + i * cell + (cell + f.getAscent()) / 2 - 2);
      AffineTransform t = g.getTransform();
      g.translate(left + i * cell + (cell + f.getAscent()) / 2 - 2, top - 8);
      g.rotate(-Math.PI / 2);
      g.drawString(n, 0, 0);
      g.setTransform(t);
      long support = m.support(i);
      for (int j = 0; j < k; j++) {
        long c = m.count(i, j);
        double frac = support == 0 ? 0 : (double) c / support;
        Color bg = shade(frac);
        g.setColor(bg);
        g.fillRect(left + j * cell, top + i * cell, cell, cell);
        String s = String.format(Locale.ROOT, "%d", c);
        g.setColor(frac > 0.5 ? Color.WHITE : Color.BLACK);
        if (f.stringWidth(s) < cell - 2) {
          g.drawString(
              s,
              left + j * cell + (cell - f.stringWidth(s)) / 2,
              top + i * cell + (cell + f.getAscent()) / 2 - 2);
        }
      }
    }
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1));
    g.drawRect(left, top, k * cell, k * cell);
    g.dispose();
    return img;
  }

  /** White to dark blue. */
  private static Color shade(double frac) {
    double t = Math.max(0, Math.min(1, frac));
    int r = (int) Math.round(247 + (8 - 247) * t);
    int gr = (int) Math.round(251 + (48 - 251) * t);
    int b = (int) Math.round(255 + (107 - 255) * t);
    return new Color(r, gr, b);
  }

  /**
   * Writes the chart as a PNG.
   *
   * @param m the matrix
   * @param title the title
   * @param file the file, created or replaced atomically
   * @throws IOException if it cannot be written
   */
  public static void writePng(ConfusionMatrix m, String title, Path file) throws IOException {
    Headless.writePng(render(m, title), file);
  }
}
