package gradgraph.ops.norm;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import java.util.Arrays;

/**
 * Layer normalization over the last axis, composed of differentiable ops: {@code y = γ · (x − μ) /
 * √(σ² + ε) + β} with {@code μ, σ²} the mean and biased variance of each row (the last axis), the
 * same in training and evaluation. {@code γ} and {@code β} are {@code [D]} for {@code x [..., D]}
 * (either may be null).
 */
public final class LayerNorm {
  private LayerNorm() {}

  /**
   * Applies layer normalization.
   *
   * @param x the input {@code [..., D]}, rank at least 1
   * @param gamma the scale {@code [D]}, or null for 1
   * @param beta the shift {@code [D]}, or null for 0
   * @param eps added to the variance, {@code > 0}
   * @return the normalized input, same shape
   */
  public static Variable apply(Variable x, Variable gamma, Variable beta, double eps) {
    int[] s = x.shape();
    Errors.check(s.length >= 1, "layerNorm", "x", "must have rank >= 1, got a scalar");
    Errors.check(eps > 0, "layerNorm", "eps", "must be > 0, got " + eps);
    int d = s[s.length - 1];
    for (Variable p : new Variable[] {gamma, beta}) {
      if (p != null && !Arrays.equals(p.shape(), new int[] {d})) {
        throw Errors.illegalArgument(
            "layerNorm",
            p == gamma ? "gamma" : "beta",
            "must be ["
                + d
                + "] for x "
                + Arrays.toString(s)
                + ", got "
                + Arrays.toString(p.shape()));
      }
    }
    double k = 1.0 / Math.max(1, d);
    Variable xc = x.sub(x.sum(true, -1).mul(k));
    Variable var = xc.square().sum(true, -1).mul(k);
    Variable y = xc.mul(var.add(eps).pow(-0.5));
    if (gamma != null) {
      y = y.mul(gamma);
    }
    if (beta != null) {
      y = y.add(beta);
    }
    return y;
  }
}
