package gradgraph.models.plot;

import gradgraph.core.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The drawing plumbing every chart of this package shares, written once: AWT in headless mode
 * (unless the user chose otherwise), a white RGB canvas, the fonts and the palette, and writing an
 * image as PNG atomically (through {@link AtomicFiles}).
 */
final class Headless {
  private Headless() {}

  /** Titles. */
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  /** Axis labels, captions and legends. */
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private static final Color[] PALETTE = {
    new Color(31, 119, 180),
    new Color(255, 127, 14),
    new Color(44, 160, 44),
    new Color(214, 39, 40),
    new Color(148, 103, 189),
    new Color(140, 86, 75),
    new Color(227, 119, 194),
    new Color(127, 127, 127),
    new Color(188, 189, 34),
    new Color(23, 190, 207)
  };

  /** Puts AWT in headless mode before the first image is drawn, unless the user chose otherwise. */
  static void ensure() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** A white RGB image. */
  static BufferedImage canvas(int width, int height) {
    ensure();
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return img;
  }

  /** Graphics with antialiased shapes and text, drawing in black. */
  static Graphics2D graphics(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    return g;
  }

  /** One of ten distinct colours (matplotlib's tab10), for series and classes; wraps around. */
  static Color palette(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** Encodes an image as PNG bytes. */
  static byte[] pngBytes(BufferedImage img) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    if (!ImageIO.write(img, "png", b)) {
      throw new IOException("no PNG writer in this JVM");
    }
    return b.toByteArray();
  }

  /** Writes an image as PNG, atomically; the directory is created if needed. */
  static void writePng(BufferedImage img, Path file) throws IOException {
    byte[] png = pngBytes(img);
    AtomicFiles.write(file, out -> out.write(png));
  }
}
