package gradgraph.ops.attention;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Which keys each query of an attention may see, as a constant tensor that broadcasts (NumPy rules,
 * aligned on the right) to the scores {@code [..., Tq, Tk]}. Two kinds, as PyTorch's {@code
 * attn_mask} has:
 *
 * <ul>
 *   <li>a <b>keep</b> mask of 0s and 1s, 1 where the query may look at the key ({@link #keep},
 *       {@link #causal}, {@link #lengths}): a masked key gets the weight exactly 0, and a query
 *       whose keys are all masked gets all-zero weights and a zero output (where PyTorch's boolean
 *       mask gives NaN);
 *   <li>an <b>additive</b> mask added to the scores before the softmax ({@link #additive}): {@code
 *       -∞} entries get weight 0; a row that is {@code -∞} for every key is rejected, since its
 *       softmax is NaN.
 * </ul>
 *
 * <p>A mask is a value, never differentiated; it is converted to the scores' dtype and device when
 * used.
 */
public final class AttentionMask {
  private final Tensor values;
  private final boolean additive;

  private AttentionMask(Tensor values, boolean additive) {
    this.values = values;
    this.additive = additive;
  }

  /**
   * A keep mask: 1 where a query may attend to a key, 0 where not.
   *
   * @param keep 0s and 1s broadcasting to {@code [..., Tq, Tk]}, rank at least 1
   * @return the mask
   * @throws IllegalArgumentException when a value is neither 0 nor 1
   */
  public static AttentionMask keep(Tensor keep) {
    Errors.check(keep != null, "AttentionMask.keep", "keep", "must not be null");
    Errors.check(
        keep.rank() >= 1, "AttentionMask.keep", "keep", "must have rank >= 1, got a scalar");
    double[] d = keep.toDoubleArray();
    for (int i = 0; i < d.length; i++) {
      if (d[i] != 0 && d[i] != 1) {
        throw Errors.illegalArgument(
            "AttentionMask.keep",
            "keep",
            "values must be 0 or 1, got " + d[i] + " at flat index " + i + " of " + shape(keep));
      }
    }
    return new AttentionMask(keep, false);
  }

  /**
   * An additive mask, added to the scores before the softmax ({@code 0} to keep, {@code -∞} or a
   * large negative number to mask, anything else to bias).
   *
   * @param bias values broadcasting to {@code [..., Tq, Tk]}, rank at least 1, no NaN
   * @return the mask
   * @throws IllegalArgumentException when a value is NaN or {@code +∞}, or a row along the last
   *     axis is {@code -∞} everywhere
   */
  public static AttentionMask additive(Tensor bias) {
    Errors.check(bias != null, "AttentionMask.additive", "bias", "must not be null");
    Errors.check(
        bias.rank() >= 1, "AttentionMask.additive", "bias", "must have rank >= 1, got a scalar");
    double[] d = bias.toDoubleArray();
    int tk = bias.shape()[bias.rank() - 1];
    for (int r = 0; tk > 0 && r < d.length / tk; r++) {
      boolean allMasked = true;
      for (int j = 0; j < tk; j++) {
        double x = d[r * tk + j];
        if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) {
          throw Errors.illegalArgument(
              "AttentionMask.additive",
              "bias",
              "values must be finite or -Infinity, got " + x + " at flat index " + (r * tk + j));
        }
        allMasked &= x == Double.NEGATIVE_INFINITY;
      }
      if (allMasked) {
        throw Errors.illegalArgument(
            "AttentionMask.additive",
            "bias",
            "row "
                + r
                + " of "
                + shape(bias)
                + " is -Infinity for every key, so its softmax would be NaN; use"
                + " AttentionMask.keep to give such a query zero weights");
      }
    }
    return new AttentionMask(bias, true);
  }

  /**
   * The causal (look-ahead) mask {@code [Tq, Tk]}: query {@code i} sees keys {@code 0..i}, as
   * PyTorch's {@code is_causal} (aligned at the top left).
   *
   * @param tq the number of queries, {@code >= 0}
   * @param tk the number of keys, {@code >= 0}
   * @return the keep mask
   */
  public static AttentionMask causal(int tq, int tk) {
    Errors.check(tq >= 0, "AttentionMask.causal", "tq", "must be >= 0, got " + tq);
    Errors.check(tk >= 0, "AttentionMask.causal", "tk", "must be >= 0, got " + tk);
    double[] d = new double[tq * tk];
    for (int i = 0; i < tq; i++) {
      for (int j = 0; j <= Math.min(i, tk - 1); j++) {
        d[i * tk + j] = 1;
      }
    }
    return new AttentionMask(Tensor.of(d, tq, tk), false);
  }

  /**
   * The padding mask {@code [N, 1, Tk]} of a batch of sequences of different lengths: sample {@code
   * n} sees keys {@code 0..lengths[n]-1}. For heads ({@code [N, H, Tq, Tk]} scores) reshape it to
   * {@code [N, 1, 1, Tk]} with {@link #reshape}.
   *
   * @param lengths each sample's number of real keys, in {@code [0, tk]}
   * @param tk the padded number of keys
   * @return the keep mask
   */
  public static AttentionMask lengths(int[] lengths, int tk) {
    Errors.check(lengths != null, "AttentionMask.lengths", "lengths", "must not be null");
    Errors.check(tk >= 0, "AttentionMask.lengths", "tk", "must be >= 0, got " + tk);
    double[] d = new double[lengths.length * tk];
    for (int n = 0; n < lengths.length; n++) {
      Errors.check(
          lengths[n] >= 0 && lengths[n] <= tk,
          "AttentionMask.lengths",
          "lengths",
          "entry " + n + " is " + lengths[n] + ", outside [0, " + tk + "]");
      for (int j = 0; j < lengths[n]; j++) {
        d[n * tk + j] = 1;
      }
    }
    return new AttentionMask(Tensor.of(d, lengths.length, 1, tk), false);
  }

  /**
   * The same mask with another shape of the same size (to insert a heads dimension).
   *
   * @param shape the new shape
   * @return a mask of the same kind
   */
  public AttentionMask reshape(int... shape) {
    return new AttentionMask(values.reshape(shape), additive);
  }

  /**
   * Tells whether the mask is added to the scores (rather than a 0/1 keep mask).
   *
   * @return true for {@link #additive} masks
   */
  public boolean isAdditive() {
    return additive;
  }

  /**
   * Returns the mask's values (0/1 for a keep mask, the bias for an additive one), in FLOAT64 on
   * the CPU unless given otherwise.
   *
   * @return the tensor
   */
  public Tensor values() {
    return values;
  }

  /**
   * Returns the shape.
   *
   * @return the mask's shape
   */
  public int[] shape() {
    return values.shape();
  }

  /** The values as the scores need them. */
  Tensor valuesLike(DType dtype, gradgraph.core.device.Device device) {
    return values.to(dtype).to(device);
  }

  private static String shape(Tensor t) {
    return Arrays.toString(t.shape());
  }

  @Override
  public String toString() {
    return (additive ? "AttentionMask.additive" : "AttentionMask.keep") + shape(values);
  }
}
