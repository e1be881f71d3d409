package gradgraph.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.check.GradAssertions;
import gradgraph.core.check.GradCheck;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.Ops;
import gradgraph.ops.attention.AttentionMask;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** The sequel's {@link Attention} and {@link MultiHeadAttention}, against loops and gradients. */
class AttentionLayersTest {
  private final Well19937c rng = new Well19937c(3);

  private Tensor randn(int... shape) {
    return Tensor.randn(rng, DType.FLOAT64, 0, 1, shape);
  }

  /** The sequel's AttentionWeight + WeightSum with loops, for one decoder step. */
  private static double[][] sequelAttention(double[] h, double[] hs, int n, int t, int hidden) {
    double[] a = new double[n * t];
    double[] c = new double[n * hidden];
    for (int b = 0; b < n; b++) {
      double max = Double.NEGATIVE_INFINITY;
      double[] s = new double[t];
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < hidden; j++) {
          s[i] += hs[(b * t + i) * hidden + j] * h[b * hidden + j];
        }
        max = Math.max(max, s[i]);
      }
      double z = 0;
      for (int i = 0; i < t; i++) {
        z += Math.exp(s[i] - max);
      }
      for (int i = 0; i < t; i++) {
        a[b * t + i] = Math.exp(s[i] - max) / z;
        for (int j = 0; j < hidden; j++) {
          c[b * hidden + j] += a[b * t + i] * hs[(b * t + i) * hidden + j];
        }
      }
    }
    return new double[][] {a, c};
  }

  @Test
  void oneStepMatchesTheSequelsWeightSum() {
    Tensor h = randn(2, 4);
    Tensor hs = randn(2, 5, 4);
    Attention att = new Attention();
    Variable c = att.apply(new Variable(h), Variable.constant(hs));
    double[][] expected = sequelAttention(h.toDoubleArray(), hs.toDoubleArray(), 2, 5, 4);
    assertArrayEquals(new int[] {2, 4}, c.shape());
    assertArrayEquals(new int[] {2, 5}, att.lastWeights().shape());
    assertArrayEquals(expected[0], att.lastWeights().value().toDoubleArray(), 1e-12);
    assertArrayEquals(expected[1], c.value().toDoubleArray(), 1e-12);
    assertEquals("attention", c.creator().scope());
  }

  @Test
  void allDecoderStepsAtOnceEqualStepByStep() {
    Tensor dec = randn(2, 3, 4);
    Tensor hs = randn(2, 5, 4);
    Attention att = new Attention();
    Variable all = att.apply(Variable.constant(dec), Variable.constant(hs));
    assertArrayEquals(new int[] {2, 3, 4}, all.shape());
    for (int s = 0; s < 3; s++) {
      Variable step =
          Ops.slice(Variable.constant(dec), new int[] {0, s, 0}, new int[] {2, s + 1, 4})
              .reshape(2, 4);
      Variable one = att.apply(step, Variable.constant(hs));
      Variable col = Ops.slice(all, new int[] {0, s, 0}, new int[] {2, s + 1, 4}).reshape(2, 4);
      assertArrayEquals(col.value().toDoubleArray(), one.value().toDoubleArray(), 1e-12);
    }
  }

  @Test
  void attentionGradientsReachBothInputs() {
    Attention att = new Attention().mask(AttentionMask.lengths(new int[] {5, 3}, 5));
    GradAssertions.assertGradientsMatch(
        v -> att.apply(v[0], v[1]),
        new Variable(randn(2, 3, 4), "dec"),
        new Variable(randn(2, 5, 4), "hs"));
    GradAssertions.assertSecondOrderGradientsMatch(
        v -> Ops.square(att.apply(v[0], v[1])),
        new Variable(randn(2, 4), "h"),
        new Variable(randn(2, 5, 4), "hs"));
    // the padding mask: sample 1's steps 3 and 4 get no weight
    double[] w = att.lastWeights().value().toDoubleArray();
    assertEquals(0.0, w[5 + 3]);
    assertEquals(0.0, w[5 + 4]);
    assertEquals(1.0, w[5] + w[6] + w[7], 1e-12);
  }

  @Test
  void attentionRejectsWrongInputs() {
    Attention att = new Attention();
    Variable hs = Variable.constant(randn(2, 5, 4));
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> att.apply(hs));
    assertTrue(one.getMessage().startsWith("Attention: inputs: takes 2 inputs"), one.getMessage());
    IllegalArgumentException h =
        assertThrows(
            IllegalArgumentException.class, () -> att.apply(Variable.constant(randn(2, 3)), hs));
    assertEquals(
        "Attention: inputs: decoder and encoder states need the same N and H, got [2, 3] and [2, 5,"
            + " 4]",
        h.getMessage());
    IllegalArgumentException three =
        assertThrows(IllegalArgumentException.class, () -> att.apply(hs, hs, hs));
    assertTrue(three.getMessage().contains("got 3"), three.getMessage());
  }

  @Test
  void multiHeadAttentionIsPerHeadAttentionJoined() {
    MultiHeadAttention mha = new MultiHeadAttention(4, 2, new Well19937c(9), DType.FLOAT64);
    Variable q = Variable.constant(randn(2, 3, 4));
    Variable kv = Variable.constant(randn(2, 5, 4));
    Variable y = mha.apply(q, kv, kv);
    assertArrayEquals(new int[] {2, 3, 4}, y.shape());
    assertArrayEquals(new int[] {2, 2, 3, 5}, mha.lastWeights().shape());
    // head by head, with slices of the projections instead of reshapes
    var p = mha.namedParameters();
    Variable qp = Ops.linear(q, p.get("wq"), p.get("bq"));
    Variable kp = Ops.linear(kv, p.get("wk"), p.get("bk"));
    Variable vp = Ops.linear(kv, p.get("wv"), p.get("bv"));
    java.util.List<Variable> outs = new java.util.ArrayList<>();
    for (int head = 0; head < 2; head++) {
      int[] b = {0, 0, 2 * head};
      Variable qh = Ops.slice(qp, b, new int[] {2, 3, 2 * head + 2});
      Variable kh = Ops.slice(kp, b, new int[] {2, 5, 2 * head + 2});
      Variable vh = Ops.slice(vp, b, new int[] {2, 5, 2 * head + 2});
      outs.add(Ops.scaledDotProductAttention(qh, kh, vh, null));
    }
    Variable expected = Ops.linear(Ops.concat(outs, 2), p.get("wo"), p.get("bo"));
    assertArrayEquals(expected.value().toDoubleArray(), y.value().toDoubleArray(), 1e-12);
    // one input is self-attention
    assertArrayEquals(
        mha.apply(q, q, q).value().toDoubleArray(), mha.apply(q).value().toDoubleArray(), 1e-12);
  }

  @Test
  void multiHeadAttentionGradientsWithACausalMask() {
    MultiHeadAttention mha = new MultiHeadAttention(4, 2, new Well19937c(10), DType.FLOAT64);
    Tensor x = randn(2, 3, 4);
    AttentionMask causal = AttentionMask.causal(3, 3);
    GradAssertions.assertPassed(
        GradCheck.defaults()
            .checkLoss(
                () ->
                    Ops.sum(
                        Ops.square(
                            mha.apply(
                                Variable.constant(x),
                                Variable.constant(x),
                                Variable.constant(x),
                                causal))),
                mha.parameters().toArray(new Parameter[0])));
    GradAssertions.assertGradientsMatch(
        v -> mha.apply(v[0], v[0], v[0], causal), new Variable(x, "x"));
    // query 0 sees key 0 alone, in every head
    double[] w = mha.lastWeights().value().toDoubleArray();
    assertEquals(1.0, w[0], 1e-12);
    assertEquals(0.0, w[1]);
    assertEquals(0.0, w[2]);
    // a padding mask [N, 1, Tk] gets its heads dimension
    mha.apply(
        Variable.constant(x),
        Variable.constant(x),
        Variable.constant(x),
        AttentionMask.lengths(new int[] {3, 1}, 3));
    double[] pw = mha.lastWeights().value().toDoubleArray();
    // sample 1, head 1, query 2: only key 0
    assertEquals(1.0, pw[(1 * 2 + 1) * 9 + 2 * 3], 1e-12);
  }

  @Test
  void multiHeadAttentionRejectsBadSettingsAndShapes() {
    IllegalArgumentException dim =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MultiHeadAttention(6, 4, new Well19937c(1), DType.FLOAT64));
    assertEquals(
        "MultiHeadAttention: dim: must be a positive multiple of heads=4, got 6", dim.getMessage());
    MultiHeadAttention mha = new MultiHeadAttention(4, 2, new Well19937c(1), DType.FLOAT64);
    Variable x = Variable.constant(randn(2, 3, 4));
    IllegalArgumentException key =
        assertThrows(
            IllegalArgumentException.class,
            () -> mha.apply(x, Variable.constant(randn(2, 3, 5)), x));
    assertEquals("MultiHeadAttention: key: expected [N, T, 4], got [2, 3, 5]", key.getMessage());
    IllegalArgumentException two =
        assertThrows(IllegalArgumentException.class, () -> mha.apply(x, x));
    assertTrue(two.getMessage().contains("got 2"), two.getMessage());
  }
}
