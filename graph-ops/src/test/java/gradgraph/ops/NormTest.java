package gradgraph.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.norm.BatchNormState;
import gradgraph.ops.norm.DropoutMode;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batch norm's running statistics and dropout's masks and modes. */
class NormTest {

  @ParameterizedTest
  @EnumSource(DType.class)
  void batchNormUpdatesRunningStatisticsWithTheBookMomentum(DType dt) {
    BatchNormState s = new BatchNormState(0.9, 1e-5);
    // per feature: column 0 = {1, 3} (mean 2, var 1), column 1 = {0, 4} (mean 2, var 4)
    Variable x = new Variable(Tensor.of(new double[] {1, 0, 3, 4}, 2, 2).to(dt));
    Variable y = Ops.batchNorm(x, null, null, s, true);
    double k = 1 / Math.sqrt(1 + 1e-5);
    double k4 = 2 / Math.sqrt(4 + 1e-5);
    assertArrayEquals(new double[] {-k, -k4, k, k4}, y.value().toDoubleArray(), 1e-6);
    assertEquals(dt, s.runningMean().dtype());
    assertArrayEquals(new double[] {0.2, 0.2}, s.runningMean().toDoubleArray(), 1e-6);
    // var starts at 1: 0.9 · 1 + 0.1 · {1, 4}
    assertArrayEquals(new double[] {1.0, 1.3}, s.runningVar().toDoubleArray(), 1e-6);
    Ops.batchNorm(x, null, null, s, true);
    assertArrayEquals(new double[] {0.38, 0.38}, s.runningMean().toDoubleArray(), 1e-6);
  }

  @Test
  void batchNormEvaluationUsesRunningStatisticsAndLeavesThem() {
    BatchNormState s = new BatchNormState(0.5, 1e-5);
    s.set(Tensor.vector(1, -1), Tensor.vector(4, 0.25));
    Variable x = new Variable(Tensor.of(new double[] {3, 0, 5, -1}, 2, 2));
    Variable g = new Variable(Tensor.vector(2, 1));
    Variable b = new Variable(Tensor.vector(0, 10));
    Variable y = Ops.batchNorm(x, g, b, s, false);
    double e = 1e-5;
    assertArrayEquals(
        new double[] {
          2 * 2 / Math.sqrt(4 + e), 10 + 1 / Math.sqrt(0.25 + e), 2 * 4 / Math.sqrt(4 + e), 10
        },
        y.value().toDoubleArray(),
        1e-9);
    assertArrayEquals(new double[] {1, -1}, s.runningMean().toDoubleArray());
    assertArrayEquals(new double[] {4, 0.25}, s.runningVar().toDoubleArray());
  }

  @Test
  void batchNormPerChannelStatistics() {
    BatchNormState s = new BatchNormState();
    // channel 0 all 1s and 3s, channel 1 constant 5
    double[] d = {1, 3, 1, 3, 5, 5, 5, 5};
    Ops.batchNorm(new Variable(Tensor.of(d, 1, 2, 2, 2)), null, null, s, true);
    assertArrayEquals(new double[] {0.2, 0.5}, s.runningMean().toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {1.0, 0.9}, s.runningVar().toDoubleArray(), 1e-12);
  }

  @Test
  void dropoutMasksAreSeededAndKeepAboutOneMinusP() {
    Variable x = new Variable(Tensor.ones(DType.FLOAT32, 100, 100));
    double[] a = Ops.dropout(x, 0.3, true, new Well19937c(5)).value().toDoubleArray();
    double[] b = Ops.dropout(x, 0.3, true, new Well19937c(5)).value().toDoubleArray();
    double[] c = Ops.dropout(x, 0.3, true, new Well19937c(6)).value().toDoubleArray();
    assertArrayEquals(a, b);
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    int kept = 0;
    for (double v : a) {
      if (v != 0) {
        assertEquals(1 / 0.7, v, 1e-6);
        kept++;
      }
    }
    // 10 000 Bernoulli(0.7) draws: mean 7000, sd ≈ 46
    assertTrue(Math.abs(kept - 7000) < 300, "kept " + kept);
  }

  @Test
  void dropoutGradientIsTheMask() {
    Variable x = new Variable(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 8));
    Variable y = Ops.dropout(x, 0.5, true, new Well19937c(3));
    Ops.sum(y).backward();
    double[] yv = y.value().toDoubleArray();
    double[] g = x.grad().value().toDoubleArray();
    for (int i = 0; i < g.length; i++) {
      assertEquals(yv[i] == 0 ? 0 : 2, g[i]);
    }
  }

  @Test
  void dropoutModesInEvaluation() {
    Variable x = new Variable(Tensor.vector(1, -2));
    assertSame(x, Ops.dropout(x, 0.4, false, null));
    assertArrayEquals(
        new double[] {0.6, -1.2},
        Ops.dropout(x, 0.4, false, null, DropoutMode.CLASSIC).value().toDoubleArray(),
        1e-12);
    double[] classic =
        Ops.dropout(x, 0.4, true, new Well19937c(1), DropoutMode.CLASSIC).value().toDoubleArray();
    for (int i = 0; i < classic.length; i++) {
      assertTrue(classic[i] == 0 || classic[i] == x.value().toDoubleArray()[i]);
    }
  }

  @Test
  void layerNormRowsHaveZeroMeanAndUnitVariance() {
    Variable x = new Variable(Tensor.of(new double[] {1, 2, 3, 10, 20, 60}, 2, 3));
    double[] y = Ops.layerNorm(x, null, null, 1e-12).value().toDoubleArray();
    for (int r = 0; r < 2; r++) {
      double m = (y[3 * r] + y[3 * r + 1] + y[3 * r + 2]) / 3;
      double v = 0;
      for (int j = 0; j < 3; j++) {
        v += (y[3 * r + j] - m) * (y[3 * r + j] - m) / 3;
      }
      assertEquals(0, m, 1e-12);
      assertEquals(1, v, 1e-9);
    }
  }
}
