package gradgraph.ops.math;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.BinaryOp;
import gradgraph.core.tensor.Tensor;

/**
 * Elementwise {@code max(a, b)} with broadcasting. The gradient goes to the larger operand; on a
 * tie it is split evenly (½ each), which is a valid subgradient and what central differences
 * measure.
 */
public final class Maximum extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Maximum() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].zip(BinaryOp.MAXIMUM, x[1]);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Tensor[] masks = Maximum.split(input(0).value(), input(1).value(), BinaryOp.GT);
    return new Variable[] {
      gy.mul(Variable.constant(masks[0])), gy.mul(Variable.constant(masks[1]))
    };
  }

  /**
   * Masks for the winner of a comparison: {@code [a wins] + ½[a = b]} and {@code [b wins] + ½[a =
   * b]}.
   */
  static Tensor[] split(Tensor a, Tensor b, BinaryOp wins) {
    Tensor half = a.zip(BinaryOp.EQ, b).mul(0.5);
    return new Tensor[] {a.zip(wins, b).add(half), b.zip(wins, a).add(half)};
  }

  @Override
  public String symbol() {
    return "max";
  }
}
