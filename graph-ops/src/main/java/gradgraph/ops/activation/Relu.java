package gradgraph.ops.activation;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/**
 * {@code max(x, 0)}. The gradient is {@code gy · [x > 0]}: the subgradient at {@code x = 0} is 0
 * (as in PyTorch and the book's mask {@code x <= 0}). The mask is a constant, so second derivatives
 * are 0.
 */
public final class Relu extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Relu() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.RELU);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new ReluGrad(input(0).value()).apply(gy)};
  }

  @Override
  public String symbol() {
    return "ReLU";
  }
}
