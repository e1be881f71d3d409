package gradgraph.models.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
  @TempDir Path dir;

  /** Two 2×2 images, [2, 1, 2, 2]: a ramp 0..3 and the reversed ramp 3..0. */
  private static Tensor twoImages() {
    return Tensor.of(new double[] {0, 1, 2, 3, 3, 2, 1, 0}, 2, 1, 2, 2);
  }

  private static int grey(BufferedImage img, int x, int y) {
    int rgb = img.getRGB(x, y) & 0xffffff;
    int r = rgb >> 16;
    assertEquals(r, (rgb >> 8) & 0xff, "grey at " + x + "," + y);
    assertEquals(r, rgb & 0xff, "grey at " + x + "," + y);
    return r;
  }

  /** The grey level in the middle of element (i, j) of tile k. */
  private static int cell(BufferedImage img, int k, int cols, int i, int j, int scale) {
    int[] o = ImageGrid.tileOrigin(k, cols, 2, 2, scale, false, false);
    return grey(img, o[0] + j * scale + scale / 2, o[1] + i * scale + scale / 2);
  }

  @Test
  void eachTileIsScaledToItsOwnRange() {
    BufferedImage img = ImageGrid.render(twoImages(), 10, 10, null, null);
    // two 20-pixel tiles side by side with 4-pixel gaps: 4 + 2·(20 + 4) by 4 + (20 + 4) + 4
    assertEquals(52, img.getWidth());
    assertEquals(32, img.getHeight());
    int[] ramp = {0, 85, 170, 255}; // 0..3 over its own range 0..3
    for (int e = 0; e < 4; e++) {
      assertEquals(ramp[e], cell(img, 0, 2, e / 2, e % 2, 10), "tile 0 element " + e);
      assertEquals(ramp[3 - e], cell(img, 1, 2, e / 2, e % 2, 10), "tile 1 element " + e);
    }
    assertEquals(255, grey(img, 1, 1), "the margin stays white");
    assertEquals(255, grey(img, 26, 10), "the gap between the tiles stays white");
  }

  @Test
  void fixedRowsAndColumnsLeaveSpareTilesWhiteAndThreeDimensionalInputWorks() {
    Tensor flat = twoImages().reshape(2, 2, 2); // [N, H, W]
    BufferedImage img = ImageGrid.render(flat, 2, 2, 3, List.of("a", "b"), "title");
    assertEquals(4 + 2 * (6 + 4), img.getWidth());
    assertEquals(24 + 2 * (6 + 14 + 4) + 4, img.getHeight());
    int[] o = ImageGrid.tileOrigin(1, 2, 2, 2, 3, true, true);
    assertEquals(255, grey(img, o[0] + 1, o[1] + 1), "image 1, element (0, 0): its maximum");
    assertEquals(170, grey(img, o[0] + 4, o[1] + 1), "image 1, element (0, 1): 2 of 0..3");
    int[] spare = ImageGrid.tileOrigin(3, 2, 2, 2, 3, true, true);
    assertEquals(255, grey(img, spare[0] + 1, spare[1] + 1), "the fourth tile has no image");
    int[] first = ImageGrid.tileOrigin(0, 2, 2, 2, 3, true, true);
    assertEquals(0, grey(img, first[0] + 1, first[1] + 1), "image 0, element (0, 0): its min");
  }

  @Test
  void aConstantTileIsBlackAndFiltersUseChannelZero() {
    // one image with two channels: channel 0 constant, channel 1 a ramp that must not be drawn
    Tensor x = Tensor.of(new double[] {7, 7, 7, 7, 0, 1, 2, 3}, 1, 2, 2, 2);
    BufferedImage img = ImageGrid.render(x, 1, 4, null, null);
    for (int e = 0; e < 4; e++) {
      assertEquals(0, cell(img, 0, 1, e / 2, e % 2, 4));
    }
  }

  @Test
  void writePngWritesTheRenderedImage() throws IOException {
    Path png = dir.resolve("a/grid.png");
    assertEquals(png, ImageGrid.writePng(twoImages(), 1, 2, 5, null, null, png));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(4 + 2 * (10 + 4), img.getWidth());
    assertEquals(4 + (10 + 4) + 4, img.getHeight());
    assertEquals(255, grey(img, 4 + 10 + 4 + 1, 4 + 1), "tile 1 starts at its maximum 3");
  }

  @Test
  void badInputNamesClassArgumentAndShape() {
    IllegalArgumentException rank =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageGrid.render(Tensor.zeros(DType.FLOAT32, 4, 4), 2, 1, null, null));
    assertTrue(rank.getMessage().startsWith("ImageGrid: images: "), rank.getMessage());
    assertTrue(rank.getMessage().contains("[4, 4]"), rank.getMessage());

    IllegalArgumentException small =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageGrid.render(twoImages(), 1, 1, 2, null, null));
    assertTrue(small.getMessage().startsWith("ImageGrid: rows, columns: "), small.getMessage());
    assertTrue(small.getMessage().contains("1 x 1"), small.getMessage());
    assertTrue(small.getMessage().contains("[2, 1, 2, 2]"), small.getMessage());

    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageGrid.render(Tensor.zeros(DType.FLOAT32, 0, 1, 2, 2), 2, 1, null, null));
    assertTrue(empty.getMessage().startsWith("ImageGrid: images: "), empty.getMessage());
    assertTrue(empty.getMessage().contains("[0, 1, 2, 2]"), empty.getMessage());

    IllegalArgumentException captions =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageGrid.render(twoImages(), 2, 1, List.of("only one"), null));
    assertTrue(captions.getMessage().startsWith("ImageGrid: captions: "), captions.getMessage());

    IllegalArgumentException scale =
        assertThrows(
            IllegalArgumentException.class, () -> ImageGrid.render(twoImages(), 2, 0, null, null));
    assertTrue(scale.getMessage().startsWith("ImageGrid: scale: "), scale.getMessage());
  }
}
