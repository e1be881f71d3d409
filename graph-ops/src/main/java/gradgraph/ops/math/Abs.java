package gradgraph.ops.math;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/**
 * {@code |x|}: the gradient is {@code sign(x)}, with the subgradient 0 at {@code x = 0}. The sign
 * is a constant, so the second derivative is 0 (correct everywhere but at 0).
 */
public final class Abs extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Abs() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.ABS);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.mul(Variable.constant(input(0).value().map(UnaryOp.SIGN)))};
  }

  @Override
  public String symbol() {
    return "|x|";
  }
}
