package gradgraph.models.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.models.metrics.ConfusionMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {
  @TempDir Path dir;

  /** Decodes a PNG and counts its colours and its non-white pixels. */
  static int[] colours(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, png + " decodes as an image");
    Set<Integer> c = new HashSet<>();
    int ink = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        c.add(rgb);
        if (rgb != 0xffffff) {
          ink++;
        }
      }
    }
    return new int[] {c.size(), ink, img.getWidth(), img.getHeight()};
  }

  @Test
  void curvesWritePngAndCsv() throws IOException {
    Curves loss = new Curves("Loss", "epoch", "loss");
    for (int e = 1; e <= 5; e++) {
      loss.add("train", e, 1.0 / e);
    }
    loss.add("validation, held out", 1, 1.2).add("validation, held out", 3, 0.5);
    loss.add("validation, held out", 5, Double.NaN);
    Path csv = dir.resolve("loss.csv");
    loss.writeCsv(csv);
    assertEquals(
        "epoch,train,\"validation, held out\"\n"
            + "1,1,1.2\n"
            + "2,0.5,\n"
            + "3,0.3333333333333333,0.5\n"
            + "4,0.25,\n"
            + "5,0.2,NaN\n",
        Files.readString(csv));
    Path png = dir.resolve("sub/loss.png");
    loss.writePng(png, 640, 400);
    int[] c = colours(png);
    assertEquals(640, c[2]);
    assertEquals(400, c[3]);
    assertTrue(c[0] > 10, "a drawn chart has many colours, got " + c[0]);
    assertTrue(c[1] > 2000, "a drawn chart has ink, got " + c[1] + " non-white pixels");
    assertEquals(List.of("train", "validation, held out"), loss.names());
  }

  @Test
  void theLegendGoesInsideByDefaultAndOutsideOnRequest() {
    Curves c = new Curves("c", "x", "y").add("a", 1, 1).add("a", 2, 2);
    assertEquals(
        org.knowm.xchart.style.Styler.LegendPosition.InsideNE,
        c.chart(400, 300).getStyler().getLegendPosition());
    assertEquals(
        org.knowm.xchart.style.Styler.LegendPosition.OutsideE,
        c.legendOutside(true).chart(400, 300).getStyler().getLegendPosition());
  }

  @Test
  void emptyCurvesAreAnError() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new Curves("Accuracy", "epoch", "accuracy").writePng(dir.resolve("a.png")));
    assertTrue(e.getMessage().contains("no finite points"), e.getMessage());
  }

  @Test
  void confusionMatrixPng() throws IOException {
    ConfusionMatrix m = new ConfusionMatrix(3, List.of("T-shirt/top", "Trouser", "Pullover"));
    m.add(new int[] {0, 0, 1, 1, 2, 2, 2}, new int[] {0, 0, 0, 1, 1, 2, 2});
    Path png = dir.resolve("confusion.png");
    ConfusionMatrixChart.writePng(m, "test, accuracy 0.71", png);
    int[] c = colours(png);
    assertTrue(c[0] > 10, "colours: " + c[0]);
    assertTrue(c[1] > 3000, "ink: " + c[1]);
    BufferedImage img = ImageIO.read(png.toFile());
    BufferedImage r = ConfusionMatrixChart.render(m, "test, accuracy 0.71");
    assertEquals(r.getWidth(), img.getWidth());
    for (int y = 0; y < r.getHeight(); y += 7) {
      for (int x = 0; x < r.getWidth(); x += 7) {
        assertEquals(r.getRGB(x, y), img.getRGB(x, y), "PNG is lossless at " + x + "," + y);
      }
    }
  }
}
