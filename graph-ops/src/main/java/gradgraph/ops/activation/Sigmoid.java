package gradgraph.ops.activation;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code σ(x) = 1 / (1 + e^−x)}, computed without overflow: {@code d/dx = y · (1 − y)}. */
public final class Sigmoid extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Sigmoid() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.SIGMOID);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable y = output();
    return new Variable[] {gy.mul(y).mul(y.neg().add(1.0))};
  }

  @Override
  public String symbol() {
    return "σ";
  }
}
