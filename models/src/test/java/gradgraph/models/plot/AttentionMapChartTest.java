package gradgraph.models.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionMapChartTest {
  // cell (row i, column j) starts at (60 + 26 j, 70 + 26 i), see AttentionMapChart.render
  private static int rgbAt(BufferedImage img, int row, int col) {
    return img.getRGB(60 + 26 * col + 13, 70 + 26 * row + 13) & 0xFFFFFF;
  }

  @Test
  void shadesEachCellByItsWeight(@TempDir Path dir) throws Exception {
    double[][] w = {{1, 0, 0}, {0, 0.5, 0.5}};
    BufferedImage img = AttentionMapChart.render(w, List.of("x", "y"), List.of("a", " ", "c"), "t");
    assertEquals(0x08306B, rgbAt(img, 0, 0), "weight 1 is dark blue");
    assertEquals(0xF7FBFF, rgbAt(img, 0, 1), "weight 0 is white");
    int half = rgbAt(img, 1, 1);
    assertNotEquals(0xF7FBFF, half);
    assertNotEquals(0x08306B, half);
    assertEquals(half, rgbAt(img, 1, 2));
    Path f = dir.resolve("map.png");
    AttentionMapChart.writePng(w, List.of("x", "y"), List.of("a", "b", "c"), "t", f);
    assertTrue(Files.size(f) > 0);
    assertEquals(img.getWidth(), ImageIO.read(f.toFile()).getWidth());
  }

  @Test
  void labelsMustFitTheWeights() {
    double[][] w = {{1, 0}};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AttentionMapChart.render(w, List.of("x"), List.of("a"), "t"));
    assertEquals("AttentionMapChart: columnLabels: 1 labels for 2 columns", e.getMessage());
    IllegalArgumentException ragged =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AttentionMapChart.render(
                    new double[][] {{1, 0}, {1}}, List.of("x", "y"), List.of("a", "b"), "t"));
    assertEquals(
        "AttentionMapChart: weights: row 1 has 1 columns, row 0 has 2", ragged.getMessage());
  }
}
