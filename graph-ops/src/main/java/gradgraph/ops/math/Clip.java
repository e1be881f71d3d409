package gradgraph.ops.math;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.ops.Constants;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;

/**
 * Clamps every element into {@code [lo, hi]}. The gradient passes where {@code lo ≤ x ≤ hi} (the
 * bounds included) and is 0 outside.
 */
public final class Clip extends Op {
  private final double lo;
  private final double hi;

  /**
   * Creates the op.
   *
   * @param lo the lower bound
   * @param hi the upper bound, at least {@code lo}
   * @throws IllegalArgumentException when {@code lo > hi} or a bound is NaN
   */
  public Clip(double lo, double hi) {
    Errors.check(lo <= hi, "clip", "lo", "must be <= hi, got lo=" + lo + ", hi=" + hi);
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.MAX_SCALAR, lo).map(UnaryOp.MIN_SCALAR, hi);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Tensor x = input(0).value();
    // mask = 1 − [x < lo] − [x > hi]
    Tensor outside = x.map(UnaryOp.LT_SCALAR, lo).add(x.map(UnaryOp.GT_SCALAR, hi));
    Tensor mask = outside.mul(-1.0).add(1.0);
    return new Variable[] {gy.mul(Variable.constant(mask))};
  }

  @Override
  public String attributes() {
    return "lo=" + Constants.format(lo) + ", hi=" + Constants.format(hi);
  }
}
