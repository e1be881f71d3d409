package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code x²}: {@code d/dx = 2x}. */
public final class Square extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Square() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.SQUARE);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.mul(input(0).mul(2.0))};
  }

  @Override
  public String symbol() {
    return "x²";
  }
}
