package gradgraph.models.plot;

import gradgraph.core.tensor.Errors;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws attention weights as a heat map, as the sequel's figures of a seq2seq's alignment: one row
 * per output token (the query), one column per input token (the key), each cell shaded by its
 * weight from white (0) to dark blue (1); input tokens along the top, outputs down the side.
 */
public final class AttentionMapChart {
  private AttentionMapChart() {}

  /**
   * Renders the chart.
   *
   * @param weights {@code weights[row][column]}, each in {@code [0, 1]}, all rows of one length
   * @param rowLabels the output tokens, one per row
   * @param columnLabels the input tokens, one per column
   * @param title the title
   * @return the image
   * @throws IllegalArgumentException when the labels do not fit the weights
   */
  public static BufferedImage render(
      double[][] weights, List<String> rowLabels, List<String> columnLabels, String title) {
    int rows = weights.length;
    int cols = rows == 0 ? 0 : weights[0].length;
    Errors.check(
        rowLabels.size() == rows,
        "AttentionMapChart",
        "rowLabels",
        rowLabels.size() + " labels for " + rows + " rows");
    Errors.check(
        columnLabels.size() == cols,
        "AttentionMapChart",
        "columnLabels",
        columnLabels.size() + " labels for " + cols + " columns");
    for (int i = 0; i < rows; i++) {
      Errors.check(
          weights[i].length == cols,
          "AttentionMapChart",
          "weights",
          "row " + i + " has " + weights[i].length + " columns, row 0 has " + cols);
    }
    Headless.ensure();
    int cell = 26;
    Font font = new Font(Font.MONOSPACED, Font.PLAIN, 13);
    int left = 60;
    int top = 70;
    int width = Math.max(left + cols * cell + 30, 320);
    int height = top + rows * cell + 40;
    BufferedImage img = Headless.canvas(width, height);
    Graphics2D g = Headless.graphics(img);
    g.setFont(Headless.TITLE);
    g.setColor(Color.BLACK);
    g.drawString(title, 10, 10 + g.getFontMetrics().getAscent());
    g.setFont(font);
    FontMetrics f = g.getFontMetrics();
    for (int j = 0; j < cols; j++) {
      String s = visible(columnLabels.get(j));
      AffineTransform t = g.getTransform();
      g.translate(left + j * cell + (cell + f.getAscent()) / 2 - 2, top - 6);
      g.rotate(-Math.PI / 2);
      g.drawString(s, 0, 0);
      g.setTransform(t);
    }
    for (int i = 0; i < rows; i++) {
      String s = visible(rowLabels.get(i));
      g.setColor(Color.BLACK);
      g.drawString(s, left - 8 - f.stringWidth(s), top + i * cell + (cell + f.getAscent()) / 2 - 2);
      for (int j = 0; j < cols; j++) {
        g.setColor(shade(weights[i][j]));
        g.fillRect(left + j * cell, top + i * cell, cell, cell);
      }
    }
    g.setColor(Color.GRAY);
    g.drawRect(left, top, cols * cell, rows * cell);
    g.setFont(Headless.LABEL);
    g.setColor(Color.DARK_GRAY);
    g.drawString("input (keys) along the top, output (queries) down the side", 10, height - 12);
    g.dispose();
    return img;
  }

  /** A space would draw nothing: show it as an open box. */
  private static String visible(String s) {
    return s.equals(" ") ? "\u2423" : s;
  }

  /** White to dark blue. */
  private static Color shade(double w) {
    double t = Double.isNaN(w) ? 0 : Math.max(0, Math.min(1, w));
    int r = (int) Math.round(247 + (8 - 247) * t);
    int gr = (int) Math.round(251 + (48 - 251) * t);
    int b = (int) Math.round(255 + (107 - 255) * t);
    return new Color(r, gr, b);
  }

  /**
   * Writes the chart as a PNG.
   *
   * @param weights {@code weights[row][column]}
   * @param rowLabels the output tokens
   * @param columnLabels the input tokens
   * @param title the title
   * @param file the file, created or replaced atomically
   * @throws IOException if it cannot be written
   */
  public static void writePng(
      double[][] weights,
      List<String> rowLabels,
      List<String> columnLabels,
      String title,
      Path file)
      throws IOException {
    Headless.writePng(render(weights, rowLabels, columnLabels, title), file);
  }
}
