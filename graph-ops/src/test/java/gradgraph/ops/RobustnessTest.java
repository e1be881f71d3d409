package gradgraph.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Extreme inputs: logits of ±1000 and zero probabilities give finite, correct results. */
class RobustnessTest {
  private static final double[] HUGE = {1000, -1000, 0, 999, -1000, 1000};

  private static Variable huge(DType dt) {
    return new Variable(Tensor.of(HUGE, 2, 3).to(dt));
  }

  private static void assertFinite(double[] a, String what) {
    for (double v : a) {
      assertTrue(
          Double.isFinite(v), what + " has a non-finite element: " + java.util.Arrays.toString(a));
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void softmaxOfHugeLogits(DType dt) {
    Variable x = huge(dt);
    Variable p = Ops.softmax(x, 1);
    assertFinite(p.value().toDoubleArray(), "softmax");
    // row 0: e^0 / (e^0 + e^−2000 + e^−1000) = 1; row 1: [e^−1, 0, 1] / (1 + e^−1)
    double e = Math.exp(-1);
    assertArrayEquals(
        new double[] {1, 0, 0, e / (1 + e), 0, 1 / (1 + e)}, p.value().toDoubleArray(), 1e-6);
    Ops.sum(Ops.mul(p, Variable.constant(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).to(dt))))
        .backward();
    assertFinite(x.grad().value().toDoubleArray(), "softmax gradient");
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void logSoftmaxOfHugeLogits(DType dt) {
    Variable x = huge(dt);
    Variable lp = Ops.logSoftmax(x, -1);
    double[] v = lp.value().toDoubleArray();
    assertFinite(v, "logSoftmax");
    assertEquals(-2000, v[1], 1e-3);
    assertEquals(-1000, v[2], 1e-3);
    assertEquals(-1 - Math.log1p(Math.exp(-1)), v[3], 1e-5);
    Ops.sum(lp).backward();
    assertFinite(x.grad().value().toDoubleArray(), "logSoftmax gradient");
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void softmaxCrossEntropyOfHugeLogits(DType dt) {
    Variable x = huge(dt);
    Variable loss = Ops.softmaxCrossEntropy(x, new int[] {1, 2});
    // −(−2000 + (−log(1 + e^−1))) / 2
    double expected = (2000 + Math.log1p(Math.exp(-1))) / 2;
    assertEquals(expected, loss.item(), 1e-3);
    loss.backward();
    double[] g = x.grad().value().toDoubleArray();
    assertFinite(g, "gradient");
    // (softmax − onehot) / N
    double e = Math.exp(-1);
    assertArrayEquals(
        new double[] {0.5, -0.5, 0, e / (1 + e) / 2, 0, (1 / (1 + e) - 1) / 2}, g, 1e-6);
    Variable oneHot = Variable.constant(Tensor.of(new double[] {0, 1, 0, 0, 0, 1}, 2, 3).to(dt));
    assertEquals(expected, Ops.softmaxCrossEntropy(huge(dt), oneHot).item(), 1e-3);
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void crossEntropyOfZeroProbabilityIsFinite(DType dt) {
    Variable p = new Variable(Tensor.of(new double[] {0, 1, 0.5, 0.5}, 2, 2).to(dt));
    Variable loss = Ops.crossEntropy(p, new int[] {0, 1});
    double expected = -(Math.log(1e-7) + Math.log(0.5 + 1e-7)) / 2;
    assertEquals(expected, loss.item(), 1e-4 * expected);
    loss.backward();
    double[] g = p.grad().value().toDoubleArray();
    assertFinite(g, "gradient");
    assertEquals(-1 / (2 * 1e-7), g[0], 1e-3 / 1e-7);
    assertEquals(0, g[1]);
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void sigmoidFamilyOfHugeLogits(DType dt) {
    Variable x = new Variable(Tensor.of(new double[] {-1000, 1000, 0}, 3).to(dt));
    assertArrayEquals(new double[] {0, 1, 0.5}, Ops.sigmoid(x).value().toDoubleArray(), 1e-7);
    assertArrayEquals(
        new double[] {0, 1000, Math.log(2)}, Ops.softplus(x).value().toDoubleArray(), 1e-4);
    Variable t = Variable.constant(Tensor.of(new double[] {0, 1, 1}, 3).to(dt));
    Variable loss = Ops.sigmoidCrossEntropy(x, t);
    assertEquals(Math.log(2) / 3, loss.item(), 1e-6);
    loss.backward();
    assertFinite(x.grad().value().toDoubleArray(), "sigmoidCrossEntropy gradient");
  }
}
