package gradgraph.models.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Dataset;
import gradgraph.models.init.Init;
import gradgraph.models.nn.Linear;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanePlotTest {
  @TempDir Path dir;

  // the palette's first two colours, blue (31, 119, 180) and orange (255, 127, 14), as region
  // tints: a quarter of the colour and three quarters white
  private static final int LIGHT_BLUE = (199 << 16) | (221 << 8) | 236;
  private static final int LIGHT_ORANGE = (255 << 16) | (223 << 8) | 194;

  private static int rgb(BufferedImage img, PlanePlot p, double x, double y) {
    return img.getRGB(p.pixelX(x), p.pixelY(y)) & 0xffffff;
  }

  @Test
  void aLinearClassifierColoursTheTwoHalfPlanesDifferently() {
    PlanePlot p = new PlanePlot("x > 0", -1, 1, -1, 1);
    int[] calls = new int[1];
    p.regions(
        xy -> {
          calls[0]++;
          assertEquals(2, xy.dim(1));
          double[] v = xy.toDoubleArray();
          int[] c = new int[xy.dim(0)];
          for (int i = 0; i < c.length; i++) {
            c[i] = v[2 * i] > 0 ? 1 : 0;
          }
          return c;
        });
    assertEquals(1, calls[0], "every pixel in one batch");
    BufferedImage img = p.render();
    assertEquals(420 + 2 * 40, img.getWidth());
    for (double y : new double[] {-0.8, -0.3, 0.4, 0.9}) {
      assertEquals(LIGHT_BLUE, rgb(img, p, -0.5, y), "left half at y " + y);
      assertEquals(LIGHT_ORANGE, rgb(img, p, 0.5, y), "right half at y " + y);
    }
  }

  @Test
  void decisionBoundaryOfALinearModelAndTrainingPoints() throws IOException {
    // scores [−x + y, x − y]: class 1 below the diagonal y = x, class 0 above it
    Linear model = new Linear(2, 2, Init.std(1), new Well19937c(1), DType.FLOAT32);
    model.weight().setValue(Tensor.of(new float[] {-1, 1, 1, -1}, 2, 2));
    model.bias().setValue(Tensor.zeros(DType.FLOAT32, 2));
    Dataset pts =
        new Dataset(
            "pts", Tensor.of(new double[] {-0.5, 0.5, 0.5, -0.5}, 2, 2), new int[] {0, 1}, 2);
    PlanePlot p = new PlanePlot("diagonal", -1, 1, -1, 1).decisionBoundary(model).points(pts);
    Path png = p.writePng(dir.resolve("d.png"));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(LIGHT_BLUE, rgb(img, p, -0.8, 0.2), "above the diagonal");
    assertEquals(LIGHT_ORANGE, rgb(img, p, 0.2, -0.8), "below the diagonal");
    // each training point is a dot of its class's full colour
    assertEquals(0x1f77b4, rgb(img, p, -0.5, 0.5));
    assertEquals(0xff7f0e, rgb(img, p, 0.5, -0.5));
  }

  @Test
  void fieldBandsDarkenAwayFromTheMinimumAndPathsAreDrawn() {
    PlanePlot p =
        new PlanePlot("bowl", -4, 4, -4, 4)
            .field((x, y) -> x * x + y * y)
            .path("descent", new double[][] {{-3, -3}, {-1, -1}});
    BufferedImage img = p.render();
    int centre = rgb(img, p, 0.3, 0.3);
    int corner = rgb(img, p, 3.9, 3.9);
    assertEquals(0xff, centre & 0xff, "bands are blue");
    assertTrue((centre >> 16) > (corner >> 16), "the minimum is lighter than the corner");
    // the path's dots are the palette's fourth colour (red, 214, 39, 40) over a field
    assertEquals((214 << 16) | (39 << 8) | 40, rgb(img, p, -1, -1));
    assertEquals((214 << 16) | (39 << 8) | 40, rgb(img, p, -3, -3));
    assertNotEquals(rgb(img, p, -1, -1), rgb(img, p, -1, 1));
  }

  @Test
  void badInputNamesClassArgumentAndShape() {
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> new PlanePlot("t", 1, 0, 0, 1));
    assertTrue(range.getMessage().startsWith("PlanePlot: range: "), range.getMessage());
    PlanePlot p = new PlanePlot("t", 0, 1, 0, 1);
    IllegalArgumentException classes =
        assertThrows(IllegalArgumentException.class, () -> p.regions(xy -> new int[3]));
    assertTrue(
        classes.getMessage().startsWith("PlanePlot.regions: classifier: "), classes.getMessage());
    assertTrue(classes.getMessage().contains("[176400, 2]"), classes.getMessage());
    IllegalArgumentException labels =
        assertThrows(
            IllegalArgumentException.class,
            () -> p.points(new double[][] {{0, 0}, {1, 1}}, new int[] {0}));
    assertTrue(labels.getMessage().startsWith("PlanePlot.points: labels: "), labels.getMessage());
    IllegalArgumentException path =
        assertThrows(IllegalArgumentException.class, () -> p.path("empty", new double[0][]));
    assertTrue(path.getMessage().startsWith("PlanePlot.path: xy: "), path.getMessage());
    Dataset threeD =
        new Dataset("cube", Tensor.zeros(DType.FLOAT32, 4, 3), new int[] {0, 0, 0, 0}, 1);
    IllegalArgumentException data =
        assertThrows(IllegalArgumentException.class, () -> p.points(threeD));
    assertTrue(data.getMessage().contains("[4, 3]"), data.getMessage());
    Linear wrong = new Linear(3, 2, Init.std(1), new Well19937c(1), DType.FLOAT32);
    IllegalArgumentException model =
        assertThrows(IllegalArgumentException.class, () -> p.decisionBoundary(wrong));
    assertTrue(model.getMessage().contains("[176400, 2]"), model.getMessage());
  }
}
