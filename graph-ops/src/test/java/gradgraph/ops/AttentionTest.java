package gradgraph.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.attention.AttentionMask;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the op table's tolerances cannot show: masked weights are exactly 0, and a query that sees
 * no key gets exact zeros (weights, output, gradients), never NaN, in both dtypes.
 */
class AttentionTest {
  private static Variable randn(DType dt, long seed, int... shape) {
    return new Variable(Tensor.randn(new Well19937c(seed), dt, 0, 3, shape));
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void maskedKeysGetExactlyZeroAndABlindQueryGetsZeros(DType dt) {
    Variable q = randn(dt, 1, 2, 3, 4);
    Variable k = randn(dt, 2, 2, 5, 4);
    Variable v = randn(dt, 3, 2, 5, 6);
    // query 1 sees nothing; query 0 sees keys 0 and 3; query 2 keys 0, 3 and 4
    double[] keep = {1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1};
    AttentionMask mask = AttentionMask.keep(Tensor.of(keep, 3, 5));
    double[] w = Ops.attentionWeights(q, k, mask).value().toDoubleArray();
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < 3; i++) {
        double sum = 0;
        for (int j = 0; j < 5; j++) {
          double x = w[(b * 3 + i) * 5 + j];
          if (keep[i * 5 + j] == 0) {
            assertEquals(0.0, x, "batch " + b + " query " + i + " key " + j);
          } else {
            assertTrue(x > 0, "a visible key has a positive weight");
          }
          sum += x;
        }
        assertEquals(i == 1 ? 0 : 1, sum, 1e-6);
      }
    }
    Variable y = Ops.scaledDotProductAttention(q, k, v, mask);
    double[] out = y.value().toDoubleArray();
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 6; c++) {
        assertEquals(0.0, out[(b * 3 + 1) * 6 + c]);
      }
    }
    Ops.sum(Ops.square(y)).backward();
    double[] gq = q.grad().value().toDoubleArray();
    for (double g : gq) {
      assertTrue(Double.isFinite(g));
    }
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 4; c++) {
        assertEquals(0.0, gq[(b * 3 + 1) * 4 + c], "the blind query gets no gradient");
      }
    }
    // keys 1 and 2 are seen by no query: no gradient reaches their values
    double[] gv = v.grad().value().toDoubleArray();
    for (int b = 0; b < 2; b++) {
      for (int j = 1; j <= 2; j++) {
        for (int c = 0; c < 6; c++) {
          assertEquals(0.0, gv[(b * 5 + j) * 6 + c]);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void causalSelfAttentionOfTheFirstStepIsItsOwnValue(DType dt) {
    Variable x = randn(dt, 4, 2, 2, 4, 3);
    Variable y = Ops.scaledDotProductAttention(x, x, x, AttentionMask.causal(4, 4));
    assertArrayEquals(new int[] {2, 2, 4, 3}, y.shape());
    double[] xs = x.value().toDoubleArray();
    double[] ys = y.value().toDoubleArray();
    for (int bh = 0; bh < 4; bh++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(xs[bh * 12 + c], ys[bh * 12 + c], 1e-6);
      }
    }
    // a −∞ additive mask is the same as the keep mask where no row is fully masked
    double inf = Double.NEGATIVE_INFINITY;
    double[] bias = new double[16];
    for (int i = 0; i < 4; i++) {
      for (int j = i + 1; j < 4; j++) {
        bias[i * 4 + j] = inf;
      }
    }
    Variable z =
        Ops.scaledDotProductAttention(x, x, x, AttentionMask.additive(Tensor.of(bias, 4, 4)));
    assertArrayEquals(ys, z.value().toDoubleArray(), 1e-6);
  }
}
