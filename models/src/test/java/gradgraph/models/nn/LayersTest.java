package gradgraph.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.check.GradAssertions;
import gradgraph.core.check.GradCheck;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.models.zoo.ResidualNet;
import gradgraph.ops.Ops;
import java.util.function.Supplier;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** Shapes and float64 gradient checks of every layer's parameters and input. */
class LayersTest {
  private final Well19937c rng = new Well19937c(7);

  private Tensor randn(int... shape) {
    return Tensor.randn(rng, DType.FLOAT64, 0, 1, shape);
  }

  /** Checks the gradient of every parameter, and of the input, of a layer. */
  private void checkLayer(Module layer, Tensor x) {
    Parameter[] params = layer.parameters().toArray(new Parameter[0]);
    Supplier<Variable> loss = () -> layer.apply(Variable.constant(x));
    if (params.length > 0) {
      GradAssertions.assertPassed(GradCheck.defaults().checkLoss(loss, params));
    }
    GradAssertions.assertGradientsMatch(v -> layer.apply(v[0]), new Variable(x, "x"));
  }

  @Test
  void linear() {
    Linear fc = new Linear(4, 3, Init.he(), rng, DType.FLOAT64);
    assertArrayEquals(new int[] {4, 3}, fc.weight().shape());
    assertArrayEquals(new int[] {3}, fc.bias().shape());
    assertArrayEquals(new int[] {5, 3}, fc.apply(randn(5, 4)).shape());
    assertArrayEquals(new int[] {5, 3}, fc.apply(randn(5, 1, 2, 2)).shape()); // flattened
    checkLayer(fc, randn(5, 4));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fc.apply(randn(5, 6)));
    assertEquals(
        "Linear: x: expected [N, 4] (or [N, ...] of 4 per sample), got [5, 6]", e.getMessage());
  }

  @Test
  void conv2d() {
    Conv2d conv = new Conv2d(2, 3, 3, 1, 1, Init.he(), rng, DType.FLOAT64);
    assertArrayEquals(new int[] {3, 2, 3, 3}, conv.weight().shape());
    assertArrayEquals(new int[] {2, 3, 5, 4}, conv.apply(randn(2, 2, 5, 4)).shape());
    Conv2d strided = new Conv2d(1, 2, 2, 2, 0, Init.he(), rng, DType.FLOAT64);
    assertArrayEquals(new int[] {1, 2, 2, 3}, strided.apply(randn(1, 1, 4, 6)).shape());
    assertEquals(2, strided.outputSize(4));
    checkLayer(conv, randn(2, 2, 4, 4));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> conv.apply(randn(2, 3, 4, 4)));
    assertEquals("Conv2d: x: expected [N, 2, H, W], got [2, 3, 4, 4]", e.getMessage());
  }

  @Test
  void pooling() {
    Tensor x = randn(2, 3, 4, 4);
    assertArrayEquals(new int[] {2, 3, 2, 2}, new MaxPool2d(2).apply(x).shape());
    assertArrayEquals(new int[] {2, 3, 3, 3}, new AvgPool2d(2, 1, 0).apply(x).shape());
    checkLayer(new MaxPool2d(2), x);
    checkLayer(new AvgPool2d(2), x);
    Tensor y = new MaxPool2d(2).apply(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2)).value();
    assertEquals(4, y.item());
    Tensor z = new AvgPool2d(2).apply(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2)).value();
    assertEquals(2.5, z.item());
  }

  @Test
  void batchNormEpsIsAnArgument() {
    BatchNorm bn = new BatchNorm(2, 3.0); // fresh running statistics: mean 0, variance 1
    try (Scope s = Mode.eval()) {
      Tensor y = bn.apply(Tensor.of(new float[] {4, -6}, 1, 2)).value();
      assertArrayEquals(new double[] {2, -3}, y.toDoubleArray(), 1e-6); // x / sqrt(1 + 3)
    }
    assertEquals("BatchNorm(2, momentum 0.9, eps 3.0)", bn.toString());
    IllegalArgumentException eps =
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm(2, 0.0));
    assertEquals("BatchNorm: eps: must be > 0, got 0.0", eps.getMessage());
    IllegalArgumentException momentum =
        assertThrows(
            IllegalArgumentException.class, () -> new BatchNorm(2, 1.0, 1e-5, DType.FLOAT32));
    assertEquals("BatchNorm: momentum: must be in [0, 1), got 1.0", momentum.getMessage());
  }

  @Test
  void batchNormTrainAndEval() {
    BatchNorm bn = new BatchNorm(3, 0.9, 1e-7, DType.FLOAT64);
    Tensor x = randn(8, 3).mul(2.0).add(5.0);
    Tensor y = bn.apply(x).value();
    // training: each feature normalized over the batch
    Tensor mean = y.sum(false, 0).mul(1.0 / 8);
    assertArrayEquals(new double[] {0, 0, 0}, mean.toDoubleArray(), 1e-9);
    // running statistics moved 10 % towards the batch's
    double[] rm = bn.stateDict().get("runningMean").toDoubleArray();
    double[] bm = x.sum(false, 0).mul(1.0 / 8).toDoubleArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(0.1 * bm[i], rm[i], 1e-12);
    }
    try (Scope s = Mode.eval()) {
      Tensor ye = bn.apply(x).value();
      double[] rv = bn.stateDict().get("runningVar").toDoubleArray();
      assertEquals(
          (x.getFlat(0) - rm[0]) / Math.sqrt(rv[0] + 1e-7), ye.getFlat(0), 1e-9); // running stats
      assertArrayEquals(rm, bn.stateDict().get("runningMean").toDoubleArray()); // not updated
    }
    checkLayer(bn, randn(6, 3));
    BatchNorm perChannel = new BatchNorm(2, 0.9, 1e-7, DType.FLOAT64);
    assertArrayEquals(new int[] {3, 2, 2, 2}, perChannel.apply(randn(3, 2, 2, 2)).shape());
    checkLayer(perChannel, randn(3, 2, 2, 2));
  }

  @Test
  void layerNorm() {
    LayerNorm ln = new LayerNorm(4, 1e-5, DType.FLOAT64);
    Tensor y = ln.apply(randn(3, 4)).value();
    assertArrayEquals(new int[] {3, 4}, y.shape());
    assertEquals(0, y.sum(false, 1).getFlat(0), 1e-9);
    checkLayer(ln, randn(3, 4));
  }

  @Test
  void dropoutTrainAndEval() {
    Dropout d = new Dropout(0.5, 3);
    Tensor x = Tensor.ones(DType.FLOAT64, 1000);
    double[] y = d.apply(x).value().toDoubleArray();
    int kept = 0;
    for (double v : y) {
      assertTrue(v == 0 || v == 2, "inverted dropout keeps 1/(1-p): " + v);
      kept += v == 2 ? 1 : 0;
    }
    assertTrue(kept > 430 && kept < 570, "kept " + kept);
    assertNotEquals(
        java.util.Arrays.toString(y),
        java.util.Arrays.toString(d.apply(x).value().toDoubleArray()));
    try (Scope s = Mode.eval()) {
      assertArrayEquals(x.toDoubleArray(), d.apply(x).value().toDoubleArray());
    }
    // the same seed and call count give the same masks
    Dropout d2 = new Dropout(0.5, 3);
    assertArrayEquals(y, d2.apply(x).value().toDoubleArray());
    assertArrayEquals(new double[] {0, 3, 1}, d2.stateDict().get("rngState").toDoubleArray());
  }

  @Test
  void activationsSoftmaxFlatten() {
    Tensor x = Tensor.of(new double[] {-1, 0, 2, 3}, 2, 2);
    assertArrayEquals(new double[] {0, 0, 2, 3}, new ReLU().apply(x).value().toDoubleArray());
    assertEquals(1 / (1 + Math.exp(1)), new Sigmoid().apply(x).value().getFlat(0), 1e-12);
    assertEquals(Math.tanh(2), new Tanh().apply(x).value().getFlat(2), 1e-12);
    Tensor p = new Softmax().apply(x).value();
    assertEquals(1, p.getFlat(0) + p.getFlat(1), 1e-12);
    assertEquals(Math.exp(-1) / (Math.exp(-1) + 1), p.getFlat(0), 1e-12);
    assertArrayEquals(new int[] {2, 12}, new Flatten().apply(randn(2, 3, 2, 2)).shape());
    Tensor r = randn(3, 4);
    checkLayer(new Sigmoid(), r);
    checkLayer(new Tanh(), r);
    checkLayer(new Softmax(), r);
    checkLayer(new Flatten(), randn(2, 2, 3));
  }

  @Test
  void sequentialAndResidualBlock() {
    Sequential s =
        new Sequential(
            new Linear(3, 4, Init.xavier(), rng, DType.FLOAT64),
            new Tanh(),
            new Linear(4, 2, Init.xavier(), rng, DType.FLOAT64));
    assertEquals(3, s.layers().size());
    assertArrayEquals(new int[] {5, 2}, s.apply(randn(5, 3)).shape());
    checkLayer(s, randn(5, 3));
    ResidualNet.ResidualBlock block = new ResidualNet.ResidualBlock(2, rng);
    block.to(DType.FLOAT64);
    Tensor x = randn(2, 2, 3, 3);
    assertArrayEquals(x.shape(), block.apply(x).shape());
    Parameter[] ps = block.parameters().toArray(new Parameter[0]);
    GradAssertions.assertPassed(
        GradCheck.defaults().checkLoss(() -> Ops.sum(Ops.square(block.apply(x))), ps));
  }
}
