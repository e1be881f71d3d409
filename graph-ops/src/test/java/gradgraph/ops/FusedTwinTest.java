package gradgraph.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.loss.SoftmaxCrossEntropy;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** Fused ops agree with their composite twins in value and gradient, and dtypes promote. */
class FusedTwinTest {
  private static Variable rnd(long seed, int... shape) {
    return new Variable(Tensor.randn(new Well19937c(seed), DType.FLOAT64, 0, 2, shape));
  }

  @Test
  void softmaxCrossEntropyEqualsLogSoftmaxThenPick() {
    int[] labels = {2, 0, 12, 5, 5, 1, 7};
    Variable x1 = rnd(1, 7, 13);
    Variable x2 = new Variable(x1.value());
    Variable fused = Ops.softmaxCrossEntropy(x1, labels);
    Variable twin = Ops.neg(Ops.mean(Ops.pick(Ops.logSoftmax(x2, 1), labels)));
    assertEquals(twin.item(), fused.item(), 1e-12);
    fused.backward();
    twin.backward();
    assertArrayEquals(x2.grad().value().toDoubleArray(), x1.grad().value().toDoubleArray(), 1e-12);
  }

  @Test
  void softmaxCrossEntropyFirstOrderBackwardEqualsTheRecordedOne() {
    // backward() scales the fused kernel's softmax − t; CREATE_GRAPH records the composed form
    int[] labels = {1, 4, 0, 4};
    for (DType dt : DType.values()) {
      Tensor v = Tensor.randn(new Well19937c(11), dt, 0, 3, 4, 5);
      Variable fast = new Variable(v);
      Variable recorded = new Variable(v);
      Ops.softmaxCrossEntropy(fast, labels).mul(2.5).backward();
      Ops.softmaxCrossEntropy(recorded, labels)
          .mul(2.5)
          .backward(gradgraph.core.BackwardOption.CREATE_GRAPH);
      assertEquals(dt, fast.grad().dtype());
      assertArrayEquals(
          recorded.grad().value().toDoubleArray(),
          fast.grad().value().toDoubleArray(),
          dt == DType.FLOAT32 ? 1e-6 : 1e-12);
      assertEquals(null, fast.grad().creator(), "nothing recorded in a first-order backward");
    }
  }

