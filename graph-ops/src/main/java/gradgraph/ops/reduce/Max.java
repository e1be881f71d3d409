package gradgraph.ops.reduce;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.ReduceOp;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * The maximum over axes (all when none are given), optionally keeping reduced axes as size 1. The
 * gradient goes to the arg-max element; when several elements tie for the maximum, each gets an
 * equal share ({@code 1/k} of the gradient for {@code k} winners), which is a valid subgradient and
 * what central differences measure. An empty reduced axis is an error.
 */
public final class Max extends Op {
  private final int[] axes;
  private final boolean keepDims;

  /**
   * Creates the op.
   *
   * @param keepDims whether reduced axes stay with size 1
   * @param axes the axes, negative counting from the end; none means all
   */
  public Max(boolean keepDims, int... axes) {
    this.axes = axes.clone();
    this.keepDims = keepDims;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return Extreme.forward("max", ReduceOp.MAX, x[0], axes, keepDims);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {Extreme.backward(input(0), output(), gy, axes)};
  }

  @Override
  public String symbol() {
    return "max";
  }

  @Override
  public String attributes() {
    return axes.length == 0 ? "" : "axes=" + Arrays.toString(axes) + ", keepDims=" + keepDims;
  }
}
