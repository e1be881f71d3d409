package gradgraph.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The documented choices at kinks and ties. */
class SubgradientTest {
  private static Variable v(double... d) {
    return new Variable(Tensor.vector(d));
  }

  private static double[] grad(Variable x) {
    return x.grad().value().toDoubleArray();
  }

  @Test
  void reluDerivativeAtZeroIsZero() {
    Variable x = v(-1, 0, 2);
    Ops.sum(Ops.relu(x)).backward();
    assertArrayEquals(new double[] {0, 0, 1}, grad(x));
  }

  @Test
  void leakyReluDerivativeAtZeroIsTheSlope() {
    Variable x = v(-1, 0, 2);
    Ops.sum(Ops.leakyRelu(x, 0.1)).backward();
    assertArrayEquals(new double[] {0.1, 0.1, 1}, grad(x));
  }

  @Test
  void absDerivativeAtZeroIsZero() {
    Variable x = v(-3, 0, 2);
    Ops.sum(Ops.abs(x)).backward();
    assertArrayEquals(new double[] {-1, 0, 1}, grad(x));
  }

  @Test
  void clipPassesTheGradientAtItsBounds() {
    Variable x = v(-2, -1, 0, 1, 2);
    Ops.sum(Ops.clip(x, -1, 1)).backward();
    assertArrayEquals(new double[] {0, 1, 1, 1, 0}, grad(x));
  }

  @Test
  void maxSplitsTheGradientEvenlyAmongTies() {
    Variable x = new Variable(Tensor.of(new double[] {3, 1, 3, 3, 2, 2, 5, 0, 0}, 3, 3));
    Variable m = Ops.max(x, false, 1);
    assertArrayEquals(new double[] {3, 3, 5}, m.value().toDoubleArray());
    Ops.sum(m).backward();
    assertArrayEquals(new double[] {0.5, 0, 0.5, 1, 0, 0, 1, 0, 0}, grad(x), 1e-15);
  }

  @Test
  void maxOverAllWithThreeTies() {
    Variable x = v(7, 7, 1, 7);
    Ops.max(x).backward();
    double third = 1.0 / 3;
    assertArrayEquals(new double[] {third, third, 0, third}, grad(x), 1e-15);
  }

  @Test
  void minSplitsTheGradientEvenlyAmongTies() {
    Variable x = v(1, 4, 1);
    Ops.min(x).backward();
    assertArrayEquals(new double[] {0.5, 0, 0.5}, grad(x));
  }

  @Test
  void maximumAndMinimumSplitTies() {
    Variable a = v(1, 2, 3);
    Variable b = v(3, 2, 1);
    Ops.sum(Ops.maximum(a, b)).backward();
    assertArrayEquals(new double[] {0, 0.5, 1}, grad(a));
    assertArrayEquals(new double[] {1, 0.5, 0}, grad(b));
    Variable c = v(1, 2, 3);
    Variable d = v(3, 2, 1);
    Ops.sum(Ops.minimum(c, d)).backward();
    assertArrayEquals(new double[] {1, 0.5, 0}, grad(c));
    assertArrayEquals(new double[] {0, 0.5, 1}, grad(d));
  }

  @Test
  void maxPoolRoutesToTheFirstMaximumOfAWindow() {
    Variable x = new Variable(Tensor.of(new double[] {2, 2, 1, 2}, 1, 1, 2, 2));
    Ops.sum(Ops.maxPool2d(x, 2, 2, 0)).backward();
    assertArrayEquals(new double[] {1, 0, 0, 0}, grad(x));
  }

  @Test
  void stepIsForwardOnly() {
    Variable x = v(-1, 0, 3);
    Variable y = Ops.step(x);
    assertArrayEquals(new double[] {0, 0, 1}, y.value().toDoubleArray());
    assertFalse(y.requiresGrad());
    assertThrows(IllegalStateException.class, y::backward);
    assertEquals(false, new gradgraph.ops.activation.Step().isDifferentiable(0));
  }
}
