package gradgraph.examples.figures;

import gradgraph.core.tensor.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws a batch of single-channel images (or the first channel of convolution filters) as a grey
 * grid, each tile scaled to its own minimum and maximum, as the book shows conv1's filters: {@code
 * [N, C, H, W]} or {@code [N, H, W]}.
 */
public final class ImageGrid {
  private ImageGrid() {}

  /**
   * Renders a grid.
   *
   * @param images {@code [N, C, H, W]} (channel 0 is drawn) or {@code [N, H, W]}; not modified
   * @param columns tiles per row
   * @param scale pixels per element
   * @param captions one caption under each tile, or null for none
   * @param title the title, or null
   * @return the image
   */
  public static BufferedImage render(
      Tensor images, int columns, int scale, List<String> captions, String title) {
    int[] s = images.shape();
    if (s.length != 3 && s.length != 4) {
      throw new IllegalArgumentException(
          "ImageGrid: images: expected [N, C, H, W] or [N, H, W], got "
              + java.util.Arrays.toString(s));
    }
    if (columns < 1 || scale < 1) {
      throw new IllegalArgumentException(
          "ImageGrid: columns and scale must be at least 1, got " + columns + " and " + scale);
    }
    int n = s[0];
    int h = s[s.length - 2];
    int w = s[s.length - 1];
    int per = images.size() / n; // elements per item; channel 0 is the first h*w of them
    if (captions != null && captions.size() != n) {
      throw new IllegalArgumentException(
          "ImageGrid: captions: expected " + n + ", got " + captions.size());
    }
    double[] v = images.toDoubleArray();
    int cols = Math.min(columns, n);
    int rows = (n + cols - 1) / cols;
    int gap = 4;
    int capH = captions == null ? 0 : 14;
    int top = title == null ? gap : 24;
    int tileW = w * scale;
    int tileH = h * scale;
    int width = cols * (tileW + gap) + gap;
    int height = top + rows * (tileH + capH + gap) + gap;
    BufferedImage img = Png.canvas(width, height);
    Graphics2D g = Png.graphics(img);
    if (title != null) {
      g.setFont(Png.TITLE);
      g.drawString(title, gap, 17);
    }
    g.setFont(Png.LABEL);
    for (int k = 0; k < n; k++) {
      int x0 = gap + (k % cols) * (tileW + gap);
      int y0 = top + (k / cols) * (tileH + capH + gap);
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < h * w; i++) {
        lo = Math.min(lo, v[k * per + i]);
        hi = Math.max(hi, v[k * per + i]);
      }
      double range = hi > lo ? hi - lo : 1;
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          int grey = (int) Math.round(255 * (v[k * per + i * w + j] - lo) / range);
          g.setColor(new Color(grey, grey, grey));
          g.fillRect(x0 + j * scale, y0 + i * scale, scale, scale);
        }
      }
      if (captions != null) {
        g.setColor(Color.BLACK);
        String c = captions.get(k);
        int cw = g.getFontMetrics().stringWidth(c);
        g.drawString(c, x0 + Math.max(0, (tileW - cw) / 2), y0 + tileH + 12);
      }
    }
    g.dispose();
    return img;
  }

  /**
   * Renders a grid and writes it as PNG.
   *
   * @param images as {@link #render}
   * @param columns tiles per row
   * @param scale pixels per element
   * @param captions captions or null
   * @param title the title, or null
   * @param file the PNG file; its directory is created
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path writePng(
      Tensor images, int columns, int scale, List<String> captions, String title, Path file)
      throws IOException {
    Png.write(render(images, columns, scale, captions, title), file);
    return file;
  }
}
