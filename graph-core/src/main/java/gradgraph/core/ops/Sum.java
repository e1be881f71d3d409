package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.ReduceOp;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/** Sum over axes (all when none are given), optionally keeping reduced axes as size 1. */
public final class Sum extends Op {
  private final int[] axes;
  private final boolean keepDims;
  private int[] inShape;

  /**
   * Creates the op.
   *
   * @param axes the axes; empty means all
   * @param keepDims whether reduced axes stay with size 1
   */
  public Sum(int[] axes, boolean keepDims) {
    this.axes = axes.clone();
    this.keepDims = keepDims;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    inShape = x[0].shape();
    return x[0].reduce(ReduceOp.SUM, keepDims, axes);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    int[] kept = Shapes.reduced(inShape, Shapes.axes("sum", axes, inShape.length), true);
    return new Variable[] {gy.reshape(kept).broadcastTo(inShape)};
  }

  @Override
  public String symbol() {
    return "Σ";
  }

  @Override
  public String attributes() {
    return axes.length == 0 ? "" : "axes=" + Arrays.toString(axes) + ", keepDims=" + keepDims;
  }
}
