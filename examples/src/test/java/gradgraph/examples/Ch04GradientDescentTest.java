package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.ch04.GradientDescent;
import gradgraph.examples.ch04.NumericalGradient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch04GradientDescentTest {
  @Test
  void reachesTheMinimum(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new GradientDescent(), dir);
    assertEquals(0.0, run.result.get("x0"), 1e-6);
    assertEquals(0.0, run.result.get("x1"), 1e-6);
    // the book prints [-6.1e-10, 8.1e-10]: 0.8^100 of the start
    assertEquals(-3 * Math.pow(0.8, 100), run.result.get("x0"), 1e-12);
    assertTrue(run.output.contains("tensor([6.0000, 8.0000])"), run.output);
  }

  @Test
  void numericalGradientOfACubeAndRestoresTheInput() {
    Variable x = new Variable(Tensor.vector(1.0, -2.0));
    Tensor before = x.value();
    Tensor g = NumericalGradient.of(() -> x.pow(3).sum().item(), x, 1e-4);
    assertEquals(3.0, g.getFlat(0), 1e-7);
    assertEquals(12.0, g.getFlat(1), 1e-7);
    assertTrue(x.value() == before);
  }
}
