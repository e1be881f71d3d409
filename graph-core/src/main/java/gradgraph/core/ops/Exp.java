package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code e^x}: its derivative is its output. */
public final class Exp extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Exp() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.EXP);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.mul(output())};
  }

  @Override
  public String symbol() {
    return "exp";
  }
}
