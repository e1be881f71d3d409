package gradgraph.ops.norm;

import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalization, composed of differentiable ops (so its backward, of any order, comes from
 * its parts): {@code y = γ · (x − μ) / √(σ² + ε) + β}. For {@code x (N, D)} the statistics are per
 * feature over {@code N}; for {@code x (N, C, H, W)} per channel over {@code N, H, W}; {@code γ}
 * and {@code β} are {@code [D]} or {@code [C]} (either may be null). Training uses the batch's mean
 * and biased variance and updates the {@link BatchNormState}; evaluation uses its running
 * statistics.
 */
public final class BatchNorm {
  private BatchNorm() {}

  /**
   * Applies batch normalization.
   *
   * @param x the input, {@code (N, D)} or {@code (N, C, H, W)}
   * @param gamma the scale {@code [D]} or {@code [C]}, or null for 1
   * @param beta the shift, same shape, or null for 0
   * @param state the running statistics (modified by a training call)
   * @param training whether to use and record batch statistics
   * @return the normalized input, same shape
   */
  public static Variable apply(
      Variable x, Variable gamma, Variable beta, BatchNormState state, boolean training) {
    int[] s = x.shape();
    Errors.check(state != null, "batchNorm", "state", "must not be null");
    if (s.length != 2 && s.length != 4) {
      throw Errors.illegalArgument(
          "batchNorm", "x", "must be (N, D) or (N, C, H, W), got " + Arrays.toString(s));
    }
    int features = s[1];
    int[] axes = s.length == 2 ? new int[] {0} : new int[] {0, 2, 3};
    int[] pshape = s.length == 2 ? new int[] {1, features} : new int[] {1, features, 1, 1};
    checkParam("gamma", gamma, features, s);
    checkParam("beta", beta, features, s);
    state.ensure(features, x.value());
    Variable y;
    if (training) {
      int count = x.size() / Math.max(1, features);
      Errors.check(
          count > 0,
          "batchNorm",
          "x",
          "training needs at least one value per feature, got " + Arrays.toString(s));
      Variable mu = x.sum(true, axes).mul(1.0 / count);
      Variable xc = x.sub(mu);
      Variable var = xc.square().sum(true, axes).mul(1.0 / count);
      y = xc.mul(var.add(state.eps()).pow(-0.5));
      state.update(mu.value().reshape(features), var.value().reshape(features));
    } else {
      Device dev = x.value().device();
      Tensor mean = state.runningMean().reshape(pshape).to(x.dtype()).to(dev);
      Tensor inv = state.runningVar().add(state.eps()).map(UnaryOp.POW, -0.5);
      y =
          x.sub(Variable.constant(mean))
              .mul(Variable.constant(inv.reshape(pshape).to(x.dtype()).to(dev)));
    }
    if (gamma != null) {
      y = y.mul(gamma.reshape(pshape));
    }
    if (beta != null) {
      y = y.add(beta.reshape(pshape));
    }
    return y;
  }

  private static void checkParam(String name, Variable p, int features, int[] xs) {
    if (p != null && !Arrays.equals(p.shape(), new int[] {features})) {
      throw Errors.illegalArgument(
          "batchNorm",
          name,
          "must be ["
              + features
              + "] for x "
              + Arrays.toString(xs)
              + ", got "
              + Arrays.toString(p.shape()));
    }
  }
}
