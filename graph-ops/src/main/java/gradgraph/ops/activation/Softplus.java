package gradgraph.ops.activation;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code log(1 + e^x)}, computed without overflow: {@code d/dx = σ(x)}. */
public final class Softplus extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Softplus() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.SOFTPLUS);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.mul(new Sigmoid().apply(input(0)))};
  }

  @Override
  public String symbol() {
    return "softplus";
  }
}
