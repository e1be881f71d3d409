package gradgraph.ops.math;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code √x}: {@code d/dx = 1 / (2√x)}, written with the output so it is differentiable again. */
public final class Sqrt extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Sqrt() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.SQRT);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.div(output().mul(2.0))};
  }

  @Override
  public String symbol() {
    return "√";
  }
}
