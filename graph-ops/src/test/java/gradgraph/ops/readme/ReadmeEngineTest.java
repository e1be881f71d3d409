package gradgraph.ops.readme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.check.GradAssertions;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.Ops;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** The README's "engine in five lines" is this code, and it runs. */
class ReadmeEngineTest {
  @Test
  void engineInFiveLines() throws Exception {
    // README-BEGIN
    Variable x = new Variable(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), "x");
    Variable w = new Variable(Tensor.randn(new Well19937c(42), DType.FLOAT64, 0, 0.1, 3, 4), "w");
    Variable loss = Ops.softmaxCrossEntropy(Ops.relu(x.matmul(w)), new int[] {0, 3});
    loss.backward(); // w.grad() is now a [3, 4] Variable
    GradAssertions.assertGradientsMatch(v -> Ops.relu(v[0].matmul(v[1])).sum(), x, w);
    // README-END
    assertArrayEquals(new int[] {3, 4}, w.grad().shape());
    assertTrue(loss.item() > 0);

    String src =
        Files.readString(
            Path.of("src/test/java/gradgraph/ops/readme/ReadmeEngineTest.java"),
            StandardCharsets.UTF_8);
    String body =
        src.substring(src.indexOf("// README-BEGIN") + 16, src.indexOf("    // README-END"))
            .stripTrailing()
            .replaceAll("(?m)^    ", "");
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains(body), "README.md must contain exactly:\n" + body);
  }
}