  /**
   * Runs {@code loss} once with {@code backward()} and once with {@code CREATE_GRAPH} on fresh
   * leaves of the same values: the gradients agree, and only the second one has a graph.
   */
  private static void assertFastBackwardEqualsRecorded(
      DType dt, Tensor[] values, java.util.function.Function<Variable[], Variable> loss) {
    Variable[][] leaves = new Variable[2][values.length];
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < values.length; i++) {
        leaves[k][i] = new Variable(values[i], "v" + i);
      }
      if (k == 0) {
        loss.apply(leaves[k]).backward();
      } else {
        loss.apply(leaves[k]).backward(gradgraph.core.BackwardOption.CREATE_GRAPH);
      }
    }
    for (int i = 0; i < values.length; i++) {
      Variable fast = leaves[0][i].grad();
      assertEquals(dt, fast.dtype());
      assertArrayEquals(
          leaves[1][i].grad().value().toDoubleArray(),
          fast.value().toDoubleArray(),
          dt == DType.FLOAT32 ? 1e-5 : 1e-12,
          dt + " input " + i);
      assertEquals(null, fast.creator(), "nothing recorded in a first-order backward");
    }
    assertTrue(leaves[1][2].grad().creator() != null, "the recorded backward has a graph");
  }

  @Test
  void lstmFirstOrderBackwardEqualsTheRecordedOne() {
    // backward() runs BPTT on tensors; CREATE_GRAPH records the same equations with ops
    for (DType dt : DType.values()) {
      Well19937c r = new Well19937c(31);
      Tensor[] values = {
        Tensor.randn(r, dt, 0, 1, 3, 5, 2), // x [N, T, D]
        Tensor.randn(r, dt, 0, 0.5, 2, 16), // wx
        Tensor.randn(r, dt, 0, 0.5, 4, 16), // wh
        Tensor.randn(r, dt, 0, 0.5, 16), // b
        Tensor.randn(r, dt, 0, 1, 3, 4), // h0
        Tensor.randn(r, dt, 0, 1, 3, 4) // c0
      };
      Variable w = Variable.constant(Tensor.randn(r, dt, 0, 1, 3, 5, 4));
      assertFastBackwardEqualsRecorded(
          dt,
          values,
          v -> {
            var out = Ops.lstm(v[0], v[1], v[2], v[3], v[4], v[5]);
            return Ops.sum(out.output().mul(w)).add(Ops.sum(out.c().mul(out.h())));
          });
    }
  }

  @Test
  void gruFirstOrderBackwardEqualsTheRecordedOne() {
    for (DType dt : DType.values()) {
      Well19937c r = new Well19937c(32);
      Tensor[] values = {
        Tensor.randn(r, dt, 0, 1, 3, 5, 2), // x [N, T, D]
        Tensor.randn(r, dt, 0, 0.5, 2, 12), // wx
        Tensor.randn(r, dt, 0, 0.5, 4, 12), // wh
        Tensor.randn(r, dt, 0, 0.5, 12), // b
        Tensor.randn(r, dt, 0, 0.5, 12), // bh
        Tensor.randn(r, dt, 0, 1, 3, 4) // h0
      };
      Variable w = Variable.constant(Tensor.randn(r, dt, 0, 1, 3, 5, 4));
      assertFastBackwardEqualsRecorded(
          dt,
          values,
          v -> {
            var out = Ops.gru(v[0], v[1], v[2], v[3], v[4], v[5]);
            return Ops.sum(out.output().mul(w)).add(Ops.sum(out.h().square()));
          });
    }
  }

  @Test
  void rnnFirstOrderBackwardEqualsTheRecordedOne() {
    for (DType dt : DType.values()) {
      Well19937c r = new Well19937c(33);
      Tensor[] values = {
        Tensor.randn(r, dt, 0, 1, 3, 5, 2), // x [N, T, D]
        Tensor.randn(r, dt, 0, 0.5, 2, 4), // wx
        Tensor.randn(r, dt, 0, 0.5, 4, 4), // wh
        Tensor.randn(r, dt, 0, 0.5, 4), // b
        Tensor.randn(r, dt, 0, 1, 3, 4) // h0
      };
      Variable w = Variable.constant(Tensor.randn(r, dt, 0, 1, 3, 5, 4));
      assertFastBackwardEqualsRecorded(
          dt,
          values,
          v -> {
            var out = Ops.rnn(v[0], v[1], v[2], v[3], v[4]);
            return Ops.sum(out.output().mul(w)).add(Ops.sum(out.h().square()));
          });
    }
  }

  @Test
  void oneHotAndLabelFormsAgree() {
    int[] labels = {1, 0, 2};
    Variable x1 = rnd(2, 3, 3);
    Variable x2 = new Variable(x1.value());
    Variable t = Variable.constant(SoftmaxCrossEntropy.oneHot(labels, 3, DType.FLOAT64));
    Variable a = Ops.softmaxCrossEntropy(x1, labels);
    Variable b = Ops.softmaxCrossEntropy(x2, t);
    assertEquals(a.item(), b.item(), 1e-12);
    a.backward();
    b.backward();
    assertArrayEquals(x1.grad().value().toDoubleArray(), x2.grad().value().toDoubleArray(), 1e-12);
  }

  @Test
  void crossEntropyOfSoftmaxIsCloseToTheFusedLoss() {
    int[] labels = {3, 1};
    Variable x = rnd(3, 2, 4);
    double fused = Ops.softmaxCrossEntropy(x, labels).item();
    double composed = Ops.crossEntropy(Ops.softmax(x, 1), labels).item();
    assertEquals(fused, composed, 1e-6);
  }

  @Test
  void float32MaxPoolBackwardFromRecordedWinnersEqualsTheSearchingKernel() {
    // ties (integers from a small range) so that the first-maximum rule matters
    java.util.Random r = new java.util.Random(8);
    float[] xs = new float[4 * 3 * 6 * 8];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r.nextInt(5) - 2;
    }
    Tensor x0 = Tensor.of(xs, 4, 3, 6, 8);
    Tensor gy = Tensor.randn(new Well19937c(9), DType.FLOAT32, 0, 1, 4, 3, 3, 4);
    Variable x = new Variable(x0);
    Variable y = Ops.maxPool2d(x, 2, 2, 0);
    Ops.sum(y.mul(Variable.constant(gy))).backward();
    Tensor want = x0.device().kernels().maxPool2dBackward(x0, gy, 2, 2, 2, 0);
    assertArrayEquals(want.toFloatArray(), x.grad().value().toFloatArray());
    assertArrayEquals(
        x0.device().kernels().maxPool2d(x0, 2, 2, 2, 0).toFloatArray(), y.value().toFloatArray());
    // without grad mode nothing is recorded and the value is the same
    try (gradgraph.core.Scope off = gradgraph.core.Grad.disabled()) {
      assertArrayEquals(y.value().toFloatArray(), Ops.maxPool2d(x, 2, 2, 0).value().toFloatArray());
    }
  }

  @Test
  void sumSquaredErrorIsHalfTheSumAndMseTheMean() {
    Variable y = new Variable(Tensor.vector(1, 2, 3, 4));
    Variable t = new Variable(Tensor.vector(0, 0, 0, 0));
    assertEquals(15, Ops.sumSquaredError(y, t).item(), 1e-12);
    assertEquals(7.5, Ops.meanSquaredError(y, t).item(), 1e-12);
    assertEquals(7.5, Ops.mse(y, t).item(), 1e-12);
  }

  @Test
  void binaryOpsAndConcatPromoteFloat32WithFloat64() {
    Variable a = new Variable(Tensor.of(new float[] {1, 2}, 2));
    Variable b = new Variable(Tensor.vector(0.5, 0.25));
    assertEquals(DType.FLOAT64, Ops.maximum(a, b).dtype());
    Variable c = Ops.concat(List.of(a, b), 0);
    assertEquals(DType.FLOAT64, c.dtype());
    Ops.sum(c).backward();
    assertEquals(DType.FLOAT32, a.grad().dtype());
    assertArrayEquals(new double[] {1, 1}, a.grad().value().toDoubleArray());
  }

  @Test
  void conv2dWithStrideAndPaddingHasTheBookOutputSize() {
    Variable x = rnd(4, 2, 3, 28, 28);
    Variable w = rnd(5, 30, 3, 5, 5);
    assertArrayEquals(new int[] {2, 30, 24, 24}, Ops.conv2d(x, w, null, 1, 0).shape());
    assertArrayEquals(new int[] {2, 30, 28, 28}, Ops.conv2d(x, w, null, 1, 2).shape());
    Variable w2 = rnd(6, 30, 3, 2, 2);
    assertArrayEquals(new int[] {2, 30, 14, 14}, Ops.conv2d(x, w2, null, 2, 0).shape());
    assertArrayEquals(new int[] {2, 3, 14, 14}, Ops.maxPool2d(x, 2, 2, 0).shape());
  }
}
