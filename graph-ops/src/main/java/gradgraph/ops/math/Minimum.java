package gradgraph.ops.math;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.BinaryOp;
import gradgraph.core.tensor.Tensor;

/**
 * Elementwise {@code min(a, b)} with broadcasting. The gradient goes to the smaller operand; on a
 * tie it is split evenly (½ each).
 */
public final class Minimum extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Minimum() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].zip(BinaryOp.MINIMUM, x[1]);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    // a wins a minimum where b > a
    Tensor a = input(0).value();
    Tensor b = input(1).value();
    Tensor half = a.zip(BinaryOp.EQ, b).mul(0.5);
    Tensor ma = b.zip(BinaryOp.GT, a).add(half);
    Tensor mb = a.zip(BinaryOp.GT, b).add(half);
    return new Variable[] {gy.mul(Variable.constant(ma)), gy.mul(Variable.constant(mb))};
  }

  @Override
  public String symbol() {
    return "min";
  }
}
