package gradgraph.models.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class HistogramsTest {
  @TempDir Path dir;

  private static final int BLUE = 0x1f77b4; // the palette's first colour

  private static Histograms twoPanels() {
    return new Histograms("activations", 0, 1, 4)
        .add("1-layer", new double[] {-1, 0, 0.1, 0.5, 0.99, 1, 2, Double.NaN})
        .add("2-layer", Tensor.of(new double[] {0.3, 0.3, 0.6}, 3));
  }

  @Test
  void binsCountValuesWithOutliersInTheEdgeBinsAndNaNLeftOut() {
    Histograms h = twoPanels();
    // -1, 0, 0.1 -> bin 0; 0.5 -> bin 2; 0.99, 1 (the upper end) and 2 -> bin 3; NaN nowhere
    assertArrayEquals(new long[] {3, 0, 1, 3}, h.counts("1-layer"));
    assertArrayEquals(new long[] {0, 2, 1, 0}, h.counts("2-layer"));
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, h.edges());
    assertEquals(List.of("1-layer", "2-layer"), h.names());
    h.counts("1-layer")[0] = 99; // a copy
    assertEquals(3, h.counts("1-layer")[0]);
  }

  @Test
  void barsAreScaledToTheLargestBinOfTheirPanel() throws IOException {
    Path png = twoPanels().writePng(dir.resolve("h.png"));
    BufferedImage img = ImageIO.read(png.toFile());
    // two 200×160 panels with 16-pixel gaps, a 30-pixel title band and 40 pixels of labels
    assertEquals(16 + 2 * (200 + 16), img.getWidth());
    assertEquals(30 + 160 + 40, img.getHeight());
    // panel 1 at x 16: bins 50 pixels wide; bin 0 (3 of max 3) fills the height, bin 1 is empty,
    // bin 2 (1 of 3) a third of it: 53 pixels up from the bottom at y 190
    assertEquals(BLUE, img.getRGB(40, 35) & 0xffffff);
    assertEquals(BLUE, img.getRGB(40, 185) & 0xffffff);
    assertEquals(0xffffff, img.getRGB(90, 100) & 0xffffff);
    assertEquals(BLUE, img.getRGB(140, 180) & 0xffffff);
    assertEquals(0xffffff, img.getRGB(140, 120) & 0xffffff);
    // panel 2 at x 232: bin 1 (2 of 2) full height, bin 0 empty
    assertEquals(BLUE, img.getRGB(232 + 75, 35) & 0xffffff);
    assertEquals(0xffffff, img.getRGB(232 + 25, 100) & 0xffffff);
  }

  @Test
  void badInputNamesClassArgumentAndShape() {
    Histograms h = new Histograms("t", 0, 1, 10);
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> h.add("x", new double[0]));
    assertTrue(empty.getMessage().startsWith("Histograms.add: values: "), empty.getMessage());
    IllegalArgumentException emptyTensor =
        assertThrows(
            IllegalArgumentException.class, () -> h.add("x", Tensor.zeros(DType.FLOAT32, 3, 0)));
    assertTrue(emptyTensor.getMessage().contains("[3, 0]"), emptyTensor.getMessage());
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> new Histograms("t", 1, 1, 10));
    assertTrue(range.getMessage().startsWith("Histograms: range: "), range.getMessage());
    IllegalArgumentException bins =
        assertThrows(IllegalArgumentException.class, () -> new Histograms("t", 0, 1, 0));
    assertTrue(bins.getMessage().startsWith("Histograms: bins: "), bins.getMessage());
    IllegalArgumentException name =
        assertThrows(IllegalArgumentException.class, () -> h.counts("missing"));
    assertTrue(name.getMessage().contains("'missing'"), name.getMessage());
    assertThrows(IllegalStateException.class, h::render);
  }
}
