package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code -x}. */
public final class Neg extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Neg() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.NEG);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.neg()};
  }

  @Override
  public String symbol() {
    return "−x";
  }
}
