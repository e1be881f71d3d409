package gradgraph.ops.attention;

import gradgraph.core.Variable;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.activation.Softmax;
import java.util.Arrays;

/**
 * Scaled dot-product attention, {@code softmax(q·kᵀ · scale + mask) · v} (Vaswani et al. 2017,
 * "Attention Is All You Need"), composed of differentiable ops (batched matrix product, softmax,
 * elementwise), so it has first and higher derivatives on every device.
 *
 * <p>Shapes: {@code q [..., Tq, D]}, {@code k [..., Tk, D]}, {@code v [..., Tk, Dv]}, with the same
 * leading (batch, heads) dimensions, give weights {@code [..., Tq, Tk]} (each row sums to 1 over
 * the keys) and an output {@code [..., Tq, Dv]}. The default scale is {@code 1/√D}.
 *
 * <p>Masks ({@link AttentionMask}): a keep mask lowers masked scores by {@value #MASKED} before the
 * softmax, so they take no part in its normalizer, and then multiplies the weights by the mask, so
 * a masked weight is exactly 0 and a query with no visible key gets all-zero weights (and a zero
 * output, and zero gradients) rather than NaN. An additive mask is added to the scores as given.
 */
public final class ScaledDotProductAttention {
  /** What a keep mask adds to a masked score before the softmax. */
  public static final double MASKED = -1e9;

  private ScaledDotProductAttention() {}

  /**
   * The attention output.
   *
   * @param q the queries {@code [..., Tq, D]}
   * @param k the keys {@code [..., Tk, D]}
   * @param v the values {@code [..., Tk, Dv]}
   * @param mask which keys each query sees, or null for all
   * @return {@code [..., Tq, Dv]}
   */
  public static Variable apply(Variable q, Variable k, Variable v, AttentionMask mask) {
    String op = "scaledDotProductAttention";
    checkQk(op, q, k);
    Errors.check(v != null, op, "v", "must not be null");
    int[] ks = k.shape();
    int[] vs = v.shape();
    if (vs.length != ks.length) {
      throw Errors.illegalArgument(
          op, "v", "must have the rank of k: k " + shape(ks) + " vs v " + shape(vs));
    }
    if (!Arrays.equals(batch(ks), batch(vs))) {
      throw Errors.illegalArgument(
          op,
          "v",
          "must have the batch dimensions of q and k: k " + shape(ks) + " vs v " + shape(vs));
    }
    if (vs[vs.length - 2] != ks[ks.length - 2]) {
      throw Errors.illegalArgument(
          op, "v", "must have one row per key (Tk): k " + shape(ks) + " vs v " + shape(vs));
    }
    return new MatMul(false, false).apply(weights(op, q, k, mask, defaultScale(q)), v);
  }

  /**
   * The attention weights {@code softmax(q·kᵀ/√D + mask)}, for inspection (attention maps).
   *
   * @param q the queries {@code [..., Tq, D]}
   * @param k the keys {@code [..., Tk, D]}
   * @param mask which keys each query sees, or null for all
   * @return {@code [..., Tq, Tk]}, rows summing to 1 (or 0 where every key is masked)
   */
  public static Variable weights(Variable q, Variable k, AttentionMask mask) {
    checkQk("attentionWeights", q, k);
    return weights("attentionWeights", q, k, mask, defaultScale(q));
  }

  /**
   * The attention weights with a chosen scale (1 for the unscaled dot product of Bahdanau/Luong
   * style attention, as the book's sequel uses).
   *
   * @param q the queries {@code [..., Tq, D]}
   * @param k the keys {@code [..., Tk, D]}
   * @param mask which keys each query sees, or null for all
   * @param scale multiplies the dot products, finite
   * @return {@code [..., Tq, Tk]}
   */
  public static Variable weights(Variable q, Variable k, AttentionMask mask, double scale) {
    checkQk("attentionWeights", q, k);
    Errors.check(
        Double.isFinite(scale), "attentionWeights", "scale", "must be finite, got " + scale);
    return weights("attentionWeights", q, k, mask, scale);
  }

  private static double defaultScale(Variable q) {
    int d = q.shape()[q.rank() - 1];
    return d == 0 ? 1 : 1 / Math.sqrt(d);
  }

  private static Variable weights(
      String op, Variable q, Variable k, AttentionMask mask, double scale) {
    Variable scores = new MatMul(false, true).apply(q, k);
    if (scale != 1) {
      scores = scores.mul(scale);
    }
    if (mask == null) {
      return new Softmax(-1).apply(scores);
    }
    int[] ss = scores.shape();
    int[] ms = mask.shape();
    boolean fits = ms.length <= ss.length;
    for (int i = 0; fits && i < ms.length; i++) {
      int d = ss[ss.length - ms.length + i];
      fits = ms[i] == 1 || ms[i] == d;
    }
    if (!fits) {
      throw Errors.illegalArgument(
          op,
          "mask",
          shape(ms)
              + " does not broadcast to the scores [..., Tq, Tk] = "
              + shape(ss)
              + " (q "
              + shape(q.shape())
              + ", k "
              + shape(k.shape())
              + ")");
    }
    Tensor m = mask.valuesLike(scores.dtype(), scores.value().device());
    if (mask.isAdditive()) {
      return new Softmax(-1).apply(scores.add(Variable.constant(m)));
    }
    Variable lowered = scores.add(Variable.constant(m.add(-1).mul(-MASKED)));
    return new Softmax(-1).apply(lowered).mul(Variable.constant(m));
  }

  private static void checkQk(String op, Variable q, Variable k) {
    Errors.check(q != null, op, "q", "must not be null");
    Errors.check(k != null, op, "k", "must not be null");
    int[] qs = q.shape();
    int[] ks = k.shape();
    if (qs.length < 2 || ks.length != qs.length) {
      throw Errors.illegalArgument(
          op,
          "q, k",
          "must have the same rank, 2 or more ([..., T, D]): q "
              + shape(qs)
              + " vs k "
              + shape(ks));
    }
    if (!Arrays.equals(batch(qs), batch(ks))) {
      throw Errors.illegalArgument(
          op, "q, k", "must have the same batch dimensions: q " + shape(qs) + " vs k " + shape(ks));
    }
    if (qs[qs.length - 1] != ks[ks.length - 1]) {
      throw Errors.illegalArgument(
          op, "q, k", "must have the same last dimension D: q " + shape(qs) + " vs k " + shape(ks));
    }
  }

  private static int[] batch(int[] s) {
    return Arrays.copyOf(s, s.length - 2);
  }

  private static String shape(int[] s) {
    return Arrays.toString(s);
  }
}
