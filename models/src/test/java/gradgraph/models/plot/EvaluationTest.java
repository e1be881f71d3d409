package gradgraph.models.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Dataset;
import gradgraph.models.metrics.ConfusionMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
  @TempDir Path dir;

  private static Dataset sixExamples() {
    return new Dataset(
        "six",
        Tensor.zeros(DType.FLOAT32, 6, 2),
        new int[] {0, 0, 1, 1, 2, 2},
        3,
        List.of("cat", "dog", "bird"));
  }

  @Test
  void printsPrecisionRecallAndF1PerClassAndDrawsTheMatrix() throws IOException {
    StringWriter text = new StringWriter();
    Path png = dir.resolve("cm.png");
    // cat: 1 of 2 right, once predicted for a bird; dog: both right, once predicted for a cat;
    // bird: 1 of 2 right
    ConfusionMatrix m =
        Evaluation.report(
            new int[] {0, 1, 1, 1, 2, 0}, sixExamples(), "test", new PrintWriter(text), png);
    assertEquals(4.0 / 6, m.accuracy(), 1e-12);
    String out = text.toString();
    // class, precision, recall, F1, support
    assertRow(out, "cat", "0.5000", "0.5000", "0.5000", 2);
    assertRow(out, "dog", "0.6667", "1.0000", "0.8000", 2);
    assertRow(out, "bird", "1.0000", "0.5000", "0.6667", 2);
    assertTrue(out.contains("accuracy 0.6667 (4 of 6)"), out);
    BufferedImage img = ImageIO.read(png.toFile());
    assertTrue(img.getWidth() > 3 * 56 && img.getHeight() > 3 * 56, "three 56-pixel cells");
  }

  private static void assertRow(String out, String cls, String p, String r, String f1, int n) {
    Pattern row =
        Pattern.compile(
            "(?m)^"
                + cls
                + " +"
                + Pattern.quote(p)
                + " +"
                + Pattern.quote(r)
                + " +"
                + Pattern.quote(f1)
                + " +"
                + n
                + "$");
    assertTrue(row.matcher(out).find(), cls + " row in:\n" + out);
  }

  @Test
  void badInputNamesClassArgumentAndShape() {
    PrintWriter out = new PrintWriter(new StringWriter());
    Path png = dir.resolve("x.png");
    IllegalArgumentException length =
        assertThrows(
            IllegalArgumentException.class,
            () -> Evaluation.report(new int[] {0, 1}, sixExamples(), "t", out, png));
    assertTrue(
        length.getMessage().startsWith("Evaluation.report: predicted: "), length.getMessage());
    assertTrue(length.getMessage().contains("[6, 2]"), length.getMessage());
    Dataset empty = new Dataset("none", Tensor.zeros(DType.FLOAT32, 0, 2), new int[0], 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Evaluation.report(new int[0], empty, "t", out, png));
    assertTrue(e.getMessage().startsWith("Evaluation.report: test: "), e.getMessage());
    assertTrue(!png.toFile().exists(), "nothing written");
  }
}
