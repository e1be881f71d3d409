package gradgraph.ops.activation;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** Hyperbolic tangent: {@code d/dx = 1 − y²}. */
public final class Tanh extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Tanh() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.TANH);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable y = output();
    return new Variable[] {gy.mul(y.square().neg().add(1.0))};
  }

  @Override
  public String symbol() {
    return "tanh";
  }
}
