package gradgraph.models.plot;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws a batch of single-channel images (or the first channel of convolution filters) as a grey
 * grid, as the book shows conv1's filters or misclassified test images. Each tile is scaled to its
 * own minimum (black) and maximum (white); a constant tile is black.
 *
 * <pre>{@code
 * Tensor w = net.namedParameters().get("conv1.weight").value(); // [30, 1, 5, 5]
 * ImageGrid.writePng(w, 10, 8, null, "conv1 filters", Path.of("filters.png"));
 * }</pre>
 *
 * <p>Layout: tiles of {@code W·scale × H·scale} pixels with 4-pixel gaps, filled row by row; a
 * 24-pixel title band when there is a title, a 14-pixel caption band under each tile row when there
 * are captions. The tile of image {@code k} starts at {@link #tileOrigin}.
 */
public final class ImageGrid {
  private static final int GAP = 4;
  private static final int CAPTION = 14;
  private static final int TITLE = 24;

  private ImageGrid() {}

  /**
   * Renders a grid with as many rows as the images need.
   *
   * @param images {@code [N, C, H, W]} (channel 0 is drawn) or {@code [N, H, W]}, {@code N ≥ 1};
   *     not modified
   * @param columns tiles per row, at least 1 (fewer when there are fewer images)
   * @param scale pixels per element, at least 1
   * @param captions one caption under each tile, or null for none
   * @param title the title, or null
   * @return the image
   * @throws IllegalArgumentException if the shape, sizes or captions do not fit
   */
  public static BufferedImage render(
      Tensor images, int columns, int scale, List<String> captions, String title) {
    check(images, captions);
    Errors.check(columns >= 1, "ImageGrid", "columns", "must be at least 1, got " + columns);
    int n = images.dim(0);
    int cols = Math.min(columns, n);
    return draw(images, (n + cols - 1) / cols, cols, scale, captions, title);
  }

  /**
   * Renders a grid of a fixed size, {@code rows × columns} tiles; tiles past the last image stay
   * white.
   *
   * @param images as {@link #render(Tensor, int, int, List, String)}
   * @param rows tile rows, at least 1
   * @param columns tiles per row, at least 1; {@code rows · columns} must be at least {@code N}
   * @param scale pixels per element, at least 1
   * @param captions one caption per image, or null
   * @param title the title, or null
   * @return the image
   * @throws IllegalArgumentException if the grid is too small for the images, or as {@link
   *     #render(Tensor, int, int, List, String)}
   */
  public static BufferedImage render(
      Tensor images, int rows, int columns, int scale, List<String> captions, String title) {
    check(images, captions);
    Errors.check(
        rows >= 1 && columns >= 1,
        "ImageGrid",
        "rows, columns",
        "must be at least 1, got " + rows + " x " + columns);
    Errors.check(
        (long) rows * columns >= images.dim(0),
        "ImageGrid",
        "rows, columns",
        rows
            + " x "
            + columns
            + " = "
            + (long) rows * columns
            + " tiles are too few for "
            + images.dim(0)
            + " images of shape "
            + Errors.shape(images.shape()));
    return draw(images, rows, columns, scale, captions, title);
  }

  /**
   * Renders a grid with as many rows as the images need and writes it as PNG, atomically.
   *
   * @param images as {@link #render(Tensor, int, int, List, String)}
   * @param columns tiles per row
   * @param scale pixels per element
   * @param captions captions or null
   * @param title the title, or null
   * @param file the PNG file, created or replaced; its directory is created
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path writePng(
      Tensor images, int columns, int scale, List<String> captions, String title, Path file)
      throws IOException {
    Headless.writePng(render(images, columns, scale, captions, title), file);
    return file;
  }

  /**
   * Renders a {@code rows × columns} grid and writes it as PNG, atomically.
   *
   * @param images as {@link #render(Tensor, int, int, List, String)}
   * @param rows tile rows
   * @param columns tiles per row; {@code rows · columns ≥ N}
   * @param scale pixels per element
   * @param captions captions or null
   * @param title the title, or null
   * @param file the PNG file, created or replaced; its directory is created
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path writePng(
      Tensor images,
      int rows,
      int columns,
      int scale,
      List<String> captions,
      String title,
      Path file)
      throws IOException {
    Headless.writePng(render(images, rows, columns, scale, captions, title), file);
    return file;
  }

  /**
   * Returns where a tile's top-left pixel lies in a rendered grid.
   *
   * @param k the image's index
   * @param columns the grid's tiles per row (as rendered: at most {@code N})
   * @param h the images' height
   * @param w the images' width
   * @param scale pixels per element
   * @param captions whether the grid has captions
   * @param title whether the grid has a title
   * @return {@code {x, y}}
   */
  public static int[] tileOrigin(
      int k, int columns, int h, int w, int scale, boolean captions, boolean title) {
    int capH = captions ? CAPTION : 0;
    int top = title ? TITLE : GAP;
    return new int[] {
      GAP + (k % columns) * (w * scale + GAP), top + (k / columns) * (h * scale + capH + GAP)
    };
  }

  private static void check(Tensor images, List<String> captions) {
    int[] s = images.shape();
    Errors.check(
        s.length == 3 || s.length == 4,
        "ImageGrid",
        "images",
        "expected [N, C, H, W] or [N, H, W], got " + Errors.shape(s));
    Errors.check(
        images.size() > 0,
        "ImageGrid",
        "images",
        "needs at least one non-empty image, got " + Errors.shape(s));
    Errors.check(
        captions == null || captions.size() == s[0],
        "ImageGrid",
        "captions",
        "expected one per image ("
            + s[0]
            + " for images "
            + Errors.shape(s)
            + "), got "
            + (captions == null ? 0 : captions.size()));
  }

  private static BufferedImage draw(
      Tensor images, int rows, int cols, int scale, List<String> captions, String title) {
    Errors.check(scale >= 1, "ImageGrid", "scale", "must be at least 1, got " + scale);
    int[] s = images.shape();
    int n = s[0];
    int h = s[s.length - 2];
    int w = s[s.length - 1];
    int per = images.size() / n; // elements per item; channel 0 is the first h*w of them
    double[] v = images.toDoubleArray();
    int capH = captions == null ? 0 : CAPTION;
    int top = title == null ? GAP : TITLE;
    int tileW = w * scale;
    int tileH = h * scale;
    long width = (long) cols * (tileW + GAP) + GAP;
    long height = top + (long) rows * (tileH + capH + GAP) + GAP;
    Errors.check(
        width * height <= 100_000_000L,
        "ImageGrid",
        "scale",
        "a " + width + " x " + height + " image is too large; lower the scale");
    BufferedImage img = Headless.canvas((int) width, (int) height);
    Graphics2D g = Headless.graphics(img);
    if (title != null) {
      g.setFont(Headless.TITLE);
      g.drawString(title, GAP, 17);
    }
    g.setFont(Headless.LABEL);
    for (int k = 0; k < n; k++) {
      int[] o = tileOrigin(k, cols, h, w, scale, captions != null, title != null);
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < h * w; i++) {
        lo = Math.min(lo, v[k * per + i]);
        hi = Math.max(hi, v[k * per + i]);
      }
      double range = hi > lo ? hi - lo : 1;
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          double t = (v[k * per + i * w + j] - lo) / range;
          int grey = Double.isFinite(t) ? (int) Math.round(255 * t) : 0;
          g.setColor(new Color(grey, grey, grey));
          g.fillRect(o[0] + j * scale, o[1] + i * scale, scale, scale);
        }
      }
      if (captions != null) {
        g.setColor(Color.BLACK);
        String c = captions.get(k);
        int cw = g.getFontMetrics().stringWidth(c);
        g.drawString(c, o[0] + Math.max(0, (tileW - cw) / 2), o[1] + tileH + 12);
      }
    }
    g.dispose();
    return img;
  }
}
